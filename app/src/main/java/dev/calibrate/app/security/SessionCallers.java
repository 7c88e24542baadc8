package dev.calibrate.app.security;

import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.UUID;

/**
 * Re-derives a console session's caller on every request, so that a revoked token ends the session
 * on its next click rather than when the session times out.
 */
@Component
public class SessionCallers {

    private final ApiTokens apiTokens;

    public SessionCallers(ApiTokens apiTokens) {
        this.apiTokens = apiTokens;
    }

    /** The caller the session may act as now; empty when it may no longer act at all. */
    public Optional<CallerAuthentication> refresh(CallerAuthentication signedIn) {
        return switch (signedIn.kind()) {
            case PLATFORM_ADMIN -> Optional.of(signedIn);
            case TOKEN -> apiTokens.isLive(UUID.fromString(signedIn.caller().actor().id()))
                    ? Optional.of(signedIn) : Optional.empty();
            // no person signs in yet: a session of one cannot exist
            case USER -> Optional.empty();
        };
    }
}
