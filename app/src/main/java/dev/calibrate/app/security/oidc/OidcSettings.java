package dev.calibrate.app.security.oidc;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Single sign-on to the console through an OIDC provider ({@code calibrate.oidc.*}, from the environment as
 * {@code CALIBRATE_OIDC_ISSUER_URI} and so on). Off while {@code issuerUri} is empty: no button, no bean, no call
 * to any provider.
 *
 * @param issuerUri    the provider's issuer; its {@code /.well-known/openid-configuration} is read on the first
 *                     sign-in through it
 * @param clientId     the console's client id at the provider
 * @param clientSecret its secret; never logged or shown ({@link #toString} leaves it out)
 * @param displayName  the provider as the sign-in page names it: "Sign in with {displayName}"
 * @param scopes       asked for at sign-in; {@code openid} is always among them, and {@code email} is needed for
 *                     a person's first sign-in, which finds them by their verified email
 * @param timeout      how long any call to the provider (discovery, the token endpoint, its keys) may take to
 *                     connect, and again to answer, before the sign-in says single sign-on is unavailable
 * @param retryAfter   how long a failed discovery is remembered: until then sign-ins through the provider answer
 *                     "unavailable" at once instead of asking it again
 */
@ConfigurationProperties("calibrate.oidc")
public record OidcSettings(@DefaultValue("") String issuerUri,
                           @DefaultValue("") String clientId,
                           @DefaultValue("") String clientSecret,
                           @DefaultValue("single sign-on") String displayName,
                           @DefaultValue({"openid", "email", "profile"}) List<String> scopes,
                           @DefaultValue("5s") Duration timeout,
                           @DefaultValue("30s") Duration retryAfter) {

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(30);

    public OidcSettings {
        issuerUri = issuerUri == null ? "" : issuerUri.strip();
        clientId = clientId == null ? "" : clientId.strip();
        clientSecret = clientSecret == null ? "" : clientSecret.strip();
        displayName = displayName == null || displayName.isBlank() ? "single sign-on" : displayName.strip();
        List<String> asked = new ArrayList<>(List.of("openid"));
        for (String scope : scopes == null ? List.<String>of() : scopes) {
            if (!scope.isBlank() && !asked.contains(scope.strip())) {
                asked.add(scope.strip());
            }
        }
        scopes = List.copyOf(asked);
        timeout = timeout == null || timeout.isNegative() || timeout.isZero() ? DEFAULT_TIMEOUT : timeout;
        retryAfter = retryAfter == null || retryAfter.isNegative() ? DEFAULT_RETRY_AFTER : retryAfter;
        if (!issuerUri.isEmpty() && (clientId.isEmpty() || clientSecret.isEmpty())) {
            throw new IllegalArgumentException("calibrate.oidc.issuer-uri is set, so calibrate.oidc.client-id and "
                    + "calibrate.oidc.client-secret (CALIBRATE_OIDC_CLIENT_ID, CALIBRATE_OIDC_CLIENT_SECRET) must be "
                    + "too");
        }
    }

    public boolean enabled() {
        return !issuerUri.isEmpty();
    }

    @Override
    public String toString() {
        return "OidcSettings[issuerUri=" + issuerUri + ", clientId=" + clientId + ", clientSecret="
                + (clientSecret.isEmpty() ? "" : "(set)") + ", displayName=" + displayName + ", scopes=" + scopes + ", timeout=" + timeout + ", retryAfter=" + retryAfter
                + "]";
    }
}
