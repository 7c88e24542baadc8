package dev.calibrate.app.users;

import dev.calibrate.app.users.UsersApi.InvitedUser;
import dev.calibrate.app.users.UsersApi.UserInvite;
import dev.calibrate.app.users.UsersApi.UserPage;
import dev.calibrate.app.users.UsersApi.UserSummary;
import dev.calibrate.app.users.UsersApi.UserUpdate;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.message.Paging;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.kernel.tenant.UserId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.UUID;

/** The tenant's people: invite, list, change roles, disable and enable, re-invite. Needs the admin scope. */
@RestController
@RequestMapping(path = "/api/v1/users", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "People", description = "The tenant's people, who sign in to the console; their roles decide what they may do.")
public class UsersController {

    private final People people;
    private final UserDirectory directory;
    private final EventPositions positions;

    public UsersController(People people, UserDirectory directory, EventPositions positions) {
        this.people = people;
        this.directory = directory;
        this.positions = positions;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @RequiresScope(Scope.ADMIN)
    @Operation(operationId = "inviteUser", summary = "Invite a person",
            description = "Answers the one-time invitation link the person sets their password at; it is in this "
                    + "answer (and the mail, when mail is set up) and nowhere else. An email address is one person "
                    + "on the whole platform: one already in use, in this tenant or another, is a 409.")
    public ResponseEntity<InvitedUser> invite(@RequestBody UserInvite body, Caller caller) {
        InvitedUser invited = people.invite(caller, body.email(), body.name(), body.roles());
        return ResponseEntity.status(HttpStatus.CREATED).header(EventPositions.HEADER, Long.toString(positions.head()))
                .body(invited);
    }

    @GetMapping
    @RequiresScope(Scope.ADMIN)
    @Operation(operationId = "listUsers", summary = "The tenant's people, oldest invitation first")
    public UserPage list(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size,
                         Caller caller) {
        Paging paging = Paging.of(page, size);
        UserDirectory.Listed listed = directory.list(caller.tenantId(), paging);
        return new UserPage(listed.accounts().stream().map(UserSummary::of).toList(), paging.page(), paging.size(),
                listed.total());
    }

    @GetMapping("/{id}")
    @RequiresScope(Scope.ADMIN)
    @Operation(operationId = "getUser", summary = "One of the tenant's people")
    public UserSummary get(@PathVariable UUID id, Caller caller) {
        return people.get(caller, new UserId(id));
    }

    @PatchMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope(Scope.ADMIN)
    @Operation(operationId = "updateUser", summary = "Change a person's roles, or disable or enable them",
            description = "Takes effect on the person's next request: a disabled person's session ends, changed "
                    + "roles apply at once.")
    public ResponseEntity<UserSummary> update(@PathVariable UUID id, @RequestBody UserUpdate body, Caller caller) {
        UserId userId = new UserId(id);
        UserSummary user = people.get(caller, userId);
        if (body.roles() != null) {
            user = people.changeRoles(caller, userId, body.roles());
        }
        if (body.disabled() != null) {
            user = people.setDisabled(caller, userId, body.disabled());
        }
        return ResponseEntity.ok().header(EventPositions.HEADER, Long.toString(positions.head())).body(user);
    }

    @PostMapping("/{id}/invitation")
    @ResponseStatus(HttpStatus.CREATED)
    @RequiresScope(Scope.ADMIN)
    @Operation(operationId = "reinviteUser", summary = "Send a person a new invitation (a password reset)",
            description = "A new one-time link; the old link and the person's password stop working and their "
                    + "sessions end. A disabled person is enabled first (409 otherwise).")
    public ResponseEntity<InvitedUser> reinvite(@PathVariable UUID id, Caller caller) {
        InvitedUser invited = people.reinvite(caller, new UserId(id));
        return ResponseEntity.status(HttpStatus.CREATED).header(EventPositions.HEADER, Long.toString(positions.head()))
                .body(invited);
    }
}
