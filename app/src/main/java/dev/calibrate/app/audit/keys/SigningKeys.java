package dev.calibrate.app.audit.keys;

import dev.calibrate.app.audit.AuditSettings;
import dev.calibrate.connectors.secrets.SecretBox;
import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.security.KeyPair;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The checkpoint signing keys, one active at a time, every one kept listed (V35 {@code audit_signing_key}).
 *
 * <p>With {@code CALIBRATE_SIGNING_KEY} set, that key is the active one: registered (public half only)
 * the first time a node signs with it, retiring whichever key was active before, so changing the
 * setting rotates the key. A retired key is never taken back: a node still set to it signs nothing
 * (and logs an error) until it gets the current key, so a rolling restart cannot flip between keys. Without it, the first node to need a key generates one and stores its seed
 * sealed with {@code CALIBRATE_SECRETS_KEY}; the insert is an insert-if-absent on the one-active-key
 * index, so nodes starting together all end up signing with the one key that won. {@link #rotate()}
 * replaces a generated key ({@code POST /admin/v1/audit/signing-keys/rotate}). Without either key the server
 * seals but signs nothing.
 */
@Component
public class SigningKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
    /** SecretBox seals per tenant; the signing key belongs to no tenant, so it is sealed under the nil id. */
    private static final TenantId SERVER = new TenantId(new UUID(0, 0));
    private static final String PURPOSE = "audit-signing-key";
    private static final HexFormat HEX = HexFormat.of();

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final SecretBox secrets;
    private final AuditSettings settings;
    private final Clock clock = Clock.systemUTC();
    private volatile SigningKey active;
    private volatile boolean warned;

    public SigningKeys(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, SecretBox secrets,
                       AuditSettings settings) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.secrets = secrets;
        this.settings = settings;
    }

    /** The key this server signs with now; empty when it has none (no signing key and no secrets key). */
    public synchronized Optional<SigningKey> active() {
        SigningKey current = active;
        if (current != null && isStillActive(current)) {
            return Optional.of(current);
        }
        active = settings.signingKey().isBlank() ? generatedKey() : configuredKey();
        return Optional.ofNullable(active);
    }

    /** Retires the active generated key and generates the next; old checkpoints keep verifying with the old one. */
    public synchronized SigningKey rotate() {
        if (!settings.signingKey().isBlank()) {
            throw new KeyFromSetting();
        }
        secrets.requireKey();
        active = transactions.execute(tx -> {
            jdbc.execute("LOCK TABLE audit_signing_key IN SHARE ROW EXCLUSIVE MODE");
            jdbc.update("UPDATE audit_signing_key SET retired_at = ? WHERE retired_at IS NULL", Timestamp.from(clock.instant()));
            insertGenerated();
            return readActive().orElseThrow();
        });
        log.info("audit log: rotated the checkpoint signing key; key {} signs from now on", active.keyId());
        return active;
    }

    /** Every key, newest first, without private halves. */
    public List<SigningKey> all() {
        return jdbc.query("SELECT key_id, name, public_key, created_at, retired_at FROM audit_signing_key ORDER BY created_at DESC",
                (rs, row) -> new SigningKey(rs.getString(1).trim(), rs.getString(2), rs.getBytes(3),
                        rs.getTimestamp(4).toInstant(), rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant(), null));
    }

    public Optional<SigningKey> byId(String keyId) {
        return all().stream().filter(key -> key.keyId().equals(keyId)).findFirst();
    }

    private boolean isStillActive(SigningKey key) {
        return jdbc.queryForList("SELECT 1 FROM audit_signing_key WHERE key_id = ? AND retired_at IS NULL", Integer.class,
                key.keyId()).size() == 1;
    }

    private SigningKey configuredKey() {
        KeyPair pair;
        try {
            pair = Ed25519.fromSeed(Ed25519.seedOf(Base64.getDecoder().decode(settings.signingKey().trim())));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("CALIBRATE_SIGNING_KEY (calibrate.audit.signing-key) must be an Ed25519"
                    + " private key, base64 of its 32-byte seed or of its PKCS#8 encoding: " + e.getMessage());
        }
        byte[] publicKey = Ed25519.rawPublic(pair.getPublic());
        String keyId = keyIdOf(publicKey);
        Boolean registered = transactions.execute(tx -> {
            jdbc.execute("LOCK TABLE audit_signing_key IN SHARE ROW EXCLUSIVE MODE");
            List<Timestamp> retired = jdbc.queryForList("SELECT retired_at FROM audit_signing_key WHERE key_id = ?",
                    Timestamp.class, keyId);
            if (!retired.isEmpty()) {
                // a retired key never signs again: a node still configured with the old key while another
                // already runs the new one (a rolling restart) signs nothing rather than taking it back
                return retired.get(0) == null;
            }
            Timestamp now = Timestamp.from(clock.instant());
            jdbc.update("UPDATE audit_signing_key SET retired_at = ? WHERE retired_at IS NULL", now);
            jdbc.update("""
                    INSERT INTO audit_signing_key (key_id, name, public_key, private_key_sealed, created_at)
                    VALUES (?, ?, ?, NULL, ?)""", keyId, settings.keyName(), publicKey, now);
            return true;
        });
        if (!Boolean.TRUE.equals(registered)) {
            if (!warned) {
                warned = true;
                log.error("audit log: CALIBRATE_SIGNING_KEY is key {}, which was retired: a retired key never signs"
                        + " again, so no checkpoint is signed until this node gets the current key", keyId);
            }
            return null;
        }
        return new SigningKey(keyId, settings.keyName(), publicKey, null, null, pair.getPrivate());
    }

    private SigningKey generatedKey() {
        if (!secrets.hasKey()) {
            if (!warned) {
                warned = true;
                log.warn("audit log: neither CALIBRATE_SIGNING_KEY nor CALIBRATE_SECRETS_KEY is set, so no checkpoint"
                        + " is signed; events are still sealed, and signed once a key is set");
            }
            return null;
        }
        return transactions.execute(tx -> {
            Optional<SigningKey> stored = readActive();
            if (stored.isPresent() && stored.get().canSign()) {
                return stored.get();
            }
            if (stored.isPresent()) {
                // the active key came from CALIBRATE_SIGNING_KEY, now unset: a generated key takes over
                jdbc.execute("LOCK TABLE audit_signing_key IN SHARE ROW EXCLUSIVE MODE");
                jdbc.update("UPDATE audit_signing_key SET retired_at = ? WHERE retired_at IS NULL", Timestamp.from(clock.instant()));
            }
            insertGenerated();
            return readActive().orElseThrow();
        });
    }

    /** Insert-if-absent on the one-active-key index: of nodes racing here, one key wins and all read it. */
    private void insertGenerated() {
        KeyPair pair = Ed25519.generate();
        byte[] publicKey = Ed25519.rawPublic(pair.getPublic());
        byte[] sealed = secrets.seal(SERVER, PURPOSE, Base64.getEncoder().encodeToString(Ed25519.seed(pair.getPrivate())));
        jdbc.update("""
                INSERT INTO audit_signing_key (key_id, name, public_key, private_key_sealed, created_at)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT ((true)) WHERE retired_at IS NULL DO NOTHING""",
                keyIdOf(publicKey), settings.keyName(), publicKey, sealed, Timestamp.from(clock.instant()));
    }

    private Optional<SigningKey> readActive() {
        RowMapper<SigningKey> key = (rs, row) -> {
            byte[] sealed = rs.getBytes(4);
            return new SigningKey(rs.getString(1).trim(), rs.getString(2), rs.getBytes(3), rs.getTimestamp(5).toInstant(),
                    null, sealed == null ? null
                    : Ed25519.fromSeed(Base64.getDecoder().decode(secrets.open(SERVER, PURPOSE, sealed))).getPrivate());
        };
        return jdbc.query("""
                SELECT key_id, name, public_key, private_key_sealed, created_at
                  FROM audit_signing_key WHERE retired_at IS NULL""", key).stream().findFirst();
    }

    private String keyIdOf(byte[] publicKey) {
        return HEX.formatHex(Ed25519.noteKeyId(settings.keyName(), publicKey));
    }

    /** A configured key is rotated by changing the setting, never by the server generating one over it. */
    public static final class KeyFromSetting extends Rejection {

        KeyFromSetting() {
            super("the signing key comes from CALIBRATE_SIGNING_KEY (calibrate.audit.signing-key): set the new key"
                    + " there and restart every node to rotate it");
        }

        @Override
        public Kind kind() {
            return Kind.CONFLICT;
        }
    }
}
