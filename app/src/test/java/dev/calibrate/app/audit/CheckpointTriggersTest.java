package dev.calibrate.app.audit;

import dev.calibrate.app.audit.checkpoint.CheckpointPublisher;
import dev.calibrate.app.audit.checkpoint.Checkpoints;
import dev.calibrate.app.audit.keys.SigningKeys;
import dev.calibrate.app.audit.seal.AuditSealer;
import dev.calibrate.app.audit.seal.AuditTrees;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.kernel.tenant.TenantId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static dev.calibrate.app.support.ProductBodies.product;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a tenant is due a signed checkpoint (issue 18: every 1,000 events or 5 minutes, only with new events):
 * grown by {@code checkpoint-every} events since its last checkpoint, or grown at all once that checkpoint is
 * {@code checkpoint-interval} old (a tenant never signed is due at once, and the node's own task signs it). Judged with settings small enough to cross in a test, and
 * at instants given to the query, so nothing is signed for any other test's tenant.
 */
class CheckpointTriggersTest extends IntegrationTest {

    private static final Duration INTERVAL = Duration.ofMinutes(5);

    @Autowired
    Environment env;
    @Autowired
    AuditSealer sealer;
    @Autowired
    Checkpoints checkpoints;
    @Autowired
    AuditTrees trees;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    SigningKeys keys;
    @Autowired
    ApplicationContext context;
    @Autowired
    AuditSettings settings;

    private Checkpoints every(int events) {
        AuditSettings small = new AuditSettings(settings.sealInterval(), settings.batchSize(), settings.maxPerRun(),
                settings.sealDuringRuns(), events, INTERVAL, settings.logName(), settings.keyName(),
                settings.signingKey(), settings.verifyMaxRange(), settings.exportMaxRange(),
                settings.exportStatementTimeout(), settings.exportMaxConcurrent(), settings.exportMaxDuration());
        return new Checkpoints(jdbc, transactions, keys, trees, small, context.getBeanProvider(CheckpointPublisher.class));
    }

    private long sealedAfterAProduct(Api.TenantToken tenant) {
        assertThat(api.post("/api/v1/products", tenant.token(), product("CP-" + UUID.randomUUID(), "10.00")).status())
                .isEqualTo(201);
        AuditLogSupport.seal(sealer, env, tenant.tenantId());
        return trees.size(TenantId.parse(tenant.tenantId()));
    }

    @Test
    void aTreeGrownByCheckpointEveryEventsIsDueAtOnceAndOneGrownLessOnlyOnceTheIntervalHasPassed() {
        Api.TenantToken acme = api.newTenant("Checkpoint triggers");
        UUID id = UUID.fromString(acme.tenantId());
        long signedSize = sealedAfterAProduct(acme);
        // signed now, or a moment ago by the node's own task (a tenant never signed is due at once)
        checkpoints.signNow(TenantId.parse(acme.tenantId()));
        Instant signedAt = jdbc.queryForObject("SELECT signed_at FROM audit_checkpoint WHERE tenant_id = ? "
                + "AND tree_size = ?", Timestamp.class, id, signedSize).toInstant();
        assertThat(every(1).due(signedAt.plus(INTERVAL.multipliedBy(10)))).as("no new event: never due").doesNotContain(id);

        long grown = sealedAfterAProduct(acme) - signedSize;
        assertThat(grown).isPositive();

        Instant now = Instant.now();
        assertThat(every((int) grown).due(now)).as("grown by checkpoint-every").contains(id);
        assertThat(every((int) grown + 1).due(now)).as("grown by less, checkpoint fresh").doesNotContain(id);
        assertThat(every((int) grown + 1).due(signedAt.plus(INTERVAL).minusSeconds(1))).doesNotContain(id);
        assertThat(every((int) grown + 1).due(now.plus(INTERVAL).plusSeconds(1)))
                .as("grown by less, checkpoint older than the interval").contains(id);

        // once signed at the new size, nothing is due until it grows again
        assertThat(checkpoints.signNow(TenantId.parse(acme.tenantId()))).get()
                .satisfies(checkpoint -> assertThat(checkpoint.treeSize()).isEqualTo(signedSize + grown));
        assertThat(every(1).due(now.plus(INTERVAL.multipliedBy(10)))).doesNotContain(id);
    }
}
