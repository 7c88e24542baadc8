package dev.calibrate.app.audit;

import dev.calibrate.app.audit.keys.Ed25519;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.Base64;

/**
 * The tamper-evident audit log ({@code calibrate.audit.*}; docs/audit.md).
 *
 * @param sealInterval       how often the sealing task looks for new events below the safe horizon
 * @param batchSize          events sealed per transaction (a crash redoes at most one batch)
 * @param maxPerRun          events one run of the task seals at most; the next run goes on
 * @param sealDuringRuns     ...and while a price change run is writing anywhere in the cluster (at most maxPerRun):
 *                           sealing gives way to the apply or rollback and catches up after it, never stopping
 * @param checkpointEvery    a tenant's tree is signed again once it has grown by this many events...
 * @param checkpointInterval ...or when it has new events and its last checkpoint is this old
 * @param logName            the log's name in each checkpoint's origin: {@code <logName>/tenants/<tenantId>}
 * @param keyName            the signer's name on each checkpoint's signature line
 * @param signingKey         CALIBRATE_SIGNING_KEY: an Ed25519 private key, base64 of the 32-byte seed or of
 *                           its PKCS#8 encoding; blank means a key generated on first start and kept sealed
 * @param verifyMaxRange     leaves one verification request recomputes at most
 * @param exportMaxRange     leaves one export request streams at most
 * @param exportStatementTimeout each of an export's page reads is cancelled after this long
 * @param exportMaxConcurrent exports this node streams at once, across tenants (more is a 429)
 * @param exportMaxDuration  an export's stream ends after this long, its file then incomplete
 */
@ConfigurationProperties("calibrate.audit")
public record AuditSettings(@DefaultValue("2s") Duration sealInterval,
                            @DefaultValue("500") int batchSize,
                            @DefaultValue("10000") int maxPerRun,
                            @DefaultValue("1000") int sealDuringRuns,
                            @DefaultValue("1000") int checkpointEvery,
                            @DefaultValue("5m") Duration checkpointInterval,
                            @DefaultValue("calibrate.local") String logName,
                            @DefaultValue("calibrate") String keyName,
                            @DefaultValue("") String signingKey,
                            @DefaultValue("10000") int verifyMaxRange,
                            @DefaultValue("1000000") int exportMaxRange,
                            @DefaultValue("30s") Duration exportStatementTimeout,
                            @DefaultValue("2") int exportMaxConcurrent,
                            @DefaultValue("10m") Duration exportMaxDuration) {

    public AuditSettings {
        if (batchSize < 1 || maxPerRun < 1 || sealDuringRuns < 1 || checkpointEvery < 1 || verifyMaxRange < 1
                || exportMaxRange < 1 || exportMaxConcurrent < 1) {
            throw new IllegalArgumentException("calibrate.audit.batch-size, max-per-run, seal-during-runs,"
                    + " checkpoint-every, verify-max-range, export-max-range and export-max-concurrent must be at least 1");
        }
        if (exportMaxDuration.isNegative() || exportMaxDuration.isZero()) {
            throw new IllegalArgumentException("calibrate.audit.export-max-duration must be positive");
        }
        if (exportStatementTimeout.toMillis() < 1 || exportStatementTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("calibrate.audit.export-statement-timeout must be between 1ms and"
                    + " 2147483647ms (PostgreSQL's statement_timeout is an int of milliseconds)");
        }
        if (logName.isBlank() || logName.contains("\n") || keyName.isBlank()
                || keyName.chars().anyMatch(c -> Character.isWhitespace(c) || c == '+')) {
            throw new IllegalArgumentException("calibrate.audit.log-name must be one line and calibrate.audit.key-name"
                    + " one word without '+' (a signed note's key name)");
        }
        if (!signingKey.isBlank()) {
            try {
                Ed25519.fromSeed(Ed25519.seedOf(Base64.getDecoder().decode(signingKey.trim())));
            } catch (IllegalArgumentException e) {
                // checked at start, so a bad key stops the start instead of every signing run; never echo the key
                throw new IllegalArgumentException("CALIBRATE_SIGNING_KEY (calibrate.audit.signing-key) must be an Ed25519"
                        + " private key, base64 of its 32-byte seed or of its PKCS#8 encoding");
            }
        }
    }
}
