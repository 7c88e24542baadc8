package dev.calibrate.connectors.shopify.connection;

import dev.calibrate.connectors.secrets.SecretBox;
import dev.calibrate.connectors.shopify.ShopifySettings;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.tenant.TenantId;
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
 * callback (signed too) must present that state for the very shop it was issued for, and only then
 * is its code exchanged for an expiring offline token. A state a tenant's install link made connects
 * the shop to that tenant. An install no tenant asked for (from the App Store, or Shopify's install
 * URL) never creates or links a tenant by itself: its tokens are held as a pending install that a
 * tenant administrator claims with the one-time code the callback's page shows. Otherwise anyone who
 * got a merchant to approve the app would have the shop bound to a tenant of their choosing.
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
    private final ShopifyPendingInstalls pending;
    private final SecretBox secrets;
    private final Clock clock;

    public ShopifyOAuth(ShopifySettings settings, JdbcTemplate jdbc, OAuthTokens tokens, ShopifyConnector connector,
                        ShopifyPendingInstalls pending, SecretBox secrets, Optional<Clock> clock) {
        this.settings = settings;
        this.jdbc = jdbc;
        this.tokens = tokens;
        this.connector = connector;
        this.pending = pending;
        this.secrets = secrets;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /** What a callback did: connected the shop to the tenant that asked, or holds it for a claim. */
    public sealed interface Installed permits Connected, AwaitingClaim {
        /** The page the merchant's browser lands on. */
        ShopifyInstallPage page();
    }

    public record Connected(TenantId tenantId, String shop) implements Installed {
        @Override
        public ShopifyInstallPage page() {
            return new ShopifyInstallPage(ShopifyInstallPage.Status.CONNECTED, shop, tenantId.toString(), null, null,
                    "the shop is connected; start a catalog sync with POST /api/v1/connectors/shopify/sync");
        }
    }

    public record AwaitingClaim(String shop, String claimCode, Instant claimableUntil) implements Installed {
        @Override
        public ShopifyInstallPage page() {
            return new ShopifyInstallPage(ShopifyInstallPage.Status.AWAITING_CLAIM, shop, null, claimCode, claimableUntil,
                    "give this claim code to your Calibrate administrator, who claims the shop for your tenant with"
                            + " POST /api/v1/connectors/shopify/claims {\"claimCode\": \"...\"} before it expires");
        }

        @Override
        public String toString() {
            return "AwaitingClaim[" + shop + ", claim code hidden]";
        }
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

    /**
     * Shopify's redirect back after consent: signature, then the state (for this very shop), and only
     * then is the code exchanged. A state from a tenant's install link connects the shop to that
     * tenant; no state of a tenant (Shopify's own install request, or none at all: an App Store
     * install) holds the tokens for a claim.
     */
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
        if (boundTenant.isEmpty()) {
            ShopifyPendingInstalls.Held held = pending.hold(shop, credentials);
            log.info("Shopify app installed for {} without an install link; held until a tenant claims it", shop);
            return new AwaitingClaim(shop, held.claimCode(), held.claimableUntil());
        }
        connector.connect(boundTenant.get(), shop, ShopConnection.Kind.OAUTH, credentials);
        log.info("Shopify app installed for {} (tenant {})", shop, boundTenant.get());
        return new Connected(boundTenant.get(), shop);
    }

    /**
     * Links the pending install {@code claimCode} unlocks to the claiming tenant, like connecting it
     * (token checked, webhooks subscribed). The code works once: it is spent only when the shop is
     * connected, so a claim that fails (Shopify unreachable, the shop taken by another tenant) can be
     * tried again.
     */
    public ShopConnection claim(TenantId tenantId, String claimCode) {
        secrets.requireKey();
        // no transaction or lock around the calls to Shopify: two claims of one code race to connect, and
        // a shop connects to one tenant only, so the loser is refused like any second tenant (409)
        ShopifyPendingInstalls.Pending install = pending.claimable(claimCode);
        ShopifyConnections.Credentials credentials = unexpired(install);
        if (credentials != install.credentials()) {
            pending.refreshed(install.id(), credentials);
        }
        ShopConnection connection = connector.connect(tenantId, install.shop(), ShopConnection.Kind.OAUTH,
                credentials);
        pending.claimed(install.id());
        log.info("Tenant {} claimed the pending Shopify install of {}", tenantId, install.shop());
        return connection;
    }

    /**
     * The held tokens, refreshed first when the access token has expired or is about to: Shopify's
     * expiring offline tokens live an hour, and a claim may come days after the install.
     */
    private ShopifyConnections.Credentials unexpired(ShopifyPendingInstalls.Pending install) {
        ShopifyConnections.Credentials held = install.credentials();
        if (held.accessExpiresAt() == null || held.refreshToken() == null
                || held.accessExpiresAt().isAfter(clock.instant().plus(ShopifyAccessTokens.REFRESH_AHEAD))) {
            return held;
        }
        try {
            return tokens.refresh(install.shop(), held.refreshToken());
        } catch (OAuthTokens.TokenRequestFailed e) {
            if (e.refused()) {
                throw new InvalidInput("claimCode", "Shopify no longer accepts the tokens of this install (was the app"
                        + " uninstalled?); install the app again for a new code");
            }
            throw new ErrorResponseException(HttpStatus.BAD_GATEWAY, ShopifyConnector.problem(HttpStatus.BAD_GATEWAY,
                    e.getMessage()), null);
        }
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

    /**
     * Single use: the row is deleted as it is read, so a replayed callback finds nothing. Only a
     * callback for the shop the state was issued for consumes it: a callback for another shop is
     * refused and leaves the state to the right shop's callback. No state at all is an install no
     * tenant asked for.
     */
    private Optional<TenantId> consumeState(String state, String shop) {
        if (state == null || state.isBlank()) {
            return Optional.empty();
        }
        Timestamp issuedAfter = Timestamp.from(clock.instant().minus(STATE_LIFETIME));
        List<Map<String, Object>> rows = jdbc.queryForList("DELETE FROM shopify_oauth_state"
                + " WHERE state = ? AND shop = ? AND created_at >= ? RETURNING tenant_id", state, shop, issuedAfter);
        if (rows.isEmpty()) {
            boolean forAnotherShop = !jdbc.queryForList("SELECT 1 FROM shopify_oauth_state WHERE state = ? AND created_at >= ?",
                    state, issuedAfter).isEmpty();
            throw new OAuthRefused(forAnotherShop ? "the state was issued for another shop"
                    : "the state is unknown, already used or expired; start the install again");
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
