package dev.calibrate.app.rule;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.rule.SavedRuleId;
import dev.calibrate.kernel.rule.SavedRuleMessages.RecordScheduledRun;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.support.ProblemAssertions.assertInvalidField;
import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * GET /api/v1/rules/{id}/schedule/runs: the runs the rule recorded (as its schedule's task records them, through
 * the rule's commands), newest slot first in keyset pages, for whoever may read saved rules of the tenant.
 */
class SavedRuleRunsHttpTest extends IntegrationTest {

    private static final Instant SLOT = Instant.now().minus(Duration.ofDays(4)).truncatedTo(ChronoUnit.SECONDS);

    @Autowired
    private CommandGateway commands;

    private Api.TenantToken editor;
    private String rule;

    @BeforeEach
    void rule() {
        editor = api.token(api.createTenant("Acme", "USD"), "prices:write");
        Api.Response created = api.post("/api/v1/rules", editor.token(),
                Map.of("name", "Summer minus 10 %", "rule", SavedRulesHttpTest.TEN_OFF));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        rule = created.json().get("id").asText();
    }

    private void record(Instant slot, PriceChangeId drafted, String skipped) {
        commands.sendAndWait(new RecordScheduledRun(new SavedRuleId(UUID.fromString(rule)),
                new TenantId(UUID.fromString(editor.tenantId())), slot, drafted, drafted == null ? 0 : 1, skipped));
    }

    private JsonNode runs(String query, int expected) {
        JsonNode[] page = {null};
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            Api.Response runs = api.get("/api/v1/rules/" + rule + "/schedule/runs" + query, editor.token());
            assertThat(runs.status()).as(runs.body()).isEqualTo(200);
            page[0] = runs.json();
            assertThat(page[0].get("items")).hasSize(expected);
        });
        return page[0];
    }

    @Test
    void eachRecordedRunIsListedNewestSlotFirstWithItsDraftOrWhyItDraftedNothingInKeysetPages() {
        PriceChangeId first = new PriceChangeId(UUID.randomUUID());
        PriceChangeId last = new PriceChangeId(UUID.randomUUID());
        record(SLOT, first, null);
        record(SLOT.plus(Duration.ofDays(1)), null, "the rule is disabled");
        record(SLOT.plus(Duration.ofDays(2)), null, "the previous scheduled draft " + first + " is still DRAFT");
        record(SLOT.plus(Duration.ofDays(3)), last, null);
        record(SLOT.plus(Duration.ofDays(1)), null, "an older slot run again is not recorded");

        JsonNode newest = runs("?size=2", 2);
        assertThat(newest.get("items").findValuesAsText("slot")).containsExactly(
                SLOT.plus(Duration.ofDays(3)).toString(), SLOT.plus(Duration.ofDays(2)).toString());
        JsonNode drafted = newest.get("items").get(0);
        assertThat(drafted.get("priceChangeId").asText()).isEqualTo(last.toString());
        assertThat(drafted.has("skipped")).isFalse();
        assertThat(Instant.parse(drafted.get("at").asText())).isAfter(SLOT.plus(Duration.ofDays(3)));
        assertThat(newest.get("items").get(1).get("skipped").asText()).contains("is still DRAFT");
        assertThat(newest.get("items").get(1).has("priceChangeId")).isFalse();
        assertThat(newest.get("nextBefore").asText()).isEqualTo(SLOT.plus(Duration.ofDays(2)).toString());

        JsonNode older = runs("?size=2&before=" + newest.get("nextBefore").asText(), 2);
        assertThat(older.get("items").findValuesAsText("slot")).containsExactly(
                SLOT.plus(Duration.ofDays(1)).toString(), SLOT.toString());
        assertThat(older.get("items").get(0).get("skipped").asText()).isEqualTo("the rule is disabled");
        assertThat(older.get("items").get(1).get("priceChangeId").asText()).isEqualTo(first.toString());
        assertThat(older.path("nextBefore").isNull() || older.path("nextBefore").isMissingNode()).isTrue();

        assertThat(runs("", 4).get("items").findValuesAsText("slot")).hasSize(4);
    }

    @Test
    void aRuleThatNeverRanHasNoRuns() {
        JsonNode page = runs("", 0);
        assertThat(page.path("nextBefore").isNull() || page.path("nextBefore").isMissingNode()).isTrue();
    }

    @Test
    void anotherTenantsUnknownOrMalformedRuleIsA404() {
        record(SLOT, new PriceChangeId(UUID.randomUUID()), null);
        runs("", 1);
        Api.TenantToken globex = api.token(api.createTenant("Globex", "USD"), "prices:write", "audit:read");

        assertProblem(api.get("/api/v1/rules/" + rule + "/schedule/runs", globex.token()), 404, null);
        assertProblem(api.get("/api/v1/rules/" + UUID.randomUUID() + "/schedule/runs", editor.token()), 404, null);
        assertProblem(api.get("/api/v1/rules/not-a-rule/schedule/runs", editor.token()), 404, null);
    }

    @Test
    void aBadCursorOrSizeIsA400AndATokenThatCannotReadRulesA403() {
        String path = "/api/v1/rules/" + rule + "/schedule/runs";
        assertInvalidField(api.get(path + "?before=yesterday", editor.token()), "before");
        assertInvalidField(api.get(path + "?before=1900-01-01T00:00:00Z", editor.token()), "before");
        assertInvalidField(api.get(path + "?size=0", editor.token()), "size");
        assertInvalidField(api.get(path + "?size=501", editor.token()), "size");
        for (String scope : List.of("prices:approve", "prices:apply", "audit:read")) {
            assertThat(api.get(path, api.token(editor.tenantId(), scope).token()).status()).as(scope).isEqualTo(200);
        }
        assertProblem(api.get(path, api.token(editor.tenantId(), "catalog:read").token()), 403, "missing-scope");
        assertProblem(api.get(path, null), 401, "unauthorized");
    }
}
