package dev.calibrate.app.security;

import dev.calibrate.app.web.Problems;
import dev.calibrate.app.web.RequestContext;
import dev.calibrate.kernel.tenant.Caller;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Optional;

/**
 * Authenticates {@code /api/**} (tenant tokens) and {@code /admin/**} (the bootstrap admin token).
 * No, malformed, unknown, expired or revoked token: 401. The wrong kind of token (an operator token
 * anywhere here): 403.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class BearerAuthFilter extends OncePerRequestFilter {

    public static final String CALLER_ATTRIBUTE = Caller.class.getName();

    private final ApiTokens apiTokens;
    private final AdminToken adminToken;
    private final OperatorTokens operatorTokens;
    private final Problems problems;

    public BearerAuthFilter(ApiTokens apiTokens, AdminToken adminToken, OperatorTokens operatorTokens,
                            Problems problems) {
        this.apiTokens = apiTokens;
        this.adminToken = adminToken;
        this.operatorTokens = operatorTokens;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = BearerRequests.pathOf(request);
        return !(path.startsWith("/api/") || path.startsWith("/admin/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> bearer = BearerRequests.token(request);
        if (bearer.isEmpty()) {
            unauthorized(response, "send an API token as 'Authorization: Bearer <token>'");
            return;
        }
        String token = bearer.get();
        boolean adminPath = BearerRequests.pathOf(request).startsWith("/admin/");
        Caller caller;
        if (adminToken.matches(token)) {
            caller = Caller.platformAdmin();
        } else if (operatorTokens.authenticate(token).isPresent()) {
            problems.write(response, HttpStatus.FORBIDDEN, "forbidden",
                    "an operator token only reads health details and metrics under /actuator");
            return;
        } else {
            Authentication auth = apiTokens.authenticate(token);
            if (!auth.succeeded()) {
                unauthorized(response, auth.failure());
                return;
            }
            caller = auth.caller();
        }
        if (adminPath && !caller.isPlatformAdmin()) {
            problems.write(response, HttpStatus.FORBIDDEN, "forbidden", "the admin API needs the admin token");
            return;
        }
        if (!adminPath && caller.isPlatformAdmin()) {
            problems.write(response, HttpStatus.FORBIDDEN, "forbidden",
                    "the admin token cannot act for a tenant; issue a tenant token with POST /admin/v1/tenants/{id}/tokens");
            return;
        }
        request.setAttribute(CALLER_ATTRIBUTE, caller);
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
