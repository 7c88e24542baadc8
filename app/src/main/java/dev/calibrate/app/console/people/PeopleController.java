package dev.calibrate.app.console.people;

import dev.calibrate.app.console.Me;
import dev.calibrate.app.security.people.UserAccounts;
import dev.calibrate.app.security.people.UserAccounts.EmailTaken;
import dev.calibrate.app.users.People;
import dev.calibrate.app.users.UsersApi.InvitedUser;
import dev.calibrate.app.users.UsersApi.UserPage;
import dev.calibrate.app.users.UsersApi.UserSummary;
import dev.calibrate.app.users.UsersController;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.error.NotFound;
import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.message.Paging;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.Role;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.kernel.tenant.UserId;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /console/users}, the People screen (admin scope): the tenant's people, an invitation form that
 * shows the new link once, and per person: change roles, disable or enable, invite again. It calls
 * what the people API calls ({@link UsersController}, {@link People}) with the signed-in caller.
 */
@Controller
public class PeopleController {

    static final int PAGE_SIZE = 50;

    /** The invitation form as typed, and the error next to the field it names. */
    public record InviteForm(String email, String name, List<String> roles, String field, String error) {
        static InviteForm blank() {
            return new InviteForm("", "", List.of(), null, null);
        }

        public String errorOn(String name) {
            return name.equals(field) ? error : null;
        }

        public boolean has(String role) {
            return roles.contains(role);
        }
    }

    /** A roles change refused, shown beside that person's form with what was ticked. */
    public record RolesError(UUID userId, List<String> roles, String error) {
    }

    /**
     * A person's row: the API's summary, their roles by name for the checkboxes, and whether they are linked to
     * an identity at the single sign-on provider (which a re-invitation removes).
     */
    public record PersonRow(UserSummary user, List<String> roles, boolean singleSignOn) {
        static PersonRow of(UserSummary user, Set<UserId> linked) {
            return new PersonRow(user, user.roles().stream().map(Role::wireName).toList(),
                    linked.contains(new UserId(user.id())));
        }
    }

    /** A link just made, shown once (it travels to the page after the redirect as a flash attribute). */
    public record NewLink(String email, String link, String expiresAt) {
    }

    private final UsersController api;
    private final People people;
    private final UserAccounts accounts;

    public PeopleController(UsersController api, People people, UserAccounts accounts) {
        this.api = api;
        this.people = people;
        this.accounts = accounts;
    }

    @GetMapping("/console/users")
    String list(@ModelAttribute("me") Me me, @RequestParam(defaultValue = "0") int page, Model model) {
        Caller caller = me.require(Scope.ADMIN);
        if (!model.containsAttribute("invite")) {
            model.addAttribute("invite", InviteForm.blank());
        }
        return page(caller, page, model);
    }

    @PostMapping("/console/users")
    String invite(@ModelAttribute("me") Me me, @RequestParam(defaultValue = "") String email,
                  @RequestParam(defaultValue = "") String name,
                  @RequestParam(name = "roles", required = false) List<String> roles,
                  Model model, RedirectAttributes redirect, HttpServletResponse response) {
        Caller caller = me.require(Scope.ADMIN);
        List<String> ticked = roles == null ? List.of() : roles;
        try {
            InvitedUser invited = people.invite(caller, email.strip(), name, parse(ticked));
            redirect.addFlashAttribute("newLink", new NewLink(invited.user().email(), invited.invitationLink(),
                    invited.invitationExpiresAt().toString()));
            return "redirect:/console/users";
        } catch (InvalidInput e) {
            return inviteRefused(caller, new InviteForm(email, name, ticked, e.field(), e.reason()), model, response);
        } catch (EmailTaken e) {
            return inviteRefused(caller, new InviteForm(email, name, ticked, "email",
                    "This address already belongs to someone: an email address is one person on the whole platform."),
                    model, response);
        }
    }

    @PostMapping("/console/users/{id}/roles")
    String changeRoles(@ModelAttribute("me") Me me, @PathVariable UUID id,
                       @RequestParam(name = "roles", required = false) List<String> roles, Model model,
                       HttpServletResponse response) {
        Caller caller = me.require(Scope.ADMIN);
        List<String> ticked = roles == null ? List.of() : roles;
        try {
            people.changeRoles(caller, new UserId(id), parse(ticked));
            return "redirect:/console/users";
        } catch (InvalidInput e) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("invite", InviteForm.blank());
            model.addAttribute("rolesError", new RolesError(id, ticked,
                    ticked.isEmpty() ? "Tick at least one role." : e.reason()));
            return page(caller, 0, model);
        }
    }

    @PostMapping("/console/users/{id}/disable")
    String disable(@ModelAttribute("me") Me me, @PathVariable UUID id) {
        people.setDisabled(me.require(Scope.ADMIN), new UserId(id), true);
        return "redirect:/console/users";
    }

    @PostMapping("/console/users/{id}/enable")
    String enable(@ModelAttribute("me") Me me, @PathVariable UUID id) {
        people.setDisabled(me.require(Scope.ADMIN), new UserId(id), false);
        return "redirect:/console/users";
    }

    @PostMapping("/console/users/{id}/invitation")
    String reinvite(@ModelAttribute("me") Me me, @PathVariable UUID id, RedirectAttributes redirect) {
        InvitedUser invited = people.reinvite(me.require(Scope.ADMIN), new UserId(id));
        redirect.addFlashAttribute("newLink", new NewLink(invited.user().email(), invited.invitationLink(),
                invited.invitationExpiresAt().toString()));
        return "redirect:/console/users";
    }

    /** Another tenant's person, or nobody: the same page either way. */
    @ExceptionHandler(NotFound.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound(Model model) {
        model.addAttribute("heading", "Not found");
        model.addAttribute("message", "There is no such person in your team.");
        return "console/error";
    }

    /** Re-inviting a disabled person (enable them first: 409), or another refusal the domain explains. */
    @ExceptionHandler(Rejection.class)
    String refused(Rejection e, Model model, HttpServletResponse response) {
        response.setStatus(e.kind() == Rejection.Kind.CONFLICT ? HttpStatus.CONFLICT.value()
                : HttpStatus.BAD_REQUEST.value());
        model.addAttribute("heading", "Not possible");
        model.addAttribute("message", "That cannot be done: " + e.getMessage() + ".");
        return "console/error";
    }

    private String inviteRefused(Caller caller, InviteForm form, Model model, HttpServletResponse response) {
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        model.addAttribute("invite", form);
        return page(caller, 0, model);
    }

    private String page(Caller caller, int page, Model model) {
        // a page past the last one the API pages to shows the last one it does, not an error
        int shown = Math.min(Math.max(0, page), (int) (Paging.MAX_OFFSET / PAGE_SIZE));
        UserPage users = api.list(shown, PAGE_SIZE, caller);
        model.addAttribute("users", users);
        // only the people the tenant-scoped page above shows are looked up
        Set<UserId> linked = accounts.linkedToSignOn(users.items().stream().map(u -> new UserId(u.id())).toList());
        model.addAttribute("rows", users.items().stream().map(u -> PersonRow.of(u, linked)).toList());
        model.addAttribute("allRoles", Arrays.stream(Role.values()).map(Role::wireName).toList());
        model.addAttribute("hasNext", (long) (users.page() + 1) * users.size() < users.total());
        return "console/users";
    }

    /** Unknown role names from a forged form are the same field error as none. */
    private static List<Role> parse(List<String> roles) {
        List<Role> parsed = new ArrayList<>();
        for (String role : roles) {
            parsed.add(Role.fromWireName(role));
        }
        return parsed;
    }
}
