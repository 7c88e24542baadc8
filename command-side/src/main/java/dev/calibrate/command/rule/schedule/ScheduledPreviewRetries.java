package dev.calibrate.command.rule.schedule;

import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.rule.SavedRuleId;
import dev.calibrate.kernel.tenant.TenantId;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/**
 * The preview of a scheduled draft, tried again later because its tenant ran as many previews as it may: one
 * db-scheduler execution per draft (the instance id is the draft's id, so one draft never has two), kept in the
 * database so a restart does not lose it. Each attempt that is refused again moves it on by the retry interval.
 */
@Configuration
public class ScheduledPreviewRetries {

    public static final String TASK_NAME = "scheduled-draft-preview";
    static final TaskDescriptor<PreviewRetry> TASK = TaskDescriptor.of(TASK_NAME, PreviewRetry.class);

    /** Task data: whose draft it is and which attempt this execution makes (the first retry is 1). */
    public record PreviewRetry(String tenantId, String ruleId, int attempt) implements Serializable {
    }

    @Bean
    static CustomTask<PreviewRetry> scheduledDraftPreviewTask(@Lazy ScheduledRuns runs) {
        return Tasks.custom(TASK)
                .execute((instance, context) -> {
                    PreviewRetry retry = instance.getData();
                    PriceChangeId draft = new PriceChangeId(UUID.fromString(instance.getId()));
                    Instant next = runs.retryPreview(new TenantId(UUID.fromString(retry.tenantId())),
                            new SavedRuleId(UUID.fromString(retry.ruleId())), draft, retry.attempt());
                    if (next == null) {
                        return (complete, operations) -> operations.remove();
                    }
                    PreviewRetry again = new PreviewRetry(retry.tenantId(), retry.ruleId(), retry.attempt() + 1);
                    return (complete, operations) -> operations.reschedule(complete, next, again);
                });
    }
}
