package dev.calibrate.app.web;

import dev.calibrate.kernel.tenant.Caller;

/** Lets the authentication filter record the caller on the current request context. */
public final class RequestContextAccess {

    private RequestContextAccess() {
    }

    public static void authenticated(Caller caller) {
        RequestContext.current().ifPresent(ctx -> RequestContext.set(ctx.withCaller(caller)));
    }
}
