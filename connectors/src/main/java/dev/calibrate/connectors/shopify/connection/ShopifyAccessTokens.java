package dev.calibrate.connectors.shopify.connection;

import dev.calibrate.connectors.shopify.api.ShopifyException;
import dev.calibrate.connectors.shopify.api.ShopifyGraphQl.ShopAccess;
import dev.calibrate.kernel.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The token to call a tenant's shop with. OAuth installs get expiring offline tokens: one that expires
 * within {@link #REFRESH_AHEAD} is refreshed first (and the new pair stored sealed); a refresh that
 * Shopify refuses marks the connection TOKEN_INVALID with the reason.
 */
@Component
public class ShopifyAccessTokens {

    private static final Logger log = LoggerFactory.getLogger(ShopifyAccessTokens.class);
    static final Duration REFRESH_AHEAD = Duration.ofMinutes(5);

    private final ShopifyConnections connections;
    private final OAuthTokens oauth;
    private final Clock clock;

    public ShopifyAccessTokens(ShopifyConnections connections, OAuthTokens oauth, Optional<Clock> clock) {
        this.connections = connections;
        this.oauth = oauth;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /** Access to the tenant's shop, refreshed when due; empty when no shop is connected. */
    public Optional<ShopAccess> access(TenantId tenantId) {
        return connections.find(tenantId).map(this::access);
    }

    public ShopAccess access(ShopConnection connection) {
        if (connection.kind() == ShopConnection.Kind.OAUTH && connection.accessExpiresAt() != null
                && connection.accessExpiresAt().isBefore(clock.instant().plus(REFRESH_AHEAD))) {
            return refresh(connection);
        }
        return new ShopAccess(connection.shop(), connections.accessToken(connection.tenantId()));
    }

    /**
     * Refreshes an OAuth connection's token now (e.g. after Shopify answered 401). One refresh at a time
     * per server; a token another thread refreshed meanwhile is used as it is.
     */
    public synchronized ShopAccess refresh(ShopConnection connection) {
        ShopConnection current = connections.find(connection.tenantId()).orElse(connection);
        if (current.accessExpiresAt() != null && connection.accessExpiresAt() != null
                && current.accessExpiresAt().isAfter(connection.accessExpiresAt())
                && current.accessExpiresAt().isAfter(clock.instant().plus(REFRESH_AHEAD))) {
            return new ShopAccess(current.shop(), connections.accessToken(current.tenantId()));
        }
        String refreshToken = connections.refreshToken(current.tenantId());
        if (refreshToken == null) {
            throw new ShopifyException(ShopifyException.Kind.UNAUTHORIZED, "the access token for " + current.shop()
                    + " expired and there is no refresh token; install the app again");
        }
        try {
            ShopifyConnections.Credentials renewed = oauth.refresh(current.shop(), refreshToken);
            connections.renewTokens(current.tenantId(), renewed);
            log.info("Refreshed the Shopify access token of {}", current.shop());
            return new ShopAccess(current.shop(), renewed.accessToken());
        } catch (OAuthTokens.TokenRequestFailed e) {
            if (e.refused()) {
                connections.status(current.tenantId(), ShopConnection.Status.TOKEN_INVALID, e.getMessage());
                throw new ShopifyException(ShopifyException.Kind.UNAUTHORIZED, e.getMessage());
            }
            throw new ShopifyException(ShopifyException.Kind.UNAVAILABLE, e.getMessage());
        }
    }
}
