package dev.calibrate.app.audit;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.calibrate.app.audit.checkpoint.Checkpoints;
import dev.calibrate.app.audit.seal.AuditSealer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Profile;

/**
 * Sealing as a recurring db-scheduler task: it runs on one node at a time across a cluster, so every
 * tenant's events are appended by one worker in order; then the checkpoints that fell due are signed. Not
 * under the {@code axonserver} profile, whose events are not in the table sealing hashes.
 */
@Configuration(proxyBeanMethods = false)
@Profile("!axonserver")
class AuditTasks {

    @Bean
    static RecurringTask<Void> auditSealTask(@Lazy AuditSealer sealer, @Lazy Checkpoints checkpoints, AuditSettings settings) {
        return Tasks.recurring("audit-seal", FixedDelay.of(settings.sealInterval()))
                .execute((instance, context) -> {
                    sealer.sealDue(() -> context.getSchedulerState().isShuttingDown());
                    checkpoints.signDue();
                });
    }
}
