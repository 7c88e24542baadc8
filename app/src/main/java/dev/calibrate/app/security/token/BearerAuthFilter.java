package dev.calibrate.app.security.token;

import dev.calibrate.app.security.CallerAuthentication;
import dev.calibrate.app.security.SecurityConfiguration;
import dev.calibrate.app.web.Problems;
import dev.calibrate.app.web.RequestContext;
import dev.calibrate.kernel.tenant.Caller;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Optional;

/**
 * Authenticates {@code /api/**} (tenant tokens) and {@code /admin/**} (the bootstrap admin token),
 * inside the API's security filter chain ({@link SecurityConfiguration}), which only sends it those
 * paths. No, malformed, unknown, expired or revoked token: 401. The wrong kind of token (an operator
 * token anywhere here): 403.
 */
public class BearerAuthFilter extends OncePerRequestFilter {

    private final CallerTokens callerTokens;
    private final Problems problems;

    public BearerAuthFilter(CallerTokens callerTokens, Problems problems) {
        this.callerTokens = callerTokens;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> bearer = BearerRequests.token(request);
        if (bearer.isEmpty()) {
            unauthorized(response, "send an API token as 'Authorization: Bearer <token>'");
            return;
        }
        boolean adminPath = BearerRequests.pathOf(request).startsWith("/admin/");
        CallerTokens.Check check = callerTokens.check(bearer.get());
        if (!check.accepted()) {
            if (check.status() == HttpStatus.UNAUTHORIZED) {
                unauthorized(response, check.reason());
            } else {
                problems.write(response, check.status(), "forbidden", check.reason());
            }
            return;
        }
        CallerAuthentication authentication = check.authentication();
        Caller caller = authentication.caller();
        if (adminPath && !caller.isPlatformAdmin()) {
            problems.write(response, HttpStatus.FORBIDDEN, "forbidden", "the admin API needs the admin token");
            return;
        }
        if (!adminPath && caller.isPlatformAdmin()) {
            problems.write(response, HttpStatus.FORBIDDEN, "forbidden",
                    "the admin token cannot act for a tenant; issue a tenant token with POST /admin/v1/tenants/{id}/tokens");
            return;
        }
        SecurityContextHolder.getContext().setAuthentication(authentication);
        RequestContext.authenticated(caller);
        if (caller.tenantId() != null) {
            MDC.put("tenantId", caller.tenantId().toString());
        }
        chain.doFilter(request, response);
    }

    private void unauthorized(HttpServletResponse response, String detail) throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer realm=\"calibrate\"");
        problems.write(response, HttpStatus.UNAUTHORIZED, "unauthorized", detail);
    }
}
