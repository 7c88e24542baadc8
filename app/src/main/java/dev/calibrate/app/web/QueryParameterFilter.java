package dev.calibrate.app.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Refuses a query parameter holding a control character, or a malformed percent-escape, with a 400
 * naming it before any handler sees it. PostgreSQL cannot compare text with U+0000, so
 * {@code ?sku=%00} reached the database as a search and failed there with a 500; no parameter of this
 * API has a use for a control character.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 15)
public class QueryParameterFilter extends OncePerRequestFilter {

    private final Problems problems;

    public QueryParameterFilter(Problems problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> refused = refusedParameter(request.getQueryString());
        if (refused.isPresent()) {
            problems.writeInvalid(response, refused.get(),
                    "must be percent-encoded UTF-8 text without control characters");
            return;
        }
        chain.doFilter(request, response);
    }

    /** The first parameter that cannot be taken, by its name (or "(query)" when the name itself is unusable). */
    static Optional<String> refusedParameter(String query) {
        if (query == null || query.isEmpty()) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = decoded(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decoded(pair.substring(equals + 1));
            if (name == null || hasControl(name)) {
                return Optional.of("(query)");
            }
            if (value == null || hasControl(value)) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    private static String decoded(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformedEscape) {
            return null;
        }
    }

    private static boolean hasControl(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }
}
