package dev.calibrate.command.rule.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.kagkarlsson.scheduler.ScheduledExecution;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import dev.calibrate.app.CalibrateApplication;
import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.command.pricechange.PreviewLimits;
import dev.calibrate.command.pricechange.Previews;
import dev.calibrate.command.pricechange.TenantPolicies;
import dev.calibrate.command.rule.schedule.ScheduledPreviewRetries.PreviewRetry;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.rule.SavedRuleId;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.util.AopTestUtils;
import org.springframework.test.util.ReflectionTestUtils;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.ConcurrentMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * A scheduled draft whose preview is refused because its tenant already runs as many previews as it may is
 * previewed again later by a db-scheduler execution of its own, and left a DRAFT after the last retry. The
 * tenant's preview slots are held by filling in the count the application's {@link Previews} keeps (what as
 * many long previews running at once would do, without their minutes of CPU); the slot's run is called as its
 * task calls it, and the retry execution is made due by moving it to now.
 */
@ContextConfiguration(classes = CalibrateApplication.class) // found by search from dev.calibrate.app otherwise
class ScheduledPreviewRetryTest extends IntegrationTest {

    @Autowired
    private ScheduledRuns runs;
    @Autowired
    private Previews previews;
    @Autowired
    private PreviewLimits limits;
    @Autowired
    private PreviewRetryPolicy retries;
    @Autowired
    private SchedulerClient scheduler;
    @Autowired
    private CommandGateway commands;
    @Autowired
    private TenantPolicies policies;
    @Autowired
    private EventStore events;
    @Autowired
    private Clock clock;

    private PriceChangeSteps steps;
    private Api.TenantToken manager;
    private TenantId tenantId;
    private SavedRuleId rule;

    @BeforeEach
    void scheduledRule() {
        steps = new PriceChangeSteps(api);
        ScheduledSummerRule scheduled = ScheduledSummerRule.create(api, steps, "0 0 3 * * *");
        manager = scheduled.manager();
        tenantId = scheduled.tenantId();
        rule = scheduled.rule();
    }

    @AfterEach
    void freeThePreviewSlots() {
        running().remove(tenantId);
    }

    @SuppressWarnings("unchecked")
    private ConcurrentMap<TenantId, Integer> running() {
        return (ConcurrentMap<TenantId, Integer>) ReflectionTestUtils.getField((Object) AopTestUtils.getTargetObject(previews),
                "running");
    }

    private void holdThePreviewSlots() {
        running().put(tenantId, limits.perTenant());
    }

    /** Runs a slot of three hours ago as the task does, with the tenant's previews all taken; answers its draft. */
    private PriceChangeId draftRefusedAPreview() {
        Instant slot = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
        holdThePreviewSlots();
        runs.run(tenantId, rule, "0 0 3 * * *", slot);
        PriceChangeId draft = ScheduledRuns.draftId(rule, slot);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(api.get("/api/v1/rules/" + rule, manager.token()).json().at("/lastRun/priceChangeId")
                        .asText()).isEqualTo(draft.toString()));
        return draft;
    }

    private Optional<ScheduledExecution<Object>> retryOf(PriceChangeId draft) {
        return scheduler.getScheduledExecution(TaskInstanceId.of(ScheduledPreviewRetries.TASK_NAME, draft.toString()));
    }

    /** Makes the retry due now, as the given attempt. */
    private void dueNow(PriceChangeId draft, int attempt) {
        assertThat(scheduler.reschedule(TaskInstanceId.of(ScheduledPreviewRetries.TASK_NAME, draft.toString()),
                Instant.now(), new PreviewRetry(tenantId.toString(), rule.toString(), attempt))).isTrue();
    }

    @Test
    void aPreviewRefusedForTheTenantsLimitIsTriedAgainEveryIntervalAndPreviewsOnceASlotIsFree() {
        Instant before = Instant.now();
        PriceChangeId draft = draftRefusedAPreview();

        steps.view(manager.token(), draft.toString(), "DRAFT");
        ScheduledExecution<Object> first = retryOf(draft).orElseThrow();
        assertThat(((PreviewRetry) first.getData()).attempt()).isEqualTo(1);
        assertThat(retries.interval()).as("the default").isEqualTo(Duration.ofMinutes(1));
        assertThat(first.getExecutionTime()).isBetween(before.plus(retries.interval()),
                Instant.now().plus(retries.interval()));

        Instant retried = Instant.now();
        dueNow(draft, 1);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            ScheduledExecution<Object> again = retryOf(draft).orElseThrow();
            assertThat(((PreviewRetry) again.getData()).attempt()).as("refused again: the next attempt").isEqualTo(2);
            assertThat(again.getExecutionTime()).isAfterOrEqualTo(retried.plus(retries.interval()));
        });
        assertThat(api.get("/api/v1/price-changes/" + draft, manager.token()).json().get("state").asText())
                .isEqualTo("DRAFT");

        running().remove(tenantId);
        dueNow(draft, 2);
        JsonNode previewed = steps.view(manager.token(), draft.toString(), "PREVIEWED");
        assertThat(previewed.at("/ruleRef/id").asText()).isEqualTo(rule.toString());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(retryOf(draft)).isEmpty());
        assertThat(api.get("/api/v1/price-changes", manager.token()).json().get("total").asInt())
                .as("one draft for the slot").isEqualTo(1);
    }

    @Test
    void aDraftStillRefusedAtTheLastRetryIsLeftADraftForAPerson() {
        PriceChangeId draft = draftRefusedAPreview();

        dueNow(draft, retries.attempts());

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(retryOf(draft)).as("no retry after the last").isEmpty());
        assertThat(api.get("/api/v1/price-changes/" + draft, manager.token()).json().get("state").asText())
                .isEqualTo("DRAFT");
        running().remove(tenantId);
        assertThat(steps.preview(manager.token(), draft.toString()).get("previewHash").asText())
                .as("a person previews it").isNotBlank();
    }

    @Test
    void aDraftAPersonPreviewedMeanwhileIsLeftAlone() {
        PriceChangeId draft = draftRefusedAPreview();
        running().remove(tenantId);
        String hash = steps.preview(manager.token(), draft.toString()).get("previewHash").asText();

        dueNow(draft, 1);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(retryOf(draft)).isEmpty());
        JsonNode view = steps.view(manager.token(), draft.toString(), "PREVIEWED");
        assertThat(view.path("previewHash").asText()).as(view.toString()).isEqualTo(hash);
    }

    @Test
    void aRetryWhosePreviewFailsOtherwiseCountsAsAnAttemptAndStopsAfterTheLast() {
        PriceChangeId draft = draftRefusedAPreview();
        Previews failing = mock(Previews.class);
        when(failing.previewDraft(any(), any(), any())).thenThrow(new IllegalStateException("the preview store is down"));
        ScheduledRuns failingRuns = new ScheduledRuns(commands, failing, policies, events, scheduler, retries, clock);

        Instant asked = Instant.now();
        assertThat(failingRuns.retryPreview(tenantId, rule, draft, 1)).as("tried again after the interval")
                .isAfterOrEqualTo(asked.plus(retries.interval()));
        assertThat(failingRuns.retryPreview(tenantId, rule, draft, retries.attempts()))
                .as("the last attempt plans none, instead of db-scheduler's retry every 5 minutes forever").isNull();
        assertThat(api.get("/api/v1/price-changes/" + draft, manager.token()).json().get("state").asText())
                .isEqualTo("DRAFT");
    }

    @Test
    void aRetryAfterTheRuleWasDisabledOrUnscheduledStopsAndLeavesTheDraftForAPerson() {
        Api.TenantToken admin = api.token(manager.tenantId(), "admin");
        PriceChangeId draft = draftRefusedAPreview();
        running().remove(tenantId);
        assertThat(api.post("/api/v1/rules/" + rule + "/disable", admin.token(), null).status()).isEqualTo(200);

        dueNow(draft, 1);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(retryOf(draft)).isEmpty());
        assertThat(api.get("/api/v1/price-changes/" + draft, manager.token()).json().get("state").asText())
                .as("not previewed, though a slot is free").isEqualTo("DRAFT");

        assertThat(api.post("/api/v1/rules/" + rule + "/enable", admin.token(), null).status()).isEqualTo(200);
        assertThat(api.send("DELETE", "/api/v1/rules/" + rule + "/schedule", admin.token(), null).status())
                .isBetween(200, 204);
        assertThat(runs.retryPreview(tenantId, rule, draft, 1)).as("unscheduled: no next attempt").isNull();
        assertThat(api.get("/api/v1/price-changes/" + draft, manager.token()).json().get("state").asText())
                .isEqualTo("DRAFT");
    }
}
