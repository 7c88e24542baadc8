package dev.calibrate.app.security.oidc;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;

/** The provider proved who someone is, but that does not make them one of our people (see {@link OidcSignIn}). */
public final class SingleSignOnRefused extends OAuth2AuthenticationException {

    private final SingleSignOnRefusal refusal;

    public SingleSignOnRefused(SingleSignOnRefusal refusal) {
        super(new OAuth2Error("calibrate_" + refusal.code()), refusal.code());
        this.refusal = refusal;
    }

    public SingleSignOnRefusal refusal() {
        return refusal;
    }
}
