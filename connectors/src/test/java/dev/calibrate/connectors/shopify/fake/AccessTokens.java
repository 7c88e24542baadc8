package dev.calibrate.connectors.shopify.fake;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * One shop's credentials for the app: access tokens (static ones that never expire, and the
 * expiring offline tokens OAuth issues), refresh tokens, and single-use authorization codes.
 * Thread-safe.
 */
final class AccessTokens {

    /** Shopify's expiring offline tokens live one hour. */
    static final long ACCESS_TOKEN_SECONDS = 3600;

    /** Their refresh tokens live 90 days. */
    static final long REFRESH_TOKEN_SECONDS = 90L * 24 * 3600;

    private static final long NEVER = Long.MAX_VALUE;

    /** A freshly issued expiring access token and its refresh token. */
    record Grant(String accessToken, String scope, long expiresIn, String refreshToken, long refreshExpiresIn) {
    }

    private record IssuedCode(String clientId, String scope) {
    }

    private record RefreshGrant(String accessToken, String scope, long expiresAtMillis) {
    }

    private final Clock clock;
    private final Map<String, Long> accessTokens = new HashMap<>();
    private final Map<String, RefreshGrant> refreshTokens = new HashMap<>();
    private final Map<String, IssuedCode> codes = new HashMap<>();
    private int codeExchanges;

    AccessTokens(Clock clock) {
        this.clock = clock;
    }

    synchronized void addPermanent(String token) {
        accessTokens.put(token, NEVER);
    }

    /** Every access token stops working; refresh tokens still do. */
    synchronized void expireAccessTokens() {
        accessTokens.clear();
    }

    /** Nothing works any more, as after an uninstall. */
    synchronized void revokeAll() {
        accessTokens.clear();
        refreshTokens.clear();
        codes.clear();
    }

    synchronized boolean isValid(String token) {
        Long expiresAt = token == null ? null : accessTokens.get(token);
        return expiresAt != null && (expiresAt == NEVER || clock.millis() < expiresAt);
    }

    synchronized String issueCode(String clientId, String scope) {
        String code = Tokens.hex(16);
        codes.put(code, new IssuedCode(clientId, scope));
        return code;
    }

    /** Redeems an authorization code (single use); null when unknown, used, or issued to another client. */
    synchronized Grant redeem(String code, String clientId) {
        codeExchanges++;
        IssuedCode issued = codes.remove(code);
        if (issued == null || !issued.clientId().equals(clientId)) {
            return null;
        }
        return grant(issued.scope());
    }

    /** How many times an authorization code was presented for a token, whether it was valid or not. */
    synchronized int codeExchanges() {
        return codeExchanges;
    }

    /** Trades a refresh token for a new pair; the old access and refresh tokens stop working. */
    synchronized Grant refresh(String refreshToken) {
        RefreshGrant grant = refreshTokens.remove(refreshToken);
        if (grant == null || clock.millis() >= grant.expiresAtMillis()) {
            return null;
        }
        accessTokens.remove(grant.accessToken());
        return grant(grant.scope());
    }

    private Grant grant(String scope) {
        long now = clock.millis();
        String access = "shpat_" + Tokens.hex(16);
        String refresh = "shprt_" + Tokens.hex(16);
        accessTokens.put(access, now + ACCESS_TOKEN_SECONDS * 1000);
        refreshTokens.put(refresh, new RefreshGrant(access, scope, now + REFRESH_TOKEN_SECONDS * 1000));
        return new Grant(access, scope, ACCESS_TOKEN_SECONDS, refresh, REFRESH_TOKEN_SECONDS);
    }
}
