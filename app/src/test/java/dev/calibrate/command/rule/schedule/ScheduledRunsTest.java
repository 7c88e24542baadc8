package dev.calibrate.command.rule.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import dev.calibrate.app.CalibrateApplication;
import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.command.pricechange.Previews;
import dev.calibrate.command.pricechange.TenantPolicies;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.rule.SavedRuleId;
import dev.calibrate.kernel.rule.SavedRuleMessages.SavedRuleScheduledRunSkipped;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.Message;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ContextConfiguration;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * Runs of a saved rule's schedule called as its task calls them (a failure is recorded by {@code failed}),
 * with the application's commands and event store and a preview that fails every time: the draft is recorded
 * before its preview, so a failing preview leaves one draft in flight, never one per slot.
 */
@ContextConfiguration(classes = CalibrateApplication.class) // found by search from dev.calibrate.app otherwise
class ScheduledRunsTest extends IntegrationTest {

    private static final String CRON = "0 0 3 * * *";

    @Autowired
    private CommandGateway commands;
    @Autowired
    private TenantPolicies policies;
    @Autowired
    private EventStore events;
    @Autowired
    private SchedulerClient scheduler;
    @Autowired
    private PreviewRetryPolicy retries;
    @Autowired
    private Clock clock;

    private PriceChangeSteps steps;
    private Api.TenantToken manager;
    private TenantId tenantId;
    private SavedRuleId rule;

    @BeforeEach
    void scheduledRule() {
        steps = new PriceChangeSteps(api);
        ScheduledSummerRule scheduled = ScheduledSummerRule.create(api, steps, CRON);
        manager = scheduled.manager();
        tenantId = scheduled.tenantId();
        rule = scheduled.rule();
    }

    /** As the task runs a slot: a run that throws is recorded as failed. */
    private void runSlot(ScheduledRuns runs, Instant slot) {
        try {
            runs.run(tenantId, rule, CRON, slot);
        } catch (RuntimeException failure) {
            runs.failed(tenantId, rule, slot, failure);
        }
    }

    private JsonNode lastRun(Instant slot) {
        JsonNode[] lastRun = {null};
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            lastRun[0] = api.get("/api/v1/rules/" + rule, manager.token()).json().path("lastRun");
            assertThat(lastRun[0].path("slot").asText()).isEqualTo(slot.toString());
        });
        return lastRun[0];
    }

    @Test
    void aPreviewThatFailsLeavesTheRecordedDraftInFlightAndTheNextSlotsDraftNothing() {
        Previews failing = mock(Previews.class);
        when(failing.preview(any(), any(), any())).thenThrow(new IllegalStateException("the preview store is down"));
        ScheduledRuns runs = new ScheduledRuns(commands, failing, policies, events, scheduler, retries, clock);
        Instant first = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);

        runSlot(runs, first);
        PriceChangeId draft = ScheduledRuns.draftId(rule, first);
        JsonNode recorded = lastRun(first);
        assertThat(recorded.path("priceChangeId").asText()).as(recorded.toString()).isEqualTo(draft.toString());
        assertThat(recorded.path("skipped").isMissingNode()).as("the failure after drafting records no skip").isTrue();
        steps.view(manager.token(), draft.toString(), "DRAFT");

        Instant second = first.plus(Duration.ofHours(1));
        runSlot(runs, second);
        JsonNode skipped = lastRun(second);
        assertThat(skipped.path("priceChangeId").isMissingNode()).as(skipped.toString()).isTrue();
        assertThat(skipped.get("skipped").asText()).contains(draft.toString()).contains("still DRAFT");

        runSlot(runs, second.plus(Duration.ofHours(1)));
        List<Object> skips = new ArrayList<>();
        events.readEvents(rule.toString()).asStream().map(Message::getPayload)
                .filter(SavedRuleScheduledRunSkipped.class::isInstance).forEach(skips::add);
        assertThat(skips).as("a skip for the same reason again is not recorded").hasSize(1);
        assertThat(api.get("/api/v1/price-changes", manager.token()).json().get("total").asInt())
                .as("one draft for three slots").isEqualTo(1);
    }
}
