package dev.calibrate.app.simulation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.command.simulation.Simulations;
import dev.calibrate.kernel.rule.SavedRuleId;
import dev.calibrate.kernel.rule.SavedRuleMessages.SavedRuleVersion;
import dev.calibrate.kernel.tenant.Actor;
import dev.calibrate.kernel.tenant.TenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.support.ProblemAssertions.assertInvalidField;
import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every way a simulation is refused or cut short, and what it keeps then. */
class RuleSimulationRefusalsTest extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Simulations simulations;

    private Api.TenantToken acme;
    private String ruleId;
    private LocalDate today;

    @BeforeEach
    void aRule() {
        acme = api.newTenant("Simulation refusals " + UUID.randomUUID());
        Api.Response created = api.post("/api/v1/rules", acme.token(),
                Map.of("name", "Match", "rule", RuleSimulationTest.MATCH_LOWEST));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        ruleId = created.json().get("id").asText();
        today = LocalDate.now(ZoneOffset.UTC);
    }

    private Api.Response simulate(String token, String rule, Map<String, Object> body) {
        return api.post("/api/v1/rules/" + rule + "/simulate", token, body);
    }

    private Api.Response simulate(Map<String, Object> body) {
        return simulate(acme.token(), ruleId, body);
    }

    @Test
    void theRangeIsAtMostNinetyDaysInThePastInOrder() {
        assertInvalidField(simulate(Map.of("from", today.minusDays(90).toString(), "to", today.toString())), "to");
        assertInvalidField(simulate(Map.of("from", today.minusDays(1).toString(), "to", today.minusDays(2).toString())),
                "from");
        assertInvalidField(simulate(Map.of("from", today.toString(), "to", today.plusDays(1).toString())), "to");
        assertInvalidField(simulate(Map.of("from", "yesterday", "to", today.toString())), "from");
        assertProblem(simulate(Map.of("to", today.toString())), 400, null);

        Api.Response ninety = simulate(Map.of("from", today.minusDays(89).toString(), "to", today.toString()));
        assertThat(ninety.status()).as(ninety.body()).isEqualTo(202);
        assertThat(ninety.json().get("days").asInt()).isEqualTo(90);
        JsonNode done = finished(ninety);
        assertThat(done.get("state").asText()).isEqualTo("DONE");
        assertThat(done.get("daysDone").asInt()).isEqualTo(90);
    }

    @Test
    void anUnknownRuleOrVersionAndAnotherTenantsRuleAreMissing() {
        Map<String, Object> days = Map.of("from", today.minusDays(1).toString(), "to", today.toString());
        assertProblem(simulate(acme.token(), UUID.randomUUID().toString(), days), 404, "not-found");
        assertProblem(simulate(acme.token(), "not-a-rule", days), 404, "not-found");
        assertProblem(simulate(Map.of("version", 2, "from", today.toString(), "to", today.toString())), 404,
                "not-found");
        Api.TenantToken globex = api.newTenant("Other " + UUID.randomUUID());
        assertProblem(simulate(globex.token(), ruleId, days), 404, "not-found");

        String started = simulate(days).json().get("id").asText();
        assertProblem(api.get("/api/v1/rules/" + ruleId + "/simulations/" + started, globex.token()), 404,
                "not-found");
        assertProblem(api.get("/api/v1/rules/" + ruleId + "/simulations/" + UUID.randomUUID(), acme.token()), 404,
                "not-found");

        String items = "/api/v1/rules/" + ruleId + "/simulations/" + started + "/days/";
        assertInvalidField(api.get(items + "yesterday/items", acme.token()), "date");
        assertInvalidField(api.get(items + today + "/items?size=0", acme.token()), "size");
        assertInvalidField(api.get(items + today + "/items?size=501", acme.token()), "size");
        assertInvalidField(api.get(items + today + "/items?after=nope", acme.token()), "after");
        assertProblem(api.get(items + today + "/items", globex.token()), 404, "not-found");
    }

    @Test
    void readingRulesIsWhatSimulatingTakes() {
        Api.TenantToken catalogOnly = api.token(acme.tenantId(), "catalog:read");
        Api.TenantToken auditor = api.token(acme.tenantId(), "audit:read");
        Map<String, Object> days = Map.of("from", today.toString(), "to", today.toString());

        assertProblem(simulate(catalogOnly.token(), ruleId, days), 403, "missing-scope");
        assertProblem(simulate(null, ruleId, days), 401, "unauthorized");
        Api.Response started = simulate(auditor.token(), ruleId, days);
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        assertProblem(api.get(started.header("Location"), catalogOnly.token()), 403, "missing-scope");
    }

    @Test
    void aTenantRunsOneSimulationAtATimeAcrossTheCluster() {
        // as if another node were running one for the tenant
        jdbc.update("""
                INSERT INTO rule_simulation (simulation_id, tenant_id, rule_id, version, currency, from_day, to_day,
                    time_zone, state, days_total, days_done, requested_by, started_at)
                VALUES (?, ?, ?, 1, 'USD', current_date, current_date, 'UTC', 'RUNNING', 1, 0, 'x', now())""",
                UUID.randomUUID(), UUID.fromString(acme.tenantId()), UUID.fromString(ruleId));
        Map<String, Object> days = Map.of("from", today.toString(), "to", today.toString());

        JsonNode problem = assertProblem(simulate(days), 409, "conflict");
        assertThat(problem.get("detail").asText()).contains("already runs a simulation");

        // one that has outlived every budget lost its node: it is stopped and the next one runs
        jdbc.update("UPDATE rule_simulation SET started_at = now() - interval '1 day' WHERE tenant_id = ?",
                UUID.fromString(acme.tenantId()));
        assertThat(simulate(days).status()).isEqualTo(202);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM rule_simulation WHERE tenant_id = ? AND reason = ?",
                Long.class, UUID.fromString(acme.tenantId()), "its node stopped before it ended")).isEqualTo(1);
    }

    @Test
    void aSimulationOverItsBudgetIsStoppedWithItsReason() {
        TenantId tenant = TenantId.parse(acme.tenantId());
        SavedRuleVersion saved = new SavedRuleVersion(new SavedRuleId(UUID.fromString(ruleId)), 1, "Match",
                new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(RuleSimulationTest.MATCH_LOWEST),
                new Actor(acme.tokenId()));
        String id = simulations.start(tenant, saved, today.minusDays(5), today, ZoneOffset.UTC, acme.tokenId(),
                Instant.now(), Duration.ofNanos(1)).id().toString();

        JsonNode stopped = finished(api.get("/api/v1/rules/" + ruleId + "/simulations/" + id, acme.token()).json());

        assertThat(stopped.get("state").asText()).isEqualTo("STOPPED");
        assertThat(stopped.get("reason").asText()).contains("over its budget").contains("0 of 6 days done");
        assertThat(stopped.get("daysDone").asInt()).isZero();
        assertThat(stopped.get("finishedAt").isNull()).isFalse();
    }

    @Test
    void progressIsStoredAsEachDayEnds() {
        JsonNode done = finished(simulate(Map.of("from", today.minusDays(29).toString(), "to", today.toString())).json());

        assertThat(done.get("daysDone").asInt()).isEqualTo(30);
        assertThat(done.get("days")).hasSize(30);
        assertThat(done.at("/days/0/date").asText()).isEqualTo(today.minusDays(29).toString());
        // today is evaluated as of the request, not of its end, which has not come yet
        assertThat(Instant.parse(done.at("/days/29/evaluatedAt").asText()))
                .isBeforeOrEqualTo(Instant.parse(done.get("startedAt").asText()));
    }

    private JsonNode finished(Api.Response started) {
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        return finished(started.json());
    }

    private JsonNode finished(JsonNode started) {
        String path = "/api/v1/rules/" + ruleId + "/simulations/" + started.get("id").asText();
        JsonNode[] view = new JsonNode[1];
        await("the simulation ends").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            view[0] = api.get(path, acme.token()).json();
            return !view[0].get("state").asText().equals("RUNNING");
        });
        return view[0];
    }
}
