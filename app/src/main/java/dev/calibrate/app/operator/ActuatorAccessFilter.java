package dev.calibrate.app.operator;

import dev.calibrate.app.security.token.AdminToken;
import dev.calibrate.app.security.token.ApiTokens;
import dev.calibrate.app.security.token.BearerRequests;
import dev.calibrate.app.security.token.Operator;
import dev.calibrate.app.security.token.OperatorScope;
import dev.calibrate.app.security.token.OperatorTokens;
import dev.calibrate.app.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.security.Principal;
import java.util.Optional;
import java.util.Set;

/**
 * Guards {@code /actuator/**}. Load balancers call health, liveness and readiness without a token
 * and get the status alone ({@code show-details: when-authorized}); everything else there (health
 * details, which name every tenant's shops and sellers, metrics, Prometheus) needs an operator token
 * with the {@code metrics} scope. The admin token and tenant tokens are refused (403): a scraper
 * holding one of those would hold far more than it needs.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class ActuatorAccessFilter extends OncePerRequestFilter {

    /** Exact paths, so no other health component or group slips out unauthenticated. */
    private static final Set<String> PUBLIC = Set.of("/actuator/health", "/actuator/health/liveness",
            "/actuator/health/readiness");

    private final OperatorTokens operatorTokens;
    private final AdminToken adminToken;
    private final ApiTokens apiTokens;
    private final Problems problems;

    public ActuatorAccessFilter(OperatorTokens operatorTokens, AdminToken adminToken, ApiTokens apiTokens,
                                Problems problems) {
        this.operatorTokens = operatorTokens;
        this.adminToken = adminToken;
        this.apiTokens = apiTokens;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = BearerRequests.pathOf(request);
        return !(path.equals("/actuator") || path.startsWith("/actuator/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getHeader("Authorization") == null && PUBLIC.contains(BearerRequests.pathOf(request))) {
            chain.doFilter(request, response);
            return;
        }
        Optional<String> bearer = BearerRequests.token(request);
        if (bearer.isEmpty()) {
            unauthorized(response, "send an operator token as 'Authorization: Bearer <token>'; "
                    + "the admin creates one with POST /admin/v1/operator-tokens");
            return;
        }
        String token = bearer.get();
        Optional<Operator> operator = operatorTokens.authenticate(token);
        if (operator.isEmpty()) {
            if (adminToken.matches(token) || apiTokens.authenticate(token).succeeded()) {
                forbidden(response, "health details and metrics need an operator token, not the admin token or a "
                        + "tenant token; the admin creates one with POST /admin/v1/operator-tokens");
            } else {
                unauthorized(response, "not a valid operator token (unknown or revoked)");
            }
            return;
        }
        if (!operator.get().may(OperatorScope.METRICS)) {
            forbidden(response, "the operator token lacks the metrics scope");
            return;
        }
        chain.doFilter(new OperatorRequest(request, operator.get()), response);
    }

    private void unauthorized(HttpServletResponse response, String detail) throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer realm=\"calibrate-operator\"");
        problems.write(response, HttpStatus.UNAUTHORIZED, "unauthorized", detail);
    }

    private void forbidden(HttpServletResponse response, String detail) throws IOException {
        problems.write(response, HttpStatus.FORBIDDEN, "forbidden", detail);
    }

    /**
     * The request as the actuator sees it: its {@code when-authorized} checks ask the servlet request
     * for a principal and roles (there is no Spring Security here); the roles are the token's scopes.
     */
    private static final class OperatorRequest extends HttpServletRequestWrapper {

        private final Operator operator;

        OperatorRequest(HttpServletRequest request, Operator operator) {
            super(request);
            this.operator = operator;
        }

        @Override
        public Principal getUserPrincipal() {
            return operator;
        }

        @Override
        public String getRemoteUser() {
            return operator.getName();
        }

        @Override
        public boolean isUserInRole(String role) {
            return operator.scopes().stream().anyMatch(scope -> scope.wireName().equals(role));
        }
    }
}
