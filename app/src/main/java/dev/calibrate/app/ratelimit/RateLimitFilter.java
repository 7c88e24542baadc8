package dev.calibrate.app.ratelimit;

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
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Spends a permit of the caller's and the tenant's bucket for every authenticated request (the API, the
 * admin API, GraphQL and the console), after Spring Security's chains have said who the caller is (their
 * filter runs at -100). Allowed: the response carries {@code RateLimit-Policy} and {@code RateLimit}
 * (draft-ietf-httpapi-ratelimit-headers-10). Refused: 429, {@code Retry-After} in seconds, a problem naming
 * the bucket that was empty (in the console, a short page saying when to come back). Unauthenticated requests (webhooks, sign-in, the OpenAPI document) and
 * {@code /actuator} (health checks and metric scrapes) spend nothing.
 */
@Component
@Order(0)
public class RateLimitFilter extends OncePerRequestFilter {

    private final RequestRateLimits limits;
    private final Problems problems;

    public RateLimitFilter(RequestRateLimits limits, Problems problems) {
        this.limits = limits;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !limits.enabled() || request.getServletPath().startsWith("/actuator");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<Caller> caller = CallerAuthentication.current();
        if (caller.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        EndpointClass endpoints = EndpointClass.of(request.getMethod(), request.getServletPath());
        List<RequestRateLimits.Spent> spent = limits.spend(caller.get(), endpoints);
        response.setHeader("RateLimit-Policy", spent.stream()
                .map(s -> "\"%s\";q=%d;w=%d".formatted(s.policy(), s.decision().limit().burst(),
                        s.decision().limit().windowSeconds()))
                .collect(Collectors.joining(", ")));
        response.setHeader("RateLimit", spent.stream()
                .map(s -> "\"%s\";r=%d;t=%d".formatted(s.policy(), s.decision().remaining(),
                        s.decision().resetSeconds()))
                .collect(Collectors.joining(", ")));
        Optional<RequestRateLimits.Spent> refused = spent.stream().filter(s -> !s.decision().allowed()).findFirst();
        if (refused.isPresent()) {
            if (request.getServletPath().startsWith("/console/")) {
                consolePage(response, refused.get().decision().resetSeconds());
            } else {
                tooManyRequests(response, refused.get(), endpoints);
            }
            return;
        }
        chain.doFilter(request, response);
    }

    private void tooManyRequests(HttpServletResponse response, RequestRateLimits.Spent refused,
                                 EndpointClass endpoints) throws IOException {
        ClusterRateLimiter.Decision decision = refused.decision();
        long seconds = decision.resetSeconds();
        Limit limit = decision.limit();
        String whose = refused.policy().startsWith("tenant") ? "this tenant's callers together" : "this caller";
        ProblemDetail problem = Problems.problem(HttpStatus.TOO_MANY_REQUESTS, "too-many-requests",
                "%s may send %s %s a second (bursts of %d); retry after %d s".formatted(whose,
                        format(limit.perSecond()), endpoints == EndpointClass.READ ? "reads" : "writes",
                        limit.burst(), seconds));
        problem.setProperty("policy", refused.policy());
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        problems.write(response, problem);
    }

    /** A browser shows a JSON problem as raw text: the console gets a short page saying when to come back. */
    private static void consolePage(HttpServletResponse response, long seconds) throws IOException {
        response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        response.setContentType("text/html;charset=UTF-8");
        response.getWriter().write("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Too many"
                + " requests</title></head><body><h1>Too many requests</h1><p>Your organisation has sent more"
                + " requests than it may for now. Try again in " + seconds + " s.</p></body></html>");
    }

    private static String format(double perSecond) {
        return perSecond == Math.rint(perSecond) ? Long.toString((long) perSecond) : Double.toString(perSecond);
    }
}
