package dev.calibrate.app.feed;

import dev.calibrate.app.security.token.ApiTokens;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.query.feed.stream.StreamCredentials;
import org.springframework.stereotype.Component;

import java.util.UUID;

/**
 * An event stream is opened with a tenant's API token (the only bearer that reaches a tenant's feed):
 * it still may stream while the token is neither revoked nor expired and still has the scope.
 */
@Component
class TokenStreamCredentials implements StreamCredentials {

    private final ApiTokens apiTokens;

    TokenStreamCredentials(ApiTokens apiTokens) {
        this.apiTokens = apiTokens;
    }

    @Override
    public boolean stillAllow(Caller caller, Scope scope) {
        UUID tokenId;
        try {
            tokenId = UUID.fromString(caller.actor().id());
        } catch (IllegalArgumentException notAToken) {
            return false;
        }
        return apiTokens.liveScopes(tokenId).map(scopes -> scopes.contains(scope)).orElse(false);
    }
}
