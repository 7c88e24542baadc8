package dev.calibrate.app.messaging.axonserver;

import dev.calibrate.app.web.Problems;
import dev.calibrate.kernel.message.EventTableUnavailable;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Each {@link UnavailableFeature}'s paths answer a 503 problem naming the feature and the reason, instead of
 * an empty answer from PostgreSQL's event table (which holds nothing under this profile) or a failure; first
 * among the interceptors, so that a caller learns the feature is off before being told it lacks a scope for it.
 * The readers refuse as well ({@code EventTable}), which is what the console's pages (an HTML 503 page),
 * GraphQL and MCP meet.
 */
@Configuration(proxyBeanMethods = false)
@Profile("axonserver")
class UnavailableUnderAxonServer implements WebMvcConfigurer {

    static final String PROBLEM_TYPE = EventTableUnavailable.PROBLEM_TYPE;

    private final Problems problems;

    UnavailableUnderAxonServer(Problems problems) {
        this.problems = problems;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        for (UnavailableFeature feature : UnavailableFeature.values()) {
            registry.addInterceptor(new HandlerInterceptor() {
                @Override
                public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
                        throws Exception {
                    problems.write(response, HttpStatus.SERVICE_UNAVAILABLE, PROBLEM_TYPE, feature.detail());
                    return false;
                }
            }).addPathPatterns(feature.paths()).order(Ordered.HIGHEST_PRECEDENCE);
        }
    }
}
