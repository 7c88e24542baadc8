package dev.calibrate.connectors.shopify;

import dev.calibrate.connectors.secrets.SecretBox;
import dev.calibrate.connectors.shopify.ShopifyGraphQl.ShopAccess;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantMessages.CreateTenant;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.util.UriComponentsBuilder;

import java.net.URI;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Installing the public app through Shopify's OAuth: the install request (signed by Shopify) is
 * answered with a redirect to the shop's consent screen carrying a single-use {@code state}; the
 * callback (signed too) must present that state, and its code is exchanged for an expiring offline
 * token. The shop goes to the tenant that asked for the install link, or to the tenant it was
 * connected to before, or else to a new tenant named after the shop.
 */
@Service
public class ShopifyOAuth {

    private static final Logger log = LoggerFactory.getLogger(ShopifyOAuth.class);
    static final Duration STATE_LIFETIME = Duration.ofMinutes(10);
    /** How far a signed request's timestamp may be from now: Shopify's requests arrive within seconds. */
    static final Duration TIMESTAMP_TOLERANCE = Duration.ofHours(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ShopifySettings settings;
    private final JdbcTemplate jdbc;
    private final OAuthTokens tokens;
    private final ShopifyConnector connector;
    private final ShopifyConnections connections;
    private final SecretBox secrets;
    private final CommandGateway commands;
    private final Clock clock;

    public ShopifyOAuth(ShopifySettings settings, JdbcTemplate jdbc, OAuthTokens tokens, ShopifyConnector connector,
                        ShopifyConnections connections, SecretBox secrets, CommandGateway commands,
                        Optional<Clock> clock) {
        this.settings = settings;
        this.jdbc = jdbc;
        this.tokens = tokens;
        this.connector = connector;
        this.connections = connections;
        this.secrets = secrets;
        this.commands = commands;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    public record Installed(TenantId tenantId, String shop, boolean newTenant) {
    }

    /** Shopify's install request: verified, answered with where to send the merchant's browser. */
    public URI install(Map<String, String> query) {
        requireReady();
        String shop = ShopifyConnector.normalizedShop(query.get("shop"));
        verifySigned(query);
        return authorizeUrl(shop, null);
    }

    /** An install link for a tenant that wants to connect {@code shop} through the public app. */
    public URI installLink(TenantId tenantId, String shop) {
        requireReady();
        return authorizeUrl(ShopifyConnector.normalizedShop(shop), tenantId);
    }

    /** Shopify's redirect back after consent: verified, state consumed, code exchanged, shop connected. */
    public Installed callback(Map<String, String> query) {
        requireReady();
        String shop = ShopifyConnector.normalizedShop(query.get("shop"));
        verifySigned(query);
        String code = query.get("code");
        if (code == null || code.isBlank()) {
            throw new InvalidInput("code", "is missing");
        }
        Optional<TenantId> boundTenant = consumeState(query.get("state"), shop);
        ShopifyConnections.Credentials credentials;
        try {
            credentials = tokens.exchange(shop, code);
        } catch (OAuthTokens.TokenRequestFailed e) {
            throw new ErrorResponseException(e.refused() ? HttpStatus.BAD_REQUEST : HttpStatus.BAD_GATEWAY,
                    ShopifyConnector.problem(e.refused() ? HttpStatus.BAD_REQUEST : HttpStatus.BAD_GATEWAY, e.getMessage()), null);
        }
        TenantId tenantId = boundTenant.or(() -> connections.findByShop(shop).map(ShopifyConnection::tenantId)).orElse(null);
        boolean newTenant = tenantId == null;
        if (newTenant) {
            ShopifyConnector.ShopInfo info = connector.verify(new ShopAccess(shop, credentials.accessToken()));
            tenantId = TenantId.random();
            commands.sendAndWait(new CreateTenant(tenantId, info.name().isBlank() ? shop : info.name(), info.currency()));
        }
        connector.connect(tenantId, shop, ShopifyConnection.Kind.OAUTH, credentials);
        log.info("Shopify app installed for {} (tenant {}{})", shop, tenantId, newTenant ? ", new" : "");
        return new Installed(tenantId, shop, newTenant);
    }

    private URI authorizeUrl(String shop, TenantId tenantId) {
        byte[] nonce = new byte[32];
        RANDOM.nextBytes(nonce);
        String state = Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
        Instant now = clock.instant();
        jdbc.update("DELETE FROM shopify_oauth_state WHERE created_at < ?", Timestamp.from(now.minus(STATE_LIFETIME)));
        jdbc.update("INSERT INTO shopify_oauth_state (state, shop, tenant_id, created_at) VALUES (?, ?, ?, ?)",
                state, shop, tenantId == null ? null : tenantId.value(), Timestamp.from(now));
        return UriComponentsBuilder.fromUri(settings.shopUrl(shop)).path("/admin/oauth/authorize")
                .queryParam("client_id", settings.clientId())
                .queryParam("scope", settings.scopes())
                .queryParam("redirect_uri", callbackUrl())
                .queryParam("state", state)
                .encode().build().toUri();
    }

    /** Single use: the row is deleted as it is read, so a replayed callback finds nothing. */
    private Optional<TenantId> consumeState(String state, String shop) {
        if (state == null || state.isBlank()) {
            throw new OAuthRefused("the callback has no state");
        }
        List<Map<String, Object>> rows = jdbc.queryForList(
                "DELETE FROM shopify_oauth_state WHERE state = ? AND created_at >= ? RETURNING shop, tenant_id",
                state, Timestamp.from(clock.instant().minus(STATE_LIFETIME)));
        if (rows.isEmpty()) {
            throw new OAuthRefused("the state is unknown, already used or expired; start the install again");
        }
        if (!shop.equals(rows.get(0).get("shop"))) {
            throw new OAuthRefused("the state was issued for another shop");
        }
        Object tenant = rows.get(0).get("tenant_id");
        return tenant == null ? Optional.empty() : Optional.of(new TenantId((UUID) tenant));
    }

    private void verifySigned(Map<String, String> query) {
        if (!QuerySignature.verify(query, settings.clientSecret())) {
            throw new OAuthRefused("the request's hmac does not verify");
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(query.getOrDefault("timestamp", ""));
        } catch (NumberFormatException e) {
            throw new OAuthRefused("the request has no valid timestamp");
        }
        if (Duration.between(Instant.ofEpochSecond(timestamp), clock.instant()).abs().compareTo(TIMESTAMP_TOLERANCE) > 0) {
            throw new OAuthRefused("the request's timestamp is too old (or in the future)");
        }
    }

    private void requireReady() {
        if (!settings.publicAppConfigured() || !settings.subscribesWebhooks()) {
            throw new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE, ShopifyConnector.problem(
                    HttpStatus.SERVICE_UNAVAILABLE, "Shopify app installs need CALIBRATE_SHOPIFY_CLIENT_ID,"
                            + " CALIBRATE_SHOPIFY_CLIENT_SECRET and CALIBRATE_PUBLIC_URL on this server"), null);
        }
        secrets.requireKey();
    }

    private String callbackUrl() {
        return settings.publicUrl().replaceAll("/+$", "") + "/connectors/shopify/callback";
    }

    /** A signed request or callback that does not check out: 401, saying which check failed. */
    public static final class OAuthRefused extends ErrorResponseException {
        OAuthRefused(String detail) {
            super(HttpStatus.UNAUTHORIZED, ShopifyConnector.problem(HttpStatus.UNAUTHORIZED, detail), null);
        }
    }
}
