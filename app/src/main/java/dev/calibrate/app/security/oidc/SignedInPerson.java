package dev.calibrate.app.security.oidc;

import dev.calibrate.app.security.CallerAuthentication;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;

/** The provider's user as Spring Security carries it from the token exchange to the success handler, with our person. */
final class SignedInPerson extends DefaultOidcUser {

    private final CallerAuthentication signedIn;

    SignedInPerson(OidcIdToken idToken, CallerAuthentication signedIn) {
        super(signedIn.getAuthorities(), idToken);
        this.signedIn = signedIn;
    }

    CallerAuthentication signedIn() {
        return signedIn;
    }
}
