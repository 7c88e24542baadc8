package dev.calibrate.app.security.session;

import dev.calibrate.app.security.CallerAuthentication;
import dev.calibrate.app.security.people.PasswordSignIn;
import dev.calibrate.app.security.people.UserAccounts;
import dev.calibrate.app.security.token.ApiTokens;
import dev.calibrate.kernel.tenant.UserId;
import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.UUID;

/**
 * Re-derives a console session's caller on every request, so that a revoked token ends the session
 * on its next click rather than when the session times out. A person is read again on every request:
 * disabled or re-invited (a password reset) ends the session, changed roles apply at once.
 */
@Component
public class SessionCallers {

    private static final String USER_PREFIX = "user:";

    private final ApiTokens apiTokens;
    private final UserAccounts userAccounts;

    public SessionCallers(ApiTokens apiTokens, UserAccounts userAccounts) {
        this.apiTokens = apiTokens;
        this.userAccounts = userAccounts;
    }

    /** The caller the session may act as now; empty when it may no longer act at all. */
    public Optional<CallerAuthentication> refresh(CallerAuthentication signedIn) {
        return switch (signedIn.kind()) {
            case PLATFORM_ADMIN -> Optional.of(signedIn);
            case TOKEN -> apiTokens.isLive(UUID.fromString(signedIn.caller().actor().id()))
                    ? Optional.of(signedIn) : Optional.empty();
            case USER -> person(signedIn, true);
            case USER_SINGLE_SIGN_ON -> person(signedIn, false);
        };
    }

    /**
     * A person signed in with their password needs it still; one signed in through single sign-on never had
     * to set one. Either way a re-invitation or a disable since (the generation moved on) ends the session.
     */
    private Optional<CallerAuthentication> person(CallerAuthentication signedIn, boolean withPassword) {
        String actorId = signedIn.caller().actor().id();
        if (!actorId.startsWith(USER_PREFIX)) {
            return Optional.empty();
        }
        UserId userId = new UserId(UUID.fromString(actorId.substring(USER_PREFIX.length())));
        return userAccounts.byId(userId)
                .filter(user -> !user.disabled() && (!withPassword || user.passwordHash() != null)
                        && user.generation() == signedIn.credentialGeneration())
                .map(user -> PasswordSignIn.authentication(user, signedIn.kind()));
    }
}
