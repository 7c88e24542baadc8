package dev.calibrate.app.security.oidc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.web.client.RestClient;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The console's one OIDC client, read from the provider's discovery document on the first sign-in through it
 * rather than at startup, so that the server starts (and password sign-in works) while the provider is down.
 * Until the document is read, the sign-in answers "unavailable". Only one request at a time asks the provider,
 * within {@link OidcSettings#timeout()}; any other answers "unavailable" at once rather than wait for it, and
 * after a failure nobody asks again for {@link OidcSettings#retryAfter()}: a slow or dead provider costs one
 * request thread at a time, never all of them.
 */
final class DiscoveredRegistration implements ClientRegistrationRepository {

    static final String REGISTRATION_ID = "oidc";

    private static final Logger log = LoggerFactory.getLogger(DiscoveredRegistration.class);
    private static final ParameterizedTypeReference<Map<String, Object>> DOCUMENT = new ParameterizedTypeReference<>() {
    };

    private final OidcSettings settings;
    private final String redirectUri;
    private final RestClient provider;
    private final Clock clock;
    private final ReentrantLock discovering = new ReentrantLock();
    private volatile ClientRegistration registration;
    private volatile Instant retryAt = Instant.MIN;

    DiscoveredRegistration(OidcSettings settings, String redirectUri, ProviderCalls calls, Clock clock) {
        this.settings = settings;
        this.redirectUri = redirectUri;
        this.provider = calls.restClient();
        this.clock = clock;
    }

    @Override
    public ClientRegistration findByRegistrationId(String registrationId) {
        if (!REGISTRATION_ID.equals(registrationId)) {
            return null;
        }
        ClientRegistration known = registration;
        if (known != null || clock.instant().isBefore(retryAt) || !discovering.tryLock()) {
            return known;
        }
        try {
            if (registration == null && !clock.instant().isBefore(retryAt)) {
                registration = discover();
                if (registration == null) {
                    retryAt = clock.instant().plus(settings.retryAfter());
                }
            }
            return registration;
        } finally {
            discovering.unlock();
        }
    }

    private ClientRegistration discover() {
        String issuer = settings.issuerUri();
        try {
            Map<String, Object> document = provider.get()
                    .uri(withoutTrailingSlash(issuer) + "/.well-known/openid-configuration")
                    .retrieve().body(DOCUMENT);
            // as ClientRegistrations.fromOidcIssuerLocation checks: the document is the configured issuer's
            if (document == null || !issuer.equals(document.get("issuer"))) {
                throw new IllegalStateException("the discovery document names issuer "
                        + (document == null ? null : document.get("issuer")) + ", not " + issuer);
            }
            return ClientRegistrations.fromOidcConfiguration(document)
                    .registrationId(REGISTRATION_ID)
                    .clientId(settings.clientId())
                    .clientSecret(settings.clientSecret())
                    .clientName(settings.displayName())
                    .scope(settings.scopes())
                    .redirectUri(redirectUri)
                    // PKCE as well as the client secret: a code caught on its way back is worthless
                    .clientSettings(ClientRegistration.ClientSettings.builder().requireProofKey(true).build())
                    .build();
        } catch (RuntimeException e) {
            // the message says what went wrong (refused, timed out, a bad document); discovery sends no secret
            log.warn("single sign-on: the OIDC provider at {} could not be discovered ({}); sign-in through it is "
                    + "unavailable for {}, then asked again", issuer, e.toString(), settings.retryAfter());
            return null;
        }
    }

    private static String withoutTrailingSlash(String uri) {
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }
}
