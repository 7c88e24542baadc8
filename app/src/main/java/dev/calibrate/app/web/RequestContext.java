package dev.calibrate.app.web;

import dev.calibrate.kernel.tenant.Caller;

import java.util.Optional;

/** The request being served on this thread: its id and, once authenticated, its caller. */
public record RequestContext(String requestId, Caller caller) {

    private static final ThreadLocal<RequestContext> CURRENT = new ThreadLocal<>();

    public static Optional<RequestContext> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    static void set(RequestContext context) {
        CURRENT.set(context);
    }

    static void clear() {
        CURRENT.remove();
    }

    /** Records the authenticated caller on the current request's context. */
    public static void authenticated(Caller caller) {
        current().ifPresent(ctx -> set(new RequestContext(ctx.requestId(), caller)));
    }
}
