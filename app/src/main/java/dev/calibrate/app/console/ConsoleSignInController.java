package dev.calibrate.app.console;

import dev.calibrate.app.security.token.CallerTokens;
import dev.calibrate.app.security.session.ConsoleSignIn;
import dev.calibrate.app.security.people.PasswordSignIn;
import dev.calibrate.app.security.people.UserSettings;
import dev.calibrate.app.security.SecurityConfiguration;
import dev.calibrate.app.security.oidc.ConsoleSingleSignOn;
import dev.calibrate.app.security.oidc.OidcSettings;
import dev.calibrate.app.security.oidc.SingleSignOnRefusal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The console's sign-in page. People sign in with email and password: every refusal says the same
 * ({@link #WRONG}), locked accounts included, so the page never tells whether an address has an
 * account (see {@link PasswordSignIn}). Besides people's sign-in it takes an API token (input {@code token}),
 * for automation and tests: the session then acts with exactly that token's scopes, and ends when
 * the token is revoked. The admin token signs in to the platform admin screens only. When an OIDC provider
 * is configured the page also offers single sign-on ({@link ConsoleSingleSignOn}), whose refusals come back
 * here as {@code ?sso=<code>}.
 */
@Controller
public class ConsoleSignInController {

    /** Longer than any token we issue, short enough that nobody pastes a document in. */
    static final int MAX_TOKEN_LENGTH = 200;

    static final String WRONG = "Wrong email or password.";
    /** Longer than any address or password we accept; anything longer is refused without a hash check. */
    static final int MAX_FIELD_LENGTH = 256;

    private final CallerTokens callerTokens;
    private final ConsoleSignIn consoleSignIn;
    private final PasswordSignIn passwordSignIn;
    private final UserSettings userSettings;
    private final OidcSettings oidcSettings;

    public ConsoleSignInController(CallerTokens callerTokens, ConsoleSignIn consoleSignIn,
                                   PasswordSignIn passwordSignIn, UserSettings userSettings,
                                   OidcSettings oidcSettings) {
        this.callerTokens = callerTokens;
        this.consoleSignIn = consoleSignIn;
        this.passwordSignIn = passwordSignIn;
        this.userSettings = userSettings;
        this.oidcSettings = oidcSettings;
    }

    /** The sign-in page's single sign-on button, present only when an OIDC provider is configured. */
    public record SingleSignOnButton(String label, String href) {
    }

    @GetMapping(SecurityConfiguration.CONSOLE_LOGIN)
    String page(@RequestParam(required = false) String signedOut, @RequestParam(required = false) String activated,
                @RequestParam(required = false) String sso, Model model) {
        model.addAttribute("signedOut", signedOut != null);
        model.addAttribute("activated", activated != null);
        if (sso != null && oidcSettings.enabled()) {
            // only our own codes become a message; anything else in the address is not repeated
            SingleSignOnRefusal refusal = SingleSignOnRefusal.ofCode(sso).orElse(SingleSignOnRefusal.FAILED);
            model.addAttribute("ssoError", refusal.message());
        }
        return loginPage(model, "");
    }

    @PostMapping(SecurityConfiguration.CONSOLE_LOGIN)
    String withPassword(@RequestParam(defaultValue = "") String email, @RequestParam(defaultValue = "") String password,
                        Model model, HttpServletRequest request, HttpServletResponse response) {
        String address = email.strip();
        if (!address.isEmpty() && !password.isEmpty() && address.length() <= MAX_FIELD_LENGTH
                && password.length() <= MAX_FIELD_LENGTH) {
            var signedIn = passwordSignIn.signIn(address, password);
            if (signedIn.isPresent()) {
                consoleSignIn.signIn(signedIn.get(), request, response);
                return "redirect:/console";
            }
        }
        response.setStatus(HttpStatus.UNAUTHORIZED.value());
        model.addAttribute("passwordError", WRONG);
        model.addAttribute("signedOut", false);
        return loginPage(model, address.length() <= MAX_FIELD_LENGTH ? address : "");
    }

    @PostMapping(SecurityConfiguration.CONSOLE_LOGIN + "/token")
    String withToken(@RequestParam(defaultValue = "") String token, Model model,
                     HttpServletRequest request, HttpServletResponse response) {
        String presented = token.strip();
        String refusal;
        if (presented.isEmpty()) {
            refusal = "Paste an API token.";
        } else if (presented.length() > MAX_TOKEN_LENGTH || !presented.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            refusal = "That is not a Calibrate token.";
        } else {
            CallerTokens.Check check = callerTokens.check(presented);
            if (check.accepted()) {
                consoleSignIn.signIn(check.authentication(), request, response);
                return check.authentication().caller().isPlatformAdmin() ? "redirect:/console/admin" : "redirect:/console";
            }
            refusal = "That token does not sign in: " + check.reason() + ".";
        }
        response.setStatus(HttpStatus.UNAUTHORIZED.value());
        model.addAttribute("tokenError", refusal);
        model.addAttribute("signedOut", false);
        return loginPage(model, "");
    }

    private String loginPage(Model model, String email) {
        model.addAttribute("email", email);
        model.addAttribute("maxFailedSignIns", userSettings.maxFailedSignIns());
        model.addAttribute("lockoutMinutes", Math.max(1, userSettings.lockout().toMinutes()));
        model.addAttribute("singleSignOn", oidcSettings.enabled()
                ? new SingleSignOnButton("Sign in with " + oidcSettings.displayName(), ConsoleSingleSignOn.START)
                : null);
        return "console/login";
    }
}
