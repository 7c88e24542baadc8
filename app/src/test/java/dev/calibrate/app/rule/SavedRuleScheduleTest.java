package dev.calibrate.app.rule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.kagkarlsson.scheduler.ScheduledExecution;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.command.rule.schedule.RuleSchedules.ScheduleOrder;
import dev.calibrate.command.rule.schedule.ScheduledRuns;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.Definition;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.DraftPriceChange;
import dev.calibrate.kernel.rule.SavedRuleId;
import dev.calibrate.kernel.tenant.Actor;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.pricechange.PriceChangeSteps.product;
import static dev.calibrate.app.support.ProblemAssertions.assertInvalidField;
import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A saved rule's recurring schedule: who may set it, what a cron may be, and what a due run does (it drafts
 * and previews, never more). A run is made due by moving the rule's db-scheduler execution into the past, as
 * a node that was down when its slot came finds it.
 */
class SavedRuleScheduleTest extends IntegrationTest {

    @Autowired
    private SchedulerClient scheduler;
    @Autowired
    private CommandGateway commands;
    @Autowired
    private ObjectMapper json;

    private PriceChangeSteps steps;
    private Api.TenantToken manager;
    private Api.TenantToken editor;
    private Api.TenantToken approver;
    private Api.TenantToken admin;
    private String rule;

    @BeforeEach
    void tenant() {
        steps = new PriceChangeSteps(api);
        manager = api.token(api.createTenant("Acme", "USD"), "catalog:read", "catalog:write", "prices:write",
                "prices:apply", "audit:read");
        editor = api.token(manager.tenantId(), "prices:write", "prices:approve");
        approver = api.token(manager.tenantId(), "prices:approve");
        admin = api.token(manager.tenantId(), "admin", "audit:read");
        steps.catalog(manager.token(), List.of(product("TS-1", "20.00", null, "summer"),
                product("TS-2", "40.00", null, "summer")));
        rule = created(editor, "Summer minus 10 %");
    }

    private String created(Api.TenantToken by, String name) {
        Api.Response created = api.post("/api/v1/rules", by.token(),
                Map.of("name", name, "rule", SavedRulesHttpTest.TEN_OFF));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    private Api.Response schedule(String id, String cron, String name) {
        Map<String, Object> body = new HashMap<>();
        body.put("cron", cron);
        if (name != null) {
            body.put("name", name);
        }
        return api.send("PUT", "/api/v1/rules/" + id + "/schedule", admin.token(), body);
    }

    private void switchTo(String action) {
        Api.Response switched = api.post("/api/v1/rules/" + rule + "/" + action, admin.token(), null);
        assertThat(switched.status()).as(switched.body()).isEqualTo(200);
    }

    private TaskInstanceId execution(String id) {
        return TaskInstanceId.of("saved-rule-schedule", manager.tenantId() + ":" + id);
    }

    /**
     * Moves the rule's execution to {@code at}, planned for {@code slot}: both the same is a run made due, an
     * earlier {@code at} than {@code slot} is what db-scheduler's revival of a dead execution does.
     */
    private void reschedule(String id, Instant at, Instant slot) {
        ScheduleOrder order = (ScheduleOrder) scheduler.getScheduledExecution(execution(id)).orElseThrow().getData();
        assertThat(scheduler.reschedule(execution(id), at, new ScheduleOrder(order.tenantId(), order.cron(), slot)))
                .as("the rule has an execution").isTrue();
    }

    /** Makes the rule's next run overdue by {@code ago}, as if the node had been down, and waits for it to run. */
    private JsonNode runDue(String id, Duration ago) {
        Instant slot = Instant.now().minus(ago).truncatedTo(ChronoUnit.MILLIS);
        reschedule(id, slot, slot);
        JsonNode[] lastRun = {null};
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            lastRun[0] = api.get("/api/v1/rules/" + id, manager.token()).json().path("lastRun");
            assertThat(lastRun[0].path("slot").asText()).isNotEmpty();
            assertThat(Instant.parse(lastRun[0].get("slot").asText())).isEqualTo(slot);
        });
        return lastRun[0];
    }

    @Test
    void aDueRunDraftsAndPreviewsAChangeFromTheLatestVersionWhichItsEditorCannotApprove() {
        switchTo("enable");
        Api.Response scheduled = schedule(rule, "0 3 * * *", "Nightly summer");
        assertThat(scheduled.status()).as(scheduled.body()).isEqualTo(200);
        assertThat(scheduled.json().get("cron").asText()).isEqualTo("0 0 3 * * *");

        JsonNode lastRun = runDue(rule, Duration.ofDays(3));
        assertThat(lastRun.path("skipped").isMissingNode()).as(lastRun.toString()).isTrue();
        String change = lastRun.get("priceChangeId").asText();

        JsonNode view = steps.view(manager.token(), change, "PREVIEWED");
        assertThat(view.at("/ruleRef/id").asText()).isEqualTo(rule);
        assertThat(view.at("/ruleRef/version").asInt()).isEqualTo(1);
        assertThat(view.get("name").asText()).startsWith("Nightly summer (scheduled run of ").endsWith(" UTC)");

        JsonNode schedule = api.get("/api/v1/rules/" + rule, manager.token()).json().get("schedule");
        assertThat(Instant.parse(schedule.get("nextRunAt").asText())).as("missed slots run once, then the next one")
                .isAfter(Instant.now());

        String hash = steps.preview(manager.token(), change).get("previewHash").asText();
        assertThat(steps.action(manager.token(), change, "submit", null).status()).isEqualTo(200);
        assertProblem(steps.action(editor.token(), change, "approve", Map.of("previewHash", hash)), 403, "forbidden");
        Api.Response approved = steps.action(approver.token(), change, "approve", Map.of("previewHash", hash));
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(steps.view(manager.token(), change, "APPROVED").path("state").asText())
                .as("approved, never applied by the schedule").isEqualTo("APPROVED");
    }

    /**
     * Four eyes hold for a scheduled draft even where the policy allows self-approval: whoever saved the version
     * it was drafted from (v2, by another person than v1's) is refused; v1's saver did not write it and approves.
     */
    @Test
    void whoSavedTheScheduledVersionCannotApproveItsDraftEvenWhenThePolicyAllowsSelfApproval() {
        assertThat(api.send("PUT", "/api/v1/policy", admin.token(), Map.of("selfApprovalAllowed", true)).status())
                .isEqualTo(200);
        Api.TenantToken reviser = api.token(manager.tenantId(), "prices:write", "prices:approve");
        Api.Response revised = api.send("PUT", "/api/v1/rules/" + rule, reviser.token(),
                Map.of("name", "Summer minus 12 %", "rule", SavedRulesHttpTest.TWELVE_OFF, "expectedVersion", 1));
        assertThat(revised.status()).as(revised.body()).isEqualTo(200);
        switchTo("enable");
        assertThat(schedule(rule, "0 3 * * *", null).status()).isEqualTo(200);

        String change = runDue(rule, Duration.ofHours(1)).get("priceChangeId").asText();
        assertThat(steps.view(manager.token(), change, "PREVIEWED").at("/ruleRef/version").asInt()).isEqualTo(2);
        String hash = steps.preview(manager.token(), change).get("previewHash").asText();
        assertThat(steps.action(manager.token(), change, "submit", null).status()).isEqualTo(200);

        Api.Response refused = steps.action(reviser.token(), change, "approve", Map.of("previewHash", hash));
        assertProblem(refused, 403, "forbidden");
        assertThat(refused.json().get("detail").asText()).contains("drafted by the schedule of a saved rule");
        Api.Response approved = steps.action(editor.token(), change, "approve", Map.of("previewHash", hash));
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
    }

    @Test
    void aRunRevivedAfterItDraftedButBeforeItRecordedRecordsItsDraftInsteadOfDraftingASecond() {
        switchTo("enable");
        assertThat(schedule(rule, "0 3 * * *", null).status()).isEqualTo(200);
        Instant slot = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
        // what the run of slot did before its node died: it drafted, and recorded nothing
        SavedRuleId ruleId = new SavedRuleId(UUID.fromString(rule));
        PriceChangeId draft = ScheduledRuns.draftId(ruleId, slot);
        commands.sendAndWait(new DraftPriceChange(draft, new TenantId(UUID.fromString(manager.tenantId())),
                Actor.SYSTEM, new Definition("Drafted before the crash", json.valueToTree(SavedRulesHttpTest.TEN_OFF),
                        null, null, null)));

        // db-scheduler revives a dead execution by moving it to now; its data (the slot) stays
        reschedule(rule, Instant.now().minusSeconds(1), slot);
        JsonNode[] lastRun = {null};
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            lastRun[0] = api.get("/api/v1/rules/" + rule, manager.token()).json().path("lastRun");
            assertThat(lastRun[0].path("slot").asText()).isNotEmpty();
        });
        assertThat(Instant.parse(lastRun[0].get("slot").asText())).isEqualTo(slot);
        assertThat(lastRun[0].path("priceChangeId").asText()).as(lastRun[0].toString()).isEqualTo(draft.toString());
        assertThat(steps.view(manager.token(), draft.toString(), "PREVIEWED").get("name").asText())
                .isEqualTo("Drafted before the crash");
        assertThat(api.get("/api/v1/price-changes", manager.token()).json().get("total").asInt())
                .as("no second draft").isEqualTo(1);
    }

    @Test
    void aRunSkipsWhileThePreviousScheduledDraftIsInFlightAndDraftsAgainOnceItIsDoneWith() {
        switchTo("enable");
        assertThat(schedule(rule, "0 3 * * *", null).status()).isEqualTo(200);
        String first = runDue(rule, Duration.ofHours(2)).get("priceChangeId").asText();
        steps.view(manager.token(), first, "PREVIEWED");

        JsonNode skipped = runDue(rule, Duration.ofHours(1));
        assertThat(skipped.path("priceChangeId").isMissingNode()).as(skipped.toString()).isTrue();
        assertThat(skipped.get("skipped").asText()).contains(first).contains("still PREVIEWED");

        assertThat(steps.action(manager.token(), first, "submit", null).status()).isEqualTo(200);
        JsonNode submitted = runDue(rule, Duration.ofMinutes(45));
        assertThat(submitted.path("priceChangeId").isMissingNode()).as(submitted.toString()).isTrue();
        assertThat(submitted.get("skipped").asText()).contains(first).contains("still SUBMITTED");

        assertThat(steps.action(manager.token(), first, "cancel", null).status()).isEqualTo(200);
        JsonNode drafted = runDue(rule, Duration.ofMinutes(30));
        assertThat(drafted.get("priceChangeId").asText()).isNotEqualTo(first);
        assertThat(steps.view(manager.token(), drafted.get("priceChangeId").asText(), "PREVIEWED").get("name").asText())
                .startsWith("Summer minus 10 % (scheduled run of ");
    }

    @Test
    void aDisabledRuleDraftsNothingAndARemovedScheduleHasNoRunLeft() {
        assertThat(schedule(rule, "0 3 * * *", null).status()).isEqualTo(200);
        JsonNode skipped = runDue(rule, Duration.ofHours(1));
        assertThat(skipped.get("skipped").asText()).isEqualTo("the rule is disabled");
        assertThat(api.get("/api/v1/price-changes", manager.token()).json().get("total").asInt()).isZero();

        Api.Response removed = api.delete("/api/v1/rules/" + rule + "/schedule", admin.token());
        assertThat(removed.status()).as(removed.body()).isEqualTo(200);
        assertThat(scheduler.getScheduledExecution(execution(rule))).isEmpty();
        JsonNode read = api.get("/api/v1/rules/" + rule, manager.token(), "X-Calibrate-Wait-For",
                Long.toString(removed.position())).json();
        assertThat(read.path("schedule").isMissingNode()).as(read.toString()).isTrue();
        assertThat(read.at("/lastRun/skipped").asText()).isEqualTo("the rule is disabled");
    }

    @Test
    void settingAndRemovingTheScheduleAndEnablingAndDisablingAreAudited() {
        switchTo("enable");
        assertThat(schedule(rule, "0 3 * * *", null).status()).isEqualTo(200);
        assertThat(api.delete("/api/v1/rules/" + rule + "/schedule", admin.token()).status()).isEqualTo(200);
        switchTo("disable");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JsonNode audit = api.get("/api/v1/audit?entityType=saved-rule&entityId=" + rule, admin.token()).json();
            assertThat(audit.get("items")).extracting(i -> i.get("action").asText()).contains("SavedRuleEnabled",
                    "SavedRuleScheduleSet", "SavedRuleScheduleRemoved", "SavedRuleDisabled");
            audit.get("items").forEach(i -> {
                if (i.get("action").asText().startsWith("SavedRuleSchedule")) {
                    assertThat(i.get("actor").asText()).isEqualTo(admin.tokenId());
                }
            });
        });
    }

    @Test
    void theNextRunIsAWallClockTimeInTheTenantsZoneShownThereAndInUtc() {
        Api.Response zone = api.send("PUT", "/admin/v1/tenants/" + manager.tenantId() + "/time-zone",
                api.adminToken(), Map.of("timeZone", "Europe/Berlin"));
        assertThat(zone.status()).as(zone.body()).isEqualTo(200);
        Api.Response scheduled = schedule(rule, "30 2 * * *", null);
        assertThat(scheduled.status()).as(scheduled.body()).isEqualTo(200);

        ZoneId berlin = ZoneId.of("Europe/Berlin");
        ZonedDateTime now = ZonedDateTime.now(berlin);
        ZonedDateTime expected = now.toLocalDate().atTime(2, 30).atZone(berlin);
        if (!expected.isAfter(now)) {
            expected = now.toLocalDate().plusDays(1).atTime(2, 30).atZone(berlin);
        }
        assertThat(scheduled.json().get("timeZone").asText()).isEqualTo("Europe/Berlin");
        assertThat(Instant.parse(scheduled.json().get("nextRunAt").asText())).isEqualTo(expected.toInstant());
        JsonNode schedule = api.get("/api/v1/rules/" + rule, manager.token(), "X-Calibrate-Wait-For",
                Long.toString(scheduled.position())).json().get("schedule");
        assertThat(schedule.get("cron").asText()).isEqualTo("0 30 2 * * *");
        assertThat(schedule.get("timeZone").asText()).isEqualTo("Europe/Berlin");
        assertThat(Instant.parse(schedule.get("nextRunAt").asText())).isEqualTo(expected.toInstant());
        assertThat(schedule.get("nextRunLocal").asText()).isEqualTo(expected.toString());
    }

    @Test
    void aTenantsNewTimeZoneMovesItsSchedulesNextRunToTheSlotInThatZone() {
        Api.Response scheduled = schedule(rule, "30 2 * * *", null);
        assertThat(scheduled.status()).as(scheduled.body()).isEqualTo(200);
        assertThat(scheduled.json().get("timeZone").asText()).isEqualTo("UTC");

        Api.Response zone = api.send("PUT", "/admin/v1/tenants/" + manager.tenantId() + "/time-zone",
                api.adminToken(), Map.of("timeZone", "America/Argentina/Buenos_Aires"));
        assertThat(zone.status()).as(zone.body()).isEqualTo(200);

        ZoneId buenosAires = ZoneId.of("America/Argentina/Buenos_Aires");
        ZonedDateTime now = ZonedDateTime.now(buenosAires);
        ZonedDateTime expected = now.toLocalDate().atTime(2, 30).atZone(buenosAires);
        if (!expected.isAfter(now)) {
            expected = now.toLocalDate().plusDays(1).atTime(2, 30).atZone(buenosAires);
        }
        ScheduledExecution<Object> execution = scheduler.getScheduledExecution(execution(rule)).orElseThrow();
        assertThat(execution.getExecutionTime()).isEqualTo(expected.toInstant());
        assertThat(((ScheduleOrder) execution.getData()).slot()).as("the slot moves with it")
                .isEqualTo(expected.toInstant());
        String local = expected.toString();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(api.get("/api/v1/rules/" + rule, manager.token()).json().at("/schedule/nextRunLocal")
                        .asText()).isEqualTo(local));
    }

    @Test
    void aScheduleIsRefusedForABadCronOrNameWithoutTheAdminScopeForAnUnknownRuleAndPastTheTenantsCap() {
        for (String bad : new String[]{" ", "every day", "0 61 * * *", "*/30 * * * *", "0 0 0 30 2 *"}) {
            assertInvalidField(schedule(rule, bad, null), "cron");
        }
        assertThat(api.send("PUT", "/api/v1/rules/" + rule + "/schedule", admin.token(), Map.of()).status())
                .as("no cron").isEqualTo(400);
        String longCron = "0 3 1" + ",1".repeat(60) + " * *";
        assertThat(longCron.length()).isGreaterThan(120);
        assertInvalidField(schedule(rule, longCron, null), "cron");
        assertInvalidField(schedule(rule, "0 3 * * *", " "), "name");
        assertInvalidField(schedule(rule, "0 3 * * *", "n".repeat(141)), "name");
        assertThat(schedule(rule, "0 3 * * *", "n".repeat(140)).status()).as("140 characters are allowed")
                .isEqualTo(200);
        assertThat(api.delete("/api/v1/rules/" + rule + "/schedule", admin.token()).status()).isEqualTo(200);
        assertProblem(api.send("PUT", "/api/v1/rules/" + rule + "/schedule", editor.token(),
                Map.of("cron", "0 3 * * *")), 403, "missing-scope");
        assertProblem(api.delete("/api/v1/rules/" + rule + "/schedule", editor.token()), 403, "missing-scope");
        assertProblem(schedule("6a0c1f7e-2b3d-4e5f-8a9b-0c1d2e3f4a5b", "0 3 * * *", null), 404, "not-found");
        assertProblem(api.delete("/api/v1/rules/6a0c1f7e-2b3d-4e5f-8a9b-0c1d2e3f4a5b/schedule", admin.token()), 404,
                "not-found");
        // another tenant's admin: the rule reads as missing, for setting and removing alike
        Api.TenantToken otherAdmin = api.token(api.createTenant("Other " + rule, "USD"), "admin");
        assertProblem(api.send("PUT", "/api/v1/rules/" + rule + "/schedule", otherAdmin.token(),
                Map.of("cron", "0 3 * * *")), 404, "not-found");
        assertProblem(api.delete("/api/v1/rules/" + rule + "/schedule", otherAdmin.token()), 404, "not-found");
        assertThat(scheduler.getScheduledExecution(execution(rule))).as("nothing refused was scheduled").isEmpty();

        for (int i = 0; i < 20; i++) {
            String id = i == 0 ? rule : created(editor, "Rule " + i);
            assertThat(schedule(id, "0 3 * * *", null).status()).isEqualTo(200);
        }
        assertThat(schedule(rule, "0 4 * * *", null).status()).as("a scheduled rule may change its cron")
                .isEqualTo(200);
        assertProblem(schedule(created(editor, "One too many"), "0 3 * * *", null), 409, "conflict");
    }
}
