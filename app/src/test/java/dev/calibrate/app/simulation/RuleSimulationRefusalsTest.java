package dev.calibrate.app.simulation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.command.simulation.Simulations;
import dev.calibrate.command.simulation.SimulationsBusy;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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
        assertInvalidField(simulate(Map.of("from", "2026-1-1", "to", today.toString())), "from");
        // before the look-back (two years): a date far back, or one PostgreSQL cannot hold, never reaches it
        assertInvalidField(simulate(Map.of("from", "-5000-01-01", "to", today.toString())), "from");
        assertInvalidField(simulate(Map.of("from", today.minusDays(731).toString(),
                "to", today.minusDays(700).toString())), "from");
        assertInvalidField(simulate(Map.of("from", today.toString(), "to", "+10000-01-01")), "to");
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
        finished(api.get("/api/v1/rules/" + ruleId + "/simulations/" + started, acme.token()).json());
        assertInvalidField(api.get("/api/v1/rules/" + ruleId + "/simulations/not-an-id", acme.token()),
                "simulationId");
        assertInvalidField(api.get("/api/v1/rules/" + ruleId + "/simulations/not-an-id/days/" + today + "/items",
                acme.token()), "simulationId");
        // the tenant's simulation read under another of its rules is missing
        String otherRule = api.post("/api/v1/rules", acme.token(),
                Map.of("name", "Other", "rule", RuleSimulationTest.MATCH_LOWEST)).json().get("id").asText();
        assertProblem(api.get("/api/v1/rules/" + otherRule + "/simulations/" + started, acme.token()), 404,
                "not-found");
        assertProblem(api.get("/api/v1/rules/" + otherRule + "/simulations/" + started + "/days/" + today + "/items",
                acme.token()), 404, "not-found");
        // a day outside the simulation's range is missing; one inside, done, is read
        assertProblem(api.get(items + today.minusDays(2) + "/items", acme.token()), 404, "not-found");
        assertProblem(api.get(items + today.plusDays(1) + "/items", acme.token()), 404, "not-found");
        assertThat(api.get(items + today + "/items", acme.token()).status()).isEqualTo(200);
        assertInvalidField(api.get(items + "yesterday/items", acme.token()), "date");
        assertInvalidField(api.get(items + "-5000-01-01/items", acme.token()), "date");
        assertInvalidField(api.get(items + today + "/items?size=0", acme.token()), "size");
        assertInvalidField(api.get(items + today + "/items?size=501", acme.token()), "size");
        assertInvalidField(api.get(items + today + "/items?after=nope", acme.token()), "after");
        // a cursor whose SKU holds a NUL or another control character, or with no product id, never reaches SQL
        assertInvalidField(api.get(items + today + "/items?after=" + cursor(UUID.randomUUID() + ":A\u0000B"),
                acme.token()), "after");
        assertInvalidField(api.get(items + today + "/items?after=" + cursor(UUID.randomUUID() + ":A\nB"),
                acme.token()), "after");
        assertInvalidField(api.get(items + today + "/items?after=" + cursor("no-colon"), acme.token()), "after");
        assertInvalidField(api.get(items + today + "/items?after=" + cursor("nope:SKU"), acme.token()), "after");
        assertProblem(api.get(items + today + "/items", globex.token()), 404, "not-found");
    }

    @Test
    void startingTakesPricesWriteAndReadingWhatReadingRulesTakes() {
        Api.TenantToken catalogOnly = api.token(acme.tenantId(), "catalog:read");
        Api.TenantToken auditor = api.token(acme.tenantId(), "audit:read");
        Api.TenantToken writer = api.token(acme.tenantId(), "prices:write");
        Map<String, Object> days = Map.of("from", today.toString(), "to", today.toString());

        assertProblem(simulate(catalogOnly.token(), ruleId, days), 403, "missing-scope");
        assertProblem(simulate(auditor.token(), ruleId, days), 403, "missing-scope");
        assertProblem(simulate(null, ruleId, days), 401, "unauthorized");
        assertThat(count("SELECT count(*) FROM rule_simulation WHERE tenant_id = ?")).isZero();
        Api.Response started = simulate(writer.token(), ruleId, days);
        finished(started);
        assertProblem(api.get(started.header("Location"), catalogOnly.token()), 403, "missing-scope");
        assertThat(api.get(started.header("Location"), auditor.token()).status()).isEqualTo(200);
    }

    @Test
    void aStartFindingEveryWorkerBusyIsA429AndStoresNothing() {
        CountDownLatch release = new CountDownLatch(1);
        List<String> holding = new ArrayList<>();
        try {
            // other tenants' simulations hold every worker of this node
            for (int i = 0; i < simulations.limits().workers(); i++) {
                Api.TenantToken other = api.newTenant("Busy " + UUID.randomUUID());
                String rule = api.post("/api/v1/rules", other.token(),
                        Map.of("name", "Match", "rule", RuleSimulationTest.MATCH_LOWEST)).json().get("id").asText();
                await("a free worker").atMost(Duration.ofSeconds(30)).ignoreException(SimulationsBusy.class)
                        .until(() -> holding.add(simulations.start(TenantId.parse(other.tenantId()), saved(rule, other),
                                today, today, ZoneOffset.UTC, other.tokenId(), Instant.now(), Duration.ofMinutes(1),
                                done -> awaited(release)).id().toString()));
            }

            Api.Response refused = simulate(Map.of("from", today.toString(), "to", today.toString()));

            JsonNode problem = assertProblem(refused, 429, "too-many-requests");
            assertThat(problem.get("detail").asText()).contains("nothing was started");
            assertThat(Long.parseLong(refused.header("Retry-After"))).isPositive();
            assertThat(count("SELECT count(*) FROM rule_simulation WHERE tenant_id = ?")).isZero();
        } finally {
            release.countDown();
        }
        for (String id : holding) {
            await().atMost(Duration.ofSeconds(30)).until(() -> !"RUNNING".equals(jdbc.queryForObject(
                    "SELECT state FROM rule_simulation WHERE simulation_id = ?", String.class, UUID.fromString(id))));
        }
        // the workers are free again, and the refused tenant starts
        await("a free worker").atMost(Duration.ofSeconds(10)).until(() -> {
            Api.Response started = simulate(Map.of("from", today.toString(), "to", today.toString()));
            if (started.status() == 429) return false;
            assertThat(finished(started).get("state").asText()).isEqualTo("DONE");
            return true;
        });
    }

    private static boolean awaited(CountDownLatch release) {
        try {
            return release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void aTenantRunsOneSimulationAtATimeAcrossTheCluster() {
        UUID lost = UUID.randomUUID();
        // as if another node were running one for the tenant
        jdbc.update("""
                INSERT INTO rule_simulation (simulation_id, tenant_id, rule_id, version, currency, from_day, to_day,
                    time_zone, state, days_total, days_done, requested_by, started_at, heartbeat_at)
                VALUES (?, ?, ?, 1, 'USD', current_date, current_date, 'UTC', 'RUNNING', 1, 0, 'x', now(), now())""",
                lost, UUID.fromString(acme.tenantId()), UUID.fromString(ruleId));
        Map<String, Object> days = Map.of("from", today.toString(), "to", today.toString());

        JsonNode problem = assertProblem(simulate(days), 409, "conflict");
        assertThat(problem.get("detail").asText()).contains("already runs a simulation");

        // one whose heartbeat is older than a day may take lost its node: it reads STOPPED and the next one runs
        jdbc.update("UPDATE rule_simulation SET heartbeat_at = now() - interval '1 hour' WHERE tenant_id = ?",
                UUID.fromString(acme.tenantId()));
        JsonNode stale = api.get("/api/v1/rules/" + ruleId + "/simulations/" + lost, acme.token()).json();
        assertThat(stale.get("state").asText()).isEqualTo("STOPPED");
        assertThat(stale.get("reason").asText()).contains("its node stopped before it ended");
        finished(simulate(days));
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
                Instant.now(), Duration.ofNanos(1), done -> true).id().toString();

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

    @Test
    void progressIsSeenMovingAndAStoppedSimulationKeepsItsDaysToRead() throws Exception {
        CountDownLatch twoDaysSeen = new CountDownLatch(1);
        String id = simulations.start(TenantId.parse(acme.tenantId()), saved(ruleId, acme), today.minusDays(4), today,
                ZoneOffset.UTC, acme.tokenId(), Instant.now(), Duration.ofMinutes(1), done -> {
                    if (done < 2) return true;
                    try {
                        twoDaysSeen.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return false; // the budget runs out after two days
                }).id().toString();
        String path = "/api/v1/rules/" + ruleId + "/simulations/" + id;

        await().atMost(Duration.ofSeconds(30)).until(() -> api.get(path, acme.token()).json().get("daysDone").asInt() == 2);
        JsonNode midway = api.get(path, acme.token()).json();
        assertThat(midway.get("state").asText()).isEqualTo("RUNNING");
        // known as it was recorded (the profile decides), not only once it ends
        assertThat(midway.get("catalogAsOf").asText()).isEqualTo("each-day");
        assertThat(midway.get("days")).hasSize(2);
        twoDaysSeen.countDown();

        JsonNode stopped = finished(api.get(path, acme.token()).json());
        assertThat(stopped.get("state").asText()).isEqualTo("STOPPED");
        assertThat(stopped.get("reason").asText()).contains("over its budget").contains("2 of 5 days done");
        assertThat(stopped.get("days")).extracting(day -> day.get("date").asText())
                .containsExactly(today.minusDays(4).toString(), today.minusDays(3).toString());
        assertThat(api.get(path + "/days/" + today.minusDays(3) + "/items", acme.token()).status()).isEqualTo(200);
        assertProblem(api.get(path + "/days/" + today.minusDays(2) + "/items", acme.token()), 404, "not-found");
    }

    @Test
    void aTenantKeepsItsLatestSimulationsAndNothingPastKeptFor() {
        Api.TenantToken globex = api.newTenant("Kept " + UUID.randomUUID());
        String otherRule = api.post("/api/v1/rules", acme.token(),
                Map.of("name", "Other", "rule", RuleSimulationTest.MATCH_LOWEST)).json().get("id").asText();
        // twelve finished simulations over two of the tenant's rules, and one of another tenant's
        for (int i = 0; i < 12; i++) {
            finishedRow(acme.tenantId(), i % 2 == 0 ? ruleId : otherRule, "now() - interval '" + (i + 1) + " minutes'");
        }
        UUID theirs = finishedRow(globex.tenantId(), UUID.randomUUID().toString(), "now() - interval '1 hour'");

        finished(simulate(Map.of("from", today.toString(), "to", today.toString())));

        // the one just run and the nine latest before it: ten per tenant, whatever their rule
        assertThat(count("SELECT count(*) FROM rule_simulation WHERE tenant_id = ?")).isEqualTo(10);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM rule_simulation WHERE simulation_id = ?", Long.class,
                theirs)).isEqualTo(1);

        // the recurring cleanup deletes what is past kept-for, for every tenant
        UUID old = finishedRow(globex.tenantId(), UUID.randomUUID().toString(), "now() - interval '8 days'");
        assertThat(simulations.deleteExpired()).isPositive();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM rule_simulation WHERE simulation_id IN (?, ?)",
                Long.class, old, theirs)).isEqualTo(1);
    }

    private UUID finishedRow(String tenant, String rule, String startedAt) {
        UUID id = UUID.randomUUID();
        jdbc.update("INSERT INTO rule_simulation (simulation_id, tenant_id, rule_id, version, currency, from_day,"
                + " to_day, time_zone, state, days_total, days_done, requested_by, started_at, heartbeat_at,"
                + " finished_at) VALUES (?, ?, ?, 1, 'USD', current_date, current_date, 'UTC', 'DONE', 1, 1, 'x', "
                + startedAt + ", " + startedAt + ", " + startedAt + ")", id, UUID.fromString(tenant),
                UUID.fromString(rule));
        return id;
    }

    private long count(String sql) {
        return jdbc.queryForObject(sql, Long.class, UUID.fromString(acme.tenantId()));
    }

    private SavedRuleVersion saved(String rule, Api.TenantToken owner) {
        return new SavedRuleVersion(new SavedRuleId(UUID.fromString(rule)), 1, "Match",
                new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(RuleSimulationTest.MATCH_LOWEST),
                new Actor(owner.tokenId()));
    }

    private static String cursor(String raw) {
        return java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(raw.getBytes(java.nio.charset.StandardCharsets.UTF_8));
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
