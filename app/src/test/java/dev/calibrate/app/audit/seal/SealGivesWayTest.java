package dev.calibrate.app.audit.seal;

import dev.calibrate.app.audit.AuditSettings;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.query.feed.SafeHorizon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Sealing gives way to a price change run that is writing on any node: it seals {@code seal-during-runs} a
 * run instead of {@code max-per-run}. A run is db-scheduler's execution of {@code price-change-run}; these
 * tests write such executions as db-scheduler does, one in the future and unpicked (waiting: not writing)
 * and one picked by a node (writing; its heartbeat an hour ahead, so that no scheduler of the test's context
 * takes it for a dead run and revives it), and take them out again. The runs other tests started end first.
 */
class SealGivesWayTest extends IntegrationTest {

    private static final String NODE = "seal-gives-way-test";

    @Autowired
    AuditSealer sealer;
    @Autowired
    AuditSettings settings;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    SafeHorizon horizon;

    private final String instance = UUID.randomUUID().toString();

    @BeforeEach
    void noOtherRunWriting() {
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject("SELECT count(*) FROM scheduled_tasks"
                + " WHERE task_name = 'price-change-run' AND picked", Long.class) == 0);
    }

    @AfterEach
    void removeTheRun() {
        jdbc.update("DELETE FROM scheduled_tasks WHERE task_name = 'price-change-run' AND task_instance = ?", instance);
    }

    @Test
    void withNoRunWritingARunSealsUpToMaxPerRun() {
        assertThat(settings.sealDuringRuns()).isLessThan(settings.maxPerRun());

        assertThat(sealer.mostThisRun()).isEqualTo(settings.maxPerRun());
    }

    @Test
    void aRunWaitingForItsTimeDoesNotSlowSealing() {
        run(false);

        assertThat(sealer.mostThisRun()).isEqualTo(settings.maxPerRun());
    }

    @Test
    void whileARunIsWritingOnAnyNodeSealingTakesSealDuringRuns() {
        run(true);

        assertThat(sealer.mostThisRun()).isEqualTo(settings.sealDuringRuns());

        removeTheRun();
        assertThat(sealer.mostThisRun()).as("back to the full rate once it ends").isEqualTo(settings.maxPerRun());
    }

    @Test
    void sealDuringRunsAboveMaxPerRunIsCappedAndBelowOneRefused() {
        AuditSettings wide = settings(settings.maxPerRun() * 2);
        AuditSealer capped = new AuditSealer(jdbc, transactions, horizon, wide);
        run(true);

        assertThat(capped.mostThisRun()).isEqualTo(settings.maxPerRun());
        assertThatThrownBy(() -> settings(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("seal-during-runs");
    }

    private void run(boolean picked) {
        jdbc.update("""
                INSERT INTO scheduled_tasks (task_name, task_instance, task_data, execution_time, picked, picked_by,
                                             last_heartbeat, version, priority)
                VALUES ('price-change-run', ?, NULL, now() + interval '1 day', ?, ?,
                        CASE WHEN ? THEN now() + interval '1 hour' END, 1, 0)""",
                instance, picked, picked ? NODE : null, picked);
    }

    private AuditSettings settings(int sealDuringRuns) {
        return new AuditSettings(settings.sealInterval(), settings.batchSize(), settings.maxPerRun(), sealDuringRuns,
                settings.checkpointEvery(), settings.checkpointInterval(), settings.logName(), settings.keyName(),
                settings.signingKey(), settings.verifyMaxRange(), settings.exportMaxRange(),
                settings.exportStatementTimeout(), settings.exportMaxConcurrent(), settings.exportMaxDuration());
    }
}
