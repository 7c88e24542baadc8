package dev.calibrate.app.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.Sql;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static dev.calibrate.app.pricechange.PriceChangeSteps.product;
import static dev.calibrate.app.support.ProblemAssertions.assertInvalidField;
import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Brand floors set over HTTP, one product at a time and from a CSV, and the previews they block. */
class BrandFloorsHttpTest extends IntegrationTest {

    private static final String HEADER = "sku,currency,map,pmap,pmap_from,pmap_until,lrp\n";
    private static final Map<String, Object> TEN_OFF = Map.of(
            "selector", Map.of("all", List.of(Map.of("field", "tags", "op", "contains", "value", "summer"))),
            "transform", List.of(Map.of("op", "percent", "value", -15)),
            "currency", "USD");

    private PriceChangeSteps steps;
    private Api.TenantToken manager;

    @BeforeEach
    void tenant() {
        steps = new PriceChangeSteps(api);
        manager = api.token(api.createTenant("Acme", "USD"), "catalog:read", "catalog:write", "prices:write",
                "audit:read", "admin");
        steps.catalog(manager.token(), List.of(
                product("TS-1", "20.00", null, "summer"),
                product("TS-2", "40.00", null, "summer"),
                product("TS-3", "50.00", null, "summer"),
                product("TS-4", "10.00", null, "summer")));
        assertThat(api.send("PUT", "/api/v1/policy", manager.token(), Map.of("enforceMap", true)).status())
                .isEqualTo(200);
    }

    private String id(String sku) {
        return ProductId.forSku(new TenantId(UUID.fromString(manager.tenantId())), sku).toString();
    }

    private Api.Response put(String sku, String currency, Object body) {
        return api.send("PUT", "/api/v1/products/" + id(sku) + "/brand-floors/" + currency, manager.token(), body);
    }

    private Api.Response importCsv(String csv) {
        return api.send("POST", "/api/v1/products/brand-floors:import", manager.token(), csv,
                "Content-Type", "text/csv");
    }

    private Map<String, JsonNode> preview() {
        String change = steps.draft(manager.token(), "Minus 15", TEN_OFF, Map.of());
        JsonNode items = steps.preview(manager.token(), change).get("items");
        return StreamSupport.stream(items.spliterator(), false).collect(Collectors.toMap(i -> i.get("sku").asText(), i -> i));
    }

    private boolean floorsEverSet(String sku) {
        for (JsonNode event : api.get("/api/v1/products/" + id(sku) + "/history", manager.token()).json().get("events")) {
            if (event.get("type").asText().equals("ProductBrandFloorsSet")) return true;
        }
        return false;
    }

    @Test
    void floorsSetByTheApiAndByCsvBlockThePreviewNamingTheFloor() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Api.Response set = put("TS-1", "USD", Map.of("map", "19.99"));
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.json().get("map").asText()).isEqualTo("19.99");
        assertThat(set.json().get("currency").asText()).isEqualTo("USD");

        Instant from = now.minus(Duration.ofDays(1));
        Instant until = now.plus(Duration.ofDays(1));
        Api.Response imported = importCsv(HEADER
                + "TS-2,USD,,,,,36.00\n"
                + "\"TS-3\",USD,45.00,44.00," + from + "," + until + ",\n");
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(imported.json().get("rows").asInt()).isEqualTo(2);
        assertThat(imported.json().get("changed").asInt()).isEqualTo(2);

        Map<String, JsonNode> items = preview();
        assertThat(items.get("TS-1").get("status").asText()).isEqualTo("BLOCKED");
        assertThat(items.get("TS-1").get("reasons").get(0).asText()).isEqualTo("breaks guardrail MAP 19.99");
        assertThat(items.get("TS-2").get("reasons").get(0).asText()).isEqualTo("breaks guardrail LRP 36.00");
        assertThat(items.get("TS-3").get("reasons").get(0).asText())
                .isEqualTo("breaks guardrail PMAP 44.00 until " + until);
        assertThat(items.get("TS-4").get("status").asText()).isEqualTo("CHANGE");

        // cleared through the API and through a CSV row without floors: nothing blocks them any more
        assertThat(api.send("DELETE", "/api/v1/products/" + id("TS-1") + "/brand-floors/USD", manager.token(), null)
                .status()).isEqualTo(204);
        Api.Response cleared = importCsv(HEADER + "TS-2,USD,,,,,\n");
        assertThat(cleared.status()).as(cleared.body()).isEqualTo(200);
        items = preview();
        assertThat(items.get("TS-1").get("status").asText()).isEqualTo("CHANGE");
        assertThat(items.get("TS-2").get("status").asText()).isEqualTo("CHANGE");
        assertThat(items.get("TS-3").get("status").asText()).isEqualTo("BLOCKED");
    }

    @Test
    void aFloorRaisedAfterThePreviewIsAConflictAtApplyAndAtRollback() {
        Api.TenantToken approver = api.token(manager.tenantId(), "prices:approve");
        Api.TenantToken runner = api.token(manager.tenantId(), "prices:apply", "catalog:read", "audit:read");
        String change = steps.approved(manager.token(), approver.token(), "Minus 15", TEN_OFF, Map.of());
        // previewed at 17.00 with no floor; the brand sets one above it before the apply
        assertThat(put("TS-1", "USD", Map.of("map", "18.00")).status()).isEqualTo(200);

        assertThat(steps.action(runner.token(), change, "apply", null).status()).isEqualTo(202);
        steps.awaitApplied(runner.token(), change);
        Map<String, JsonNode> items = outcomes(runner, change);
        assertThat(items.get("TS-1").get("outcome").asText()).isEqualTo("CONFLICT");
        assertThat(items.get("TS-1").get("outcomeReason").asText())
                .isEqualTo("below the brand floor MAP 18.00 in force at apply");
        assertThat(steps.priceOf(runner.token(), id("TS-1"))).isEqualTo("20.00");
        assertThat(items.get("TS-4").get("outcome").asText()).isEqualTo("APPLIED");

        // the 10.00 the apply replaced is under a floor set since: the rollback does not send it either
        assertThat(put("TS-4", "USD", Map.of("lrp", "10.50")).status()).isEqualTo(200);
        assertThat(steps.action(runner.token(), change, "rollback", null).status()).isEqualTo(202);
        steps.awaitRolledBack(runner.token(), change);
        items = outcomes(runner, change);
        assertThat(items.get("TS-4").get("outcome").asText()).isEqualTo("ROLLBACK_CONFLICT");
        assertThat(items.get("TS-4").get("outcomeReason").asText())
                .isEqualTo("below the brand floor LRP 10.50 in force at rollback");
        assertThat(steps.priceOf(runner.token(), id("TS-4"))).isEqualTo("8.50");
        assertThat(items.get("TS-2").get("outcome").asText()).isEqualTo("ROLLED_BACK");
    }

    private Map<String, JsonNode> outcomes(Api.TenantToken token, String change) {
        return steps.items(token.token(), change).stream().collect(Collectors.toMap(i -> i.get("sku").asText(), i -> i));
    }

    @Test
    void theProductShowsItsFloorsPerCurrency() {
        Instant from = Instant.parse("2026-11-27T00:00:00Z");
        Instant until = Instant.parse("2026-12-01T00:00:00Z");
        assertThat(put("TS-1", "USD", Map.of("map", "19.99", "pmap", Map.of("amount", "17.99", "from", from.toString(),
                "until", until.toString()))).status()).isEqualTo(200);
        Api.Response set = put("TS-1", "EUR", Map.of("lrp", "21.5"));
        assertThat(set.status()).isEqualTo(200);

        JsonNode floors = api.get("/api/v1/products/" + id("TS-1"), manager.token(), "X-Calibrate-Wait-For",
                Long.toString(set.position())).json().get("brandFloors");
        assertThat(floors).hasSize(2);
        assertThat(floors.get(0).get("currency").asText()).isEqualTo("EUR");
        assertThat(floors.get(0).get("lrp").asText()).isEqualTo("21.50");
        assertThat(floors.get(0).path("map").isTextual()).isFalse();
        assertThat(floors.get(1).get("currency").asText()).isEqualTo("USD");
        assertThat(floors.get(1).get("map").asText()).isEqualTo("19.99");
        assertThat(floors.get(1).get("pmap").asText()).isEqualTo("17.99");
        assertThat(Instant.parse(floors.get(1).get("pmapFrom").asText())).isEqualTo(from);
        assertThat(Instant.parse(floors.get(1).get("pmapUntil").asText())).isEqualTo(until);
        assertThat(floors.get(1).path("lrp").isTextual()).isFalse();
        assertThat(api.get("/api/v1/products/" + id("TS-2"), manager.token()).json().get("brandFloors")).isEmpty();
    }

    @Test
    void aFailureWhileWritingTheThirdRowLeavesTheFirstTwoUnwrittenToo(@Autowired Environment env) {
        try (Sql sql = Sql.connect(env)) {
            sql.execute("CREATE FUNCTION test_refuse_floors() RETURNS trigger LANGUAGE plpgsql AS $$"
                    + " BEGIN RAISE EXCEPTION 'refused by the test'; END $$");
            sql.execute("CREATE TRIGGER test_refuse_floors BEFORE INSERT ON domainevententry FOR EACH ROW"
                    + " WHEN (NEW.aggregateidentifier = '" + id("TS-3") + "' AND NEW.payloadtype LIKE '%BrandFloorsSet')"
                    + " EXECUTE FUNCTION test_refuse_floors()");
            Api.Response failed;
            try {
                failed = importCsv(HEADER + "TS-1,USD,19.99,,,,\nTS-2,USD,,,,,36.00\nTS-3,USD,45.00,,,,\nTS-4,USD,9.00,,,,\n");
            } finally {
                sql.execute("DROP TRIGGER test_refuse_floors ON domainevententry");
                sql.execute("DROP FUNCTION test_refuse_floors()");
            }

            assertThat(failed.status()).as(failed.body()).isGreaterThanOrEqualTo(500);
            assertThat(failed.contentType()).startsWith("application/problem+json");
            for (String sku : List.of("TS-1", "TS-2", "TS-3", "TS-4")) {
                assertThat(floorsEverSet(sku)).as(sku).isFalse();
            }
            assertThat(sql.single("SELECT count(*) FROM domainevententry WHERE payloadtype LIKE '%BrandFloorsSet'"
                    + " AND aggregateidentifier IN ('" + id("TS-1") + "', '" + id("TS-2") + "')")).isEqualTo(0L);
        }
        // the same file again, with nothing in the way, writes every row
        Api.Response again = importCsv(HEADER + "TS-1,USD,19.99,,,,\nTS-2,USD,,,,,36.00\nTS-3,USD,45.00,,,,\n");
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().get("changed").asInt()).isEqualTo(3);
    }

    @Test
    void theSameFloorsAgainChangeNothing() {
        assertThat(importCsv(HEADER + "TS-1,USD,19.99,,,,\n").json().get("changed").asInt()).isEqualTo(1);
        assertThat(importCsv(HEADER + "TS-1,USD,19.99,,,,\n").json().get("changed").asInt()).isZero();
    }

    @Test
    void everyBadBodyIsA400NamingItsField() {
        assertInvalidField(put("TS-1", "usd", Map.of("map", "19.99")), "currency");
        assertInvalidField(put("TS-1", "ABC", Map.of("map", "19.99")), "currency");
        assertInvalidField(put("TS-1", "USD", Map.of("map", "-1.00")), "map");
        assertInvalidField(put("TS-1", "USD", Map.of("map", "0")), "map");
        assertInvalidField(put("TS-1", "USD", Map.of("map", "19.999")), "map");
        assertInvalidField(put("TS-1", "USD", Map.of("lrp", "twenty")), "lrp");
        assertInvalidField(put("TS-1", "USD", Map.of("map", "1" + "0".repeat(15))), "map");
        assertInvalidField(put("TS-1", "USD", Map.of()), "(body)");
        assertInvalidField(put("TS-1", "USD", Map.of("pmap", Map.of("amount", "9.00", "from", "2026-12-02T00:00:00Z",
                "until", "2026-12-01T00:00:00Z"))), "pmap.until");
        assertInvalidField(put("TS-1", "USD", Map.of("pmap", Map.of("amount", "9.00", "from", "2026-12-01T00:00:00Z",
                "until", "2026-12-01T00:00:00Z"))), "pmap.until");
        assertInvalidField(put("TS-1", "USD", Map.of("pmap", Map.of("amount", "9.00", "from", "tomorrow",
                "until", "2026-12-01T00:00:00Z"))), "pmap.from");
        assertProblem(put("TS-1", "USD", Map.of("pmap", Map.of("amount", "9.00"))), 400, null);
        assertProblem(put("TS-1", "USD", Map.of("msrp", "9.00")), 400, null);
        assertProblem(put("TS-1", "USD", Map.of("map", 19.99)), 400, null);
        assertProblem(api.send("PUT", "/api/v1/products/" + id("NOPE") + "/brand-floors/USD", manager.token(),
                Map.of("map", "19.99")), 404, null);
        assertProblem(api.send("DELETE", "/api/v1/products/" + id("NOPE") + "/brand-floors/USD", manager.token(), null),
                404, null);
        assertInvalidField(api.send("DELETE", "/api/v1/products/" + id("TS-1") + "/brand-floors/US", manager.token(),
                null), "currency");
        Api.TenantToken reader = api.token(manager.tenantId(), "catalog:read");
        assertProblem(api.send("PUT", "/api/v1/products/" + id("TS-1") + "/brand-floors/USD", reader.token(),
                Map.of("map", "19.99")), 403, null);
        assertThat(floorsEverSet("TS-1")).isFalse();
    }

    @Test
    void aCsvWithAnyBadLineWritesNothingAndNamesEachLine() {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("TS-2,usd,19.99,,,,\n", "line 3: currency");
        bad.put("TS-2,USD,-1,,,,\n", "line 3: map");
        bad.put("TS-2,USD,19.999,,,,\n", "line 3: map");
        bad.put("TS-2,USD,,,,,0\n", "line 3: lrp");
        bad.put("TS-2,USD,,9.00,2026-12-02T00:00:00Z,2026-12-01T00:00:00Z,\n", "line 3: pmap.until");
        bad.put("TS-2,USD,,9.00,,2026-12-01T00:00:00Z,\n", "line 3: pmap.from");
        bad.put("TS-2,USD,,9.00,2026-12-01,2026-12-03T00:00:00Z,\n", "line 3: pmap.from");
        bad.put("TS-2,USD,,,2026-12-01T00:00:00Z,2026-12-03T00:00:00Z,9.00\n", "line 3: pmap.amount");
        bad.put("TS-2,USD,19.99\n", "line 3");
        bad.put("\"TS-2,USD,19.99,,,,\n", "line 3");
        bad.put("NOPE,USD,19.99,,,,\n", "line 3: sku");
        bad.put(",USD,19.99,,,,\n", "line 3: sku");
        bad.put("TS-1,USD,18.00,,,,\n", "line 3: sku");
        for (Map.Entry<String, String> line : bad.entrySet()) {
            Api.Response refused = importCsv(HEADER + "TS-1,USD,19.99,,,,\n" + line.getKey());
            assertInvalidField(refused, line.getValue());
        }
        assertInvalidField(importCsv("sku,currency,map\nTS-1,USD,19.99\n"), "line 1");
        assertInvalidField(importCsv(""), "(body)");
        assertInvalidField(importCsv(HEADER), "(body)");
        StringBuilder many = new StringBuilder(HEADER);
        for (int i = 0; i < 10_001; i++) many.append("S-").append(i).append(",USD,19.99,,,,\n");
        assertInvalidField(importCsv(many.toString()), "line 10002");
        assertInvalidField(importCsv(HEADER + "x".repeat(1_000_001)), "(body)");
        assertThat(floorsEverSet("TS-1")).as("all or nothing").isFalse();
        assertProblem(api.send("POST", "/api/v1/products/brand-floors:import", manager.token(),
                Map.of("sku", "TS-1")), 415, null);
    }
}
