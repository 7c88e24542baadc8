package dev.calibrate.app.security.oidc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;

/**
 * The console's one OIDC client, read from the provider's discovery document on the first sign-in through it
 * rather than at startup, so that the server starts (and password sign-in works) while the provider is down.
 * Until the document is read, the sign-in answers "unavailable" and the next one tries again.
 */
final class DiscoveredRegistration implements ClientRegistrationRepository {

    static final String REGISTRATION_ID = "oidc";

    private static final Logger log = LoggerFactory.getLogger(DiscoveredRegistration.class);

    private final OidcSettings settings;
    private final String redirectUri;
    private volatile ClientRegistration registration;

    DiscoveredRegistration(OidcSettings settings, String redirectUri) {
        this.settings = settings;
        this.redirectUri = redirectUri;
    }

    @Override
    public ClientRegistration findByRegistrationId(String registrationId) {
        if (!REGISTRATION_ID.equals(registrationId)) {
            return null;
        }
        ClientRegistration known = registration;
        if (known == null) {
            synchronized (this) {
                if (registration == null) {
                    registration = discover();
                }
                known = registration;
            }
        }
        return known;
    }

    private ClientRegistration discover() {
        try {
            return ClientRegistrations.fromOidcIssuerLocation(settings.issuerUri())
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
            // the exception's message may quote the provider's answer; its kind is enough to go on
            log.warn("single sign-on: the OIDC provider at {} could not be discovered ({}); sign-in through it is "
                    + "unavailable until it can", settings.issuerUri(), e.getClass().getSimpleName());
            return null;
        }
    }
}
