package dev.calibrate.app.users;

import dev.calibrate.app.security.people.UserAccounts.Account;
import dev.calibrate.kernel.tenant.Role;
import dev.calibrate.schemas.RequestSchema;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/** The bodies the people API takes and answers; requests are validated against their JSON Schemas first. */
public final class UsersApi {

    private UsersApi() {
    }

    /** {@code roles}: a person's permissions are the union of their roles' scopes (see docs/console.md). */
    @RequestSchema("UserInvite")
    public record UserInvite(String email, String name, List<Role> roles) {
    }

    /** What is left out (or null) stays as it is. */
    @RequestSchema("UserUpdate")
    public record UserUpdate(@Nullable List<Role> roles, @Nullable Boolean disabled) {
    }

    /** INVITED: has not set a password (yet, or since a re-invitation); ACTIVE: can sign in; DISABLED: cannot. */
    public enum UserState { INVITED, ACTIVE, DISABLED }

    /** A person as their tenant's admins see them: never a password, hash or invitation link. */
    public record UserSummary(@Schema(example = "7d3f9a2c-1b4e-4c8a-9f60-2e5d7b1a3c94") UUID id,
                              @Schema(example = "alice@acme.example") String email, String name,
                              List<Role> roles, UserState state, Instant invitedAt,
                              @Nullable Instant activatedAt) {

        static UserSummary of(Account account) {
            UserState state = account.disabled() ? UserState.DISABLED
                    : account.activatedAt() != null ? UserState.ACTIVE : UserState.INVITED;
            return new UserSummary(account.id().value(), account.email(), account.name(),
                    account.roles().stream().sorted(Comparator.naturalOrder()).toList(), state, account.invitedAt(),
                    account.activatedAt());
        }
    }

    /** 201 body of an invitation: the link is here and nowhere else, ever (it is also mailed when mail is set up). */
    public record InvitedUser(UserSummary user,
                              @Schema(description = "the one-time link the person sets their password at; "
                                      + "absolute when calibrate.users.public-url is set")
                              String invitationLink, Instant invitationExpiresAt) {
    }

    public record UserPage(List<UserSummary> items, int page, int size, long total) {
    }
}
