package dev.calibrate.app.security.token;

import dev.calibrate.kernel.tenant.Caller;

/** The outcome of checking a bearer token: a caller, or why there is none (safe to show). */
public record Authentication(Caller caller, String failure) {

    static Authentication of(Caller caller) {
        return new Authentication(caller, null);
    }

    static Authentication failed(String why) {
        return new Authentication(null, why);
    }

    public boolean succeeded() {
        return caller != null;
    }
}
