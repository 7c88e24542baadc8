package dev.calibrate.app.security.session;

import dev.calibrate.app.security.CallerAuthentication;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.stereotype.Component;

/**
 * Starts a console session for someone who just proved who they are: a new session id (so an id
 * planted before signing in is worthless), the caller kept in the session, a new CSRF token.
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
        if (request.getSession(false) != null) {
            request.changeSessionId();
        } else {
            request.getSession(true);
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        consoleContexts.saveContext(context, request, response);
        consoleCsrfTokens.saveToken(null, request, response);
    }
}
