package dev.calibrate.app.security.token;

import dev.calibrate.app.security.Secrets;
import dev.calibrate.kernel.error.NotFound;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Operator tokens: {@code clb_op_<token id>_<secret>}, platform-level credentials for monitoring.
 * Stored like tenant tokens (only the SHA-256 of 256 random bits, compared in constant time), but in
 * their own table: they belong to no tenant, so they are not the Tenant aggregate's to issue. Issuing
 * and revoking are logged (never the secret) and the rows stay, so who could read metrics stays on record.
 */
@Component
public class OperatorTokens {

    private static final Logger log = LoggerFactory.getLogger(OperatorTokens.class);
    private static final Pattern FORMAT = Pattern.compile("clb_op_([0-9a-f]{32})_([A-Za-z0-9_-]{43})");
    private static final String COLUMNS = "token_id, name, scopes, created_at, revoked_at";

    /** What an operator token was issued for; never its secret. */
    public record Stored(UUID id, String name, Set<OperatorScope> scopes, Instant createdAt, Instant revokedAt) {
    }

    /** A token just issued: the only time its secret exists outside the caller's hands. */
    public record Issued(Stored stored, String token) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public OperatorTokens(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Issued issue(String name, Set<OperatorScope> scopes) {
        UUID id = UUID.randomUUID();
        String secret = Secrets.random256Bits();
        Instant now = clock.instant();
        jdbc.update("INSERT INTO operator_credential (token_id, name, secret_hash, scopes, created_at) "
                + "VALUES (?, ?, ?, ?::text[], ?)", id, name, Secrets.hash(secret), pgArray(scopes), Timestamp.from(now));
        log.info("Issued operator token {} ({}) with scopes {}", id, name, pgArray(scopes));
        return new Issued(new Stored(id, name, scopes, now, null), "clb_op_" + TokenIds.hex(id) + "_" + secret);
    }

    public List<Stored> list() {
        return jdbc.query("SELECT " + COLUMNS + " FROM operator_credential ORDER BY created_at, token_id",
                (rs, i) -> stored(rs));
    }

    /** Revokes at once; revoking again keeps the first revocation's time. */
    public void revoke(UUID id) {
        int updated = jdbc.update("UPDATE operator_credential SET revoked_at = coalesce(revoked_at, ?) WHERE token_id = ?",
                Timestamp.from(clock.instant()), id);
        if (updated == 0) {
            throw new NotFound("operator token");
        }
        log.info("Revoked operator token {}", id);
    }

    /** The operator behind {@code token}, or empty when it is not a live operator token. */
    public Optional<Operator> authenticate(String token) {
        Matcher m = FORMAT.matcher(token);
        if (!m.matches()) {
            return Optional.empty();
        }
        UUID id = TokenIds.fromHex(m.group(1));
        List<Operator> found = jdbc.query("SELECT " + COLUMNS + ", secret_hash FROM operator_credential "
                        + "WHERE token_id = ? AND revoked_at IS NULL",
                (rs, i) -> Secrets.matches(m.group(2), rs.getBytes("secret_hash"))
                        ? new Operator(id, rs.getString("name"), stored(rs).scopes()) : null, id);
        return found.stream().filter(Objects::nonNull).findFirst();
    }

    private static Stored stored(ResultSet rs) throws SQLException {
        Set<OperatorScope> scopes = EnumSet.noneOf(OperatorScope.class);
        // a scope a later release dropped is simply not granted any more
        Arrays.stream((String[]) rs.getArray("scopes").getArray())
                .forEach(s -> OperatorScope.fromWireName(s).ifPresent(scopes::add));
        Timestamp revokedAt = rs.getTimestamp("revoked_at");
        return new Stored((UUID) rs.getObject("token_id"), rs.getString("name"), Set.copyOf(scopes),
                rs.getTimestamp("created_at").toInstant(), revokedAt == null ? null : revokedAt.toInstant());
    }

    private static String pgArray(Set<OperatorScope> scopes) {
        return scopes.stream().map(OperatorScope::wireName).sorted().collect(Collectors.joining(",", "{", "}"));
    }
}
