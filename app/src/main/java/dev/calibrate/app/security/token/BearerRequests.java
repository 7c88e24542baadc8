package dev.calibrate.app.security.token;

import jakarta.servlet.http.HttpServletRequest;

import java.util.Optional;

/** What the authentication filters read from a request, read one way for all of them. */
public final class BearerRequests {

    private BearerRequests() {
    }

    /**
     * The path as the container decoded and normalised it, without {@code ;parameters}: the path
     * Spring MVC routes on. The raw request URI is not: {@code /admin;x=1/v1/tenants} or
     * {@code /%61dmin/v1/tenants} reach the admin API but do not start with {@code /admin/}.
     */
    public static String pathOf(HttpServletRequest request) {
        String pathInfo = request.getPathInfo();
        return pathInfo == null ? request.getServletPath() : request.getServletPath() + pathInfo;
    }

    /** The token of an {@code Authorization: Bearer <token>} header; empty without one or when malformed. */
    public static Optional<String> token(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            return Optional.empty();
        }
        return Optional.of(header.substring(7).trim());
    }
}
