package dev.calibrate.app.security.token;

import dev.calibrate.app.security.Secrets;
import dev.calibrate.kernel.tenant.Actor;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TokenId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Tenant API tokens: {@code clb_<token id>_<secret>}. The id finds the credential row, the secret
 * is checked against its stored SHA-256 in constant time. Only hashes are stored.
 */
@Component
public class ApiTokens {

    private static final Pattern FORMAT = Pattern.compile("clb_([0-9a-f]{32})_([A-Za-z0-9_-]{43})");

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public ApiTokens(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Stores the credential of a token just issued and returns the secret, which is never stored. */
    public String storeNew(TenantId tenantId, TokenId tokenId, Set<Scope> scopes, Instant expiresAt, String subject) {
        String secret = Secrets.random256Bits();
        jdbc.update("INSERT INTO api_credential (token_id, tenant_id, secret_hash, scopes, expires_at, created_at,"
                        + " subject) VALUES (?, ?, ?, ?::text[], ?, ?, ?)",
                tokenId.value(), tenantId.value(), Secrets.hash(secret), pgArray(scopes),
                expiresAt == null ? null : Timestamp.from(expiresAt), Timestamp.from(clock.instant()), subject);
        return "clb_" + TokenIds.hex(tokenId.value()) + "_" + secret;
    }

    public void markRevoked(TokenId tokenId) {
        jdbc.update("UPDATE api_credential SET revoked_at = coalesce(revoked_at, ?) WHERE token_id = ?",
                Timestamp.from(clock.instant()), tokenId.value());
    }

    /** Whether a token still works (not revoked, not expired): a console session signed in with it ends when not. */
    public boolean isLive(UUID tokenId) {
        Boolean live = jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM api_credential WHERE token_id = ?"
                + " AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?))", Boolean.class,
                tokenId, Timestamp.from(clock.instant()));
        return Boolean.TRUE.equals(live);
    }

    /** The scopes of a token that still works (not revoked, not expired); empty when it no longer works. */
    public Optional<Set<Scope>> liveScopes(UUID tokenId) {
        List<Set<Scope>> found = jdbc.query("SELECT scopes FROM api_credential WHERE token_id = ?"
                        + " AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)",
                (rs, i) -> Arrays.stream((String[]) rs.getArray("scopes").getArray())
                        .map(Scope::fromWireName).collect(Collectors.toUnmodifiableSet()),
                tokenId, Timestamp.from(clock.instant()));
        return found.stream().findFirst();
    }

    public Authentication authenticate(String token) {
        Matcher m = FORMAT.matcher(token);
        if (!m.matches()) {
            return Authentication.failed("the bearer token is not a Calibrate API token");
        }
        UUID id = TokenIds.fromHex(m.group(1));
        List<Authentication> found = jdbc.query(
                "SELECT tenant_id, secret_hash, scopes, expires_at, revoked_at, subject FROM api_credential"
                        + " WHERE token_id = ?",
                (rs, i) -> {
                    if (!Secrets.matches(m.group(2), rs.getBytes("secret_hash"))) {
                        return Authentication.failed("invalid token");
                    }
                    if (rs.getTimestamp("revoked_at") != null) {
                        return Authentication.failed("the token was revoked");
                    }
                    Timestamp expiresAt = rs.getTimestamp("expires_at");
                    if (expiresAt != null && !expiresAt.toInstant().isAfter(clock.instant())) {
                        return Authentication.failed("the token expired at " + expiresAt.toInstant());
                    }
                    Set<Scope> scopes = Arrays.stream((String[]) rs.getArray("scopes").getArray())
                            .map(Scope::fromWireName).collect(Collectors.toUnmodifiableSet());
                    return Authentication.of(new Caller(new TenantId((UUID) rs.getObject("tenant_id")),
                            Actor.token(new TokenId(id), rs.getString("subject")), scopes));
                }, id);
        return found.isEmpty() ? Authentication.failed("invalid token") : found.get(0);
    }

    private static String pgArray(Set<Scope> scopes) {
        return scopes.stream().map(Scope::wireName).sorted().collect(Collectors.joining(",", "{", "}"));
    }
}
