package dev.calibrate.app.security.session;

import dev.calibrate.app.security.CallerAuthentication;
import dev.calibrate.app.web.RequestContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.slf4j.MDC;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Optional;

/**
 * Checks a signed-in console session on every request: a session whose token was revoked, or whose
 * person was disabled, ends here and the request continues unauthenticated (to the sign-in page).
 * A session that may still act acts as the caller it is now, roles changed since included.
 */
public class ConsoleSessionFilter extends OncePerRequestFilter {

    private final SessionCallers sessionCallers;

    public ConsoleSessionFilter(SessionCallers sessionCallers) {
        this.sessionCallers = sessionCallers;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (SecurityContextHolder.getContext().getAuthentication() instanceof CallerAuthentication signedIn) {
            Optional<CallerAuthentication> now = sessionCallers.refresh(signedIn);
            if (now.isEmpty()) {
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
                SecurityContextHolder.clearContext();
            } else {
                SecurityContextHolder.getContext().setAuthentication(now.get());
                RequestContext.authenticated(now.get().caller());
                if (now.get().caller().tenantId() != null) {
                    MDC.put("tenantId", now.get().caller().tenantId().toString());
                }
            }
        }
        chain.doFilter(request, response);
    }
}
