package dev.calibrate.app.console;

import dev.calibrate.app.security.CallerTokens;
import dev.calibrate.app.security.ConsoleSignIn;
import dev.calibrate.app.security.SecurityConfiguration;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The console's sign-in page. Besides people's sign-in it takes an API token (input {@code token}),
 * for automation and tests: the session then acts with exactly that token's scopes, and ends when
 * the token is revoked. The admin token signs in to the platform admin screens only.
 */
@Controller
public class ConsoleSignInController {

    /** Longer than any token we issue, short enough that nobody pastes a document in. */
    static final int MAX_TOKEN_LENGTH = 200;

    private final CallerTokens callerTokens;
    private final ConsoleSignIn consoleSignIn;

    public ConsoleSignInController(CallerTokens callerTokens, ConsoleSignIn consoleSignIn) {
        this.callerTokens = callerTokens;
        this.consoleSignIn = consoleSignIn;
    }

    @GetMapping(SecurityConfiguration.CONSOLE_LOGIN)
    String page(@RequestParam(required = false) String signedOut, Model model) {
        model.addAttribute("signedOut", signedOut != null);
        return "console/login";
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
        return "console/login";
    }
}
