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

    RequestContext withCaller(Caller caller) {
        return new RequestContext(requestId, caller);
    }
}
