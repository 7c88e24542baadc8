package dev.calibrate.connectors.shopify.connection;

import dev.calibrate.connectors.secrets.SecretBox;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.tenant.TenantId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code shopify_pending_install} table: public-app installs no tenant asked for, held until a
 * tenant administrator claims the shop with the one-time code the install page showed. The code is
 * stored only as its SHA-256 (it carries 100 random bits, so a plain hash is enough); the tokens are
 * sealed under a key derived for the row's own id, since no tenant exists to derive it from.
 */
@Repository
class ShopifyPendingInstalls {

    /** No 0/O or 1/I: the code is read off a page and typed in again. */
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final int CODE_LENGTH = 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcTemplate jdbc;
    private final SecretBox secrets;
    private final ShopifyInstallSettings settings;
    private final Clock clock;

    ShopifyPendingInstalls(JdbcTemplate jdbc, SecretBox secrets, ShopifyInstallSettings settings, Optional<Clock> clock) {
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.settings = settings;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /** What the install page shows: the code, once, and until when it works. */
    record Held(String shop, String claimCode, Instant claimableUntil) {
        @Override
        public String toString() {
            return "Held[" + shop + ", claim code hidden]";
        }
    }

    /** A pending install found by its claim code, with its tokens opened. */
    record Pending(UUID id, String shop, ShopifyConnections.Credentials credentials) {
    }

    /** Holds {@code shop}'s new tokens; a pending install of the same shop before is replaced. */
    Held hold(String shop, ShopifyConnections.Credentials credentials) {
        Instant now = clock.instant();
        Instant until = now.plus(settings.claimCodeLifetime());
        UUID id = UUID.randomUUID();
        TenantId sealedFor = new TenantId(id);
        String code = newCode();
        jdbc.update("DELETE FROM shopify_pending_install WHERE claimable_until < ?", Timestamp.from(now));
        jdbc.update("INSERT INTO shopify_pending_install (id, shop, claim_code_hash, access_token, refresh_token,"
                        + " access_expires_at, refresh_expires_at, installed_at, claimable_until)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (shop) DO UPDATE SET id = EXCLUDED.id,"
                        + " claim_code_hash = EXCLUDED.claim_code_hash, access_token = EXCLUDED.access_token,"
                        + " refresh_token = EXCLUDED.refresh_token, access_expires_at = EXCLUDED.access_expires_at,"
                        + " refresh_expires_at = EXCLUDED.refresh_expires_at, installed_at = EXCLUDED.installed_at,"
                        + " claimable_until = EXCLUDED.claimable_until",
                id, shop, hash(code), secrets.seal(sealedFor, ShopifyConnections.ACCESS_TOKEN, credentials.accessToken()),
                credentials.refreshToken() == null ? null
                        : secrets.seal(sealedFor, ShopifyConnections.REFRESH_TOKEN, credentials.refreshToken()),
                timestamp(credentials.accessExpiresAt()), timestamp(credentials.refreshExpiresAt()),
                Timestamp.from(now), Timestamp.from(until));
        return new Held(shop, format(code), until);
    }

    /**
     * The pending install {@code claimCode} unlocks. Unknown, used and expired codes are the same 400:
     * the answer tells a guesser nothing.
     */
    Pending claimable(String claimCode) {
        String code = normalized(claimCode);
        return jdbc.query("SELECT id, shop, access_token, refresh_token, access_expires_at, refresh_expires_at"
                        + " FROM shopify_pending_install WHERE claim_code_hash = ? AND claimable_until >= ?",
                rs -> {
                    if (!rs.next()) {
                        throw notClaimable();
                    }
                    UUID id = rs.getObject("id", UUID.class);
                    TenantId sealedFor = new TenantId(id);
                    byte[] refresh = rs.getBytes("refresh_token");
                    return new Pending(id, rs.getString("shop"), new ShopifyConnections.Credentials(
                            secrets.open(sealedFor, ShopifyConnections.ACCESS_TOKEN, rs.getBytes("access_token")), null,
                            refresh == null ? null : secrets.open(sealedFor, ShopifyConnections.REFRESH_TOKEN, refresh),
                            instant(rs.getTimestamp("access_expires_at")), instant(rs.getTimestamp("refresh_expires_at"))));
                }, hash(code), Timestamp.from(clock.instant()));
    }

    /**
     * Keeps tokens a claim refreshed: Shopify rotates the refresh token, so the held one no longer works
     * once it has been used, and a claim that fails after refreshing must find the new pair.
     */
    void refreshed(UUID id, ShopifyConnections.Credentials credentials) {
        TenantId sealedFor = new TenantId(id);
        jdbc.update("UPDATE shopify_pending_install SET access_token = ?, refresh_token = ?, access_expires_at = ?,"
                        + " refresh_expires_at = ? WHERE id = ?",
                secrets.seal(sealedFor, ShopifyConnections.ACCESS_TOKEN, credentials.accessToken()),
                credentials.refreshToken() == null ? null
                        : secrets.seal(sealedFor, ShopifyConnections.REFRESH_TOKEN, credentials.refreshToken()),
                timestamp(credentials.accessExpiresAt()), timestamp(credentials.refreshExpiresAt()), id);
    }

    /** The claim went through: the code stops working and the held tokens are gone. */
    void claimed(UUID id) {
        jdbc.update("DELETE FROM shopify_pending_install WHERE id = ?", id);
    }

    private static String normalized(String claimCode) {
        String code = claimCode == null ? "" : claimCode.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
        if (code.length() != CODE_LENGTH || !code.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0)) {
            throw new InvalidInput("claimCode", "must be the " + CODE_LENGTH + "-character claim code the install page"
                    + " showed, e.g. ABCD-EFGH-JKLM-NPQR-STUV");
        }
        return code;
    }

    private static InvalidInput notClaimable() {
        return new InvalidInput("claimCode", "claims no pending Shopify install: it is wrong, was used already or"
                + " expired; install the app again for a new code");
    }

    private static String newCode() {
        StringBuilder code = new StringBuilder(CODE_LENGTH);
        for (int i = 0; i < CODE_LENGTH; i++) {
            code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }

    private static String format(String code) {
        return String.join("-", code.split("(?<=\\G.{4})"));
    }

    private static byte[] hash(String code) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private static Timestamp timestamp(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }

    private static Instant instant(Timestamp at) {
        return at == null ? null : at.toInstant();
    }
}
