package dev.calibrate.app.security.session;

import dev.calibrate.app.security.CallerAuthentication;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.stereotype.Component;

/**
 * Starts a console session for someone who just proved who they are: a new session (so an id
 * planted before signing in is worthless, and nothing of an earlier sign-in carries over), the
 * caller kept in it, a new CSRF token.
 */
@Component
public class ConsoleSignIn {

    private final SecurityContextRepository consoleContexts;
    private final CsrfTokenRepository consoleCsrfTokens;

    public ConsoleSignIn(SecurityContextRepository consoleContexts, CsrfTokenRepository consoleCsrfTokens) {
        this.consoleContexts = consoleContexts;
        this.consoleCsrfTokens = consoleCsrfTokens;
    }

    public void signIn(CallerAuthentication authentication, HttpServletRequest request, HttpServletResponse response) {
        // a new session, not only a new id: nothing of whoever signed in before on this browser stays
        HttpSession before = request.getSession(false);
        if (before != null) {
            before.invalidate();
        }
        request.getSession(true);
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        consoleContexts.saveContext(context, request, response);
        consoleCsrfTokens.saveToken(null, request, response);
    }
}
