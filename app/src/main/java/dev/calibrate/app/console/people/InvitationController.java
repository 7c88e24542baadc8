package dev.calibrate.app.console.people;

import dev.calibrate.app.security.people.UserAccounts;
import dev.calibrate.app.security.people.UserAccounts.Invitation;
import dev.calibrate.app.web.RequestContext;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.TenantMessages.ActivateUser;
import jakarta.servlet.http.HttpServletResponse;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /console/invitations/{secret}}, open without signing in: the invited person sets a password,
 * which uses the link up, and then signs in. An unknown, used, replaced or expired link all answer the
 * same 404 page. The page's address holds the secret, so it is sent with no Referer to anywhere.
 */
@Controller
public class InvitationController {

    static final int MIN_PASSWORD = 12;
    /** bcrypt reads no more than 72 bytes of a password, and Spring's refuses longer ones. */
    static final int MAX_PASSWORD = 72;

    /** What the invitation page shows and, after a refusal, the error next to the field it names. */
    public record InvitationForm(String email, String name, String passwordError, String confirmError) {
    }

    private final UserAccounts accounts;
    private final PasswordEncoder passwords;
    private final CommandGateway commands;
    private final TransactionTemplate transaction;

    public InvitationController(UserAccounts accounts, PasswordEncoder passwords, CommandGateway commands,
                                TransactionTemplate transaction) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.commands = commands;
        this.transaction = transaction;
    }

    @GetMapping("/console/invitations/{secret}")
    String page(@PathVariable String secret, Model model, HttpServletResponse response) {
        response.setHeader("Referrer-Policy", "no-referrer");
        Optional<Invitation> invitation = accounts.invitation(secret);
        if (invitation.isEmpty()) {
            return unusable(model, response);
        }
        model.addAttribute("secret", secret);
        model.addAttribute("form", new InvitationForm(invitation.get().email(), invitation.get().name(), null, null));
        return "console/invitation";
    }

    @PostMapping("/console/invitations/{secret}")
    String setPassword(@PathVariable String secret, @RequestParam(defaultValue = "") String password,
                       @RequestParam(defaultValue = "") String confirm, Model model, HttpServletResponse response) {
        response.setHeader("Referrer-Policy", "no-referrer");
        Optional<Invitation> found = accounts.invitation(secret);
        if (found.isEmpty()) {
            return unusable(model, response);
        }
        Invitation invitation = found.get();
        String passwordError = passwordProblem(password, invitation.email());
        String confirmError = passwordError == null && !password.equals(confirm)
                ? "Type the same password twice." : null;
        if (passwordError != null || confirmError != null) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("secret", secret);
            model.addAttribute("form", new InvitationForm(invitation.email(), invitation.name(), passwordError,
                    confirmError));
            return "console/invitation";
        }
        String hash = passwords.encode(password);
        // the event names the person who set their password as its actor
        RequestContext.authenticated(new Caller(invitation.tenantId(),
                invitation.userId().actor(invitation.email()), Set.of()));
        boolean activated = Boolean.TRUE.equals(transaction.execute(tx -> {
            // the link is checked again as it is used up: a re-invitation or a second submit since loses
            if (!accounts.storeActivated(invitation.userId(), secret, hash)) {
                return false;
            }
            commands.sendAndWait(new ActivateUser(invitation.tenantId(), invitation.userId()));
            return true;
        }));
        if (!activated) {
            return unusable(model, response);
        }
        return "redirect:/console/login?activated";
    }

    /** Null when the password may be used; otherwise what is wrong with it. */
    static String passwordProblem(String password, String email) {
        if (password.length() < MIN_PASSWORD) {
            return "Use at least " + MIN_PASSWORD + " characters.";
        }
        if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PASSWORD) {
            return "Use at most " + MAX_PASSWORD + " bytes (" + MAX_PASSWORD
                    + " letters of the Latin alphabet; other scripts take two to four bytes a letter).";
        }
        if (password.strip().toLowerCase(Locale.ROOT).equals(email.strip().toLowerCase(Locale.ROOT))) {
            return "Your password must not be your email address.";
        }
        return null;
    }

    private static String unusable(Model model, HttpServletResponse response) {
        response.setStatus(HttpStatus.NOT_FOUND.value());
        model.addAttribute("heading", "Invitation not valid");
        model.addAttribute("message", "This invitation link cannot be used: it was used already, replaced by a newer "
                + "one, or it expired. Ask your admin to invite you again.");
        return "console/error";
    }
}
