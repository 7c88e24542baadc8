package dev.calibrate.app.concurrency;

import dev.calibrate.app.security.CallerAuthentication;
import dev.calibrate.app.web.Problems;
import dev.calibrate.kernel.tenant.Caller;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Optional;

/**
 * Serves a tenant's request only in one of the places {@link TenantRequestGate} keeps for its tenant, after
 * the rate limits have let it through ({@code RateLimitFilter} is order 0). Refused: 429 with
 * {@code Retry-After: 1} and a problem whose policy is {@code tenant-in-flight} (in the console, a short page).
 * The place is held until the request's first dispatch returns: a request that goes on asynchronously (an
 * event stream) gives it back once its handler has returned. The admin token acts for no tenant and
 * unauthenticated requests name none: neither waits here, nor do the console's assets and /actuator.
 */
@Component
@Order(1)
public class TenantRequestFilter extends OncePerRequestFilter {

    static final String POLICY = "tenant-in-flight";

    private final TenantRequestGate gate;
    private final Problems problems;

    public TenantRequestFilter(TenantRequestGate gate, Problems problems) {
        this.gate = gate;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // the console's stylesheets and scripts: a tenant's busy API must not leave its people a page unstyled
        return !gate.enabled() || request.getServletPath().startsWith("/actuator")
                || request.getServletPath().startsWith("/console/assets/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<Caller> caller = CallerAuthentication.current();
        if (caller.isEmpty() || caller.get().tenantId() == null) {
            chain.doFilter(request, response);
            return;
        }
        TenantRequestGate.Admission admission;
        try {
            admission = gate.enter(caller.get().tenantId());
        } catch (InterruptedException e) {
            // the server is stopping this thread: turn the request away, and keep the flag
            Thread.currentThread().interrupt();
            admission = new TenantRequestGate.Refused("this server is stopping; retry after 1 s");
        }
        if (admission instanceof TenantRequestGate.Place place) {
            try (place) {
                chain.doFilter(request, response);
            }
        } else if (admission instanceof TenantRequestGate.Refused refused) {
            refuse(request, response, refused.reason());
        }
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, String reason)
            throws IOException {
        response.setHeader(HttpHeaders.RETRY_AFTER, "1");
        if (request.getServletPath().startsWith("/console/")) {
            response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
            response.setContentType("text/html;charset=UTF-8");
            response.getWriter().write("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Too many"
                    + " requests</title></head><body><h1>Too many requests at once</h1><p>Your organisation has"
                    + " more requests under way than this server takes at once. Try again in a moment.</p>"
                    + "</body></html>");
            return;
        }
        ProblemDetail problem = Problems.problem(HttpStatus.TOO_MANY_REQUESTS, "too-many-requests", reason);
        problem.setProperty("policy", POLICY);
        problems.write(response, problem);
    }
}
