package dev.calibrate.app.pricechange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static dev.calibrate.app.pricechange.PriceChangeSteps.product;
import static dev.calibrate.app.support.ProblemAssertions.assertInvalidField;
import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A price change drafted from an uploaded CSV of SKUs and prices: an ordinary change from then on, previewed
 * with the guardrails and brand floors, approved by someone else, applied; and every bad upload a 400.
 */
class PriceUploadHttpTest extends IntegrationTest {

    private PriceChangeSteps steps;
    private Api.TenantToken author;

    @BeforeEach
    void tenant() {
        steps = new PriceChangeSteps(api);
        author = api.token(api.createTenant("Acme", "USD"), "catalog:read", "catalog:write", "prices:write",
                "prices:approve", "prices:apply", "audit:read", "admin");
        steps.catalog(author.token(), List.of(
                product("TS-1", "20.00", null),
                product("TS-2", "40.00", null),
                product("TS-3", "50.00", null),
                product("TS-4", "10.00", null)));
        assertThat(api.send("PUT", "/api/v1/policy", author.token(), Map.of("enforceMap", true,
                "maxDecreasePercent", "30")).status()).isEqualTo(200);
        assertThat(api.send("PUT", "/api/v1/products/" + id("TS-2") + "/brand-floors/USD", author.token(),
                Map.of("map", "39.00")).status()).isEqualTo(200);
    }

    private String id(String sku) {
        return ProductId.forSku(new TenantId(UUID.fromString(author.tenantId())), sku).toString();
    }

    private Api.Response upload(String query, Object csv) {
        return api.send("POST", "/api/v1/price-changes:import?" + query, author.token(), csv, "Content-Type", "text/csv");
    }

    @Test
    void anUploadIsPreviewedWithItsGuardrailsApprovedBySomeoneElseAndApplied() {
        String csv = "\uFEFFsku,price\r\nTS-1,18\r\nTS-2,35.00\r\nTS-3,30.00\r\n";
        Api.Response drafted = upload("name=Spring%20prices&currency=USD&fileName=spring.csv", csv);
        assertThat(drafted.status()).as(drafted.body()).isEqualTo(201);
        assertThat(drafted.json().get("state").asText()).isEqualTo("DRAFT");
        assertThat(drafted.json().get("rows").asInt()).isEqualTo(3);
        String sha256 = drafted.json().get("sha256").asText();
        String change = drafted.json().get("id").asText();

        JsonNode preview = steps.preview(author.token(), change);
        Map<String, JsonNode> items = StreamSupport.stream(preview.get("items").spliterator(), false)
                .collect(Collectors.toMap(i -> i.get("sku").asText(), i -> i));
        assertThat(items).containsOnlyKeys("TS-1", "TS-2", "TS-3");
        assertThat(items.get("TS-1").get("status").asText()).isEqualTo("CHANGE");
        assertThat(items.get("TS-1").get("proposedPrice").get("amount").asText()).isEqualTo("18.00");
        assertThat(items.get("TS-1").get("explain").get("steps").get(0).get("detail").asText())
                .isEqualTo("set to 18.00 from line 2 of spring.csv (sha256 " + sha256 + ")");
        assertThat(items.get("TS-2").get("status").asText()).isEqualTo("BLOCKED");
        assertThat(items.get("TS-2").get("reasons").get(0).asText()).isEqualTo("breaks guardrail MAP 39.00");
        assertThat(items.get("TS-3").get("status").asText()).isEqualTo("BLOCKED");
        assertThat(items.get("TS-3").get("reasons").get(0).asText()).isEqualTo("breaks guardrail maxDecreasePercent 30");

        Api.Response edited = api.post("/api/v1/price-changes/" + change + "/preview/edits", author.token(),
                Map.of("edits", List.of(
                        Map.of("sku", "TS-2", "action", "OVERRIDE", "price", "39.00", "currency", "USD",
                                "reason", "at the MAP"),
                        Map.of("sku", "TS-3", "action", "EXCLUDE", "reason", "too deep"))));
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        String hash = edited.json().get("previewHash").asText();
        assertThat(steps.action(author.token(), change, "submit", null).status()).isEqualTo(200);
        assertProblem(steps.action(author.token(), change, "approve", Map.of("previewHash", hash)), 403, null);
        Api.TenantToken approver = api.token(author.tenantId(), "prices:approve");
        Api.Response approved = steps.action(approver.token(), change, "approve", Map.of("previewHash", hash));
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(steps.action(author.token(), change, "apply", null).status()).isEqualTo(202);
        steps.awaitApplied(author.token(), change);

        assertThat(steps.priceOf(author.token(), id("TS-1"))).isEqualTo("18.00");
        assertThat(steps.priceOf(author.token(), id("TS-2"))).isEqualTo("39.00");
        assertThat(steps.priceOf(author.token(), id("TS-3"))).isEqualTo("50.00");
        assertThat(steps.priceOf(author.token(), id("TS-4"))).isEqualTo("10.00");
    }

    /**
     * The explain of a price_table names the upload's file, hash and line, so only the import may build one:
     * a hand-written table (or an imported rule sent back with other prices) would claim an upload's provenance.
     */
    @Test
    void aRuleFromAClientCannotCarryAPriceTable() {
        Map<String, Object> forged = Map.of("op", "price_table",
                "source", Map.of("file", "spring.csv", "sha256", "a".repeat(64)),
                "prices", List.of(Map.of("sku", "TS-1", "price", "8.00", "line", 2)));
        Map<String, Object> rule = Map.of("selector", Map.of("field", "sku", "op", "in", "value", List.of("TS-1")),
                "transform", List.of(Map.of("op", "percent", "value", "-5"), forged), "currency", "USD");
        JsonNode refused = assertInvalidField(api.post("/api/v1/price-changes", author.token(),
                Map.of("name", "Forged", "rule", rule)), "rule.transform[1].op");
        assertThat(refused.get("errors").get(0).get("message").asText())
                .contains("POST /api/v1/price-changes:import").contains("upload it again");
        assertThat(api.get("/api/v1/price-changes", author.token()).json().get("items")).isEmpty();

        Api.Response drafted = upload("name=Spring&currency=USD&fileName=spring.csv", "sku,price\nTS-1,18.00\n");
        assertThat(drafted.status()).as(drafted.body()).isEqualTo(201);
        String change = drafted.json().get("id").asText();
        JsonNode imported = api.get("/api/v1/price-changes/" + change, author.token(), "X-Calibrate-Wait-For",
                Long.toString(drafted.position())).json().get("rule");
        ((com.fasterxml.jackson.databind.node.ObjectNode) imported.get("transform").get(0).get("prices").get(0))
                .put("price", "8.00");
        assertInvalidField(api.send("PUT", "/api/v1/price-changes/" + change, author.token(),
                Map.of("name", "Spring", "rule", imported)), "rule.transform[0].op");
        List<Map<String, Object>> many = new java.util.ArrayList<>();
        for (int i = 0; i < 10_001; i++) many.add(Map.of("sku", "S-" + i, "price", "1.00", "line", i + 2));
        Map<String, Object> huge = Map.of("selector", Map.of("everything", true), "currency", "USD",
                "transform", List.of(Map.of("op", "price_table", "source", Map.of("file", "x.csv", "sha256",
                        "b".repeat(64)), "prices", many)));
        assertInvalidField(api.send("PUT", "/api/v1/price-changes/" + change, author.token(),
                Map.of("name", "Spring", "rule", huge)), "rule.transform[0].op");

        JsonNode preview = steps.preview(author.token(), change);
        assertThat(preview.get("items").get(0).get("proposedPrice").get("amount").asText()).isEqualTo("18.00");
    }

    @Test
    void everyBadUploadIsA400NamingItsLinesAndDraftsNothing() {
        String ok = "name=Spring&currency=USD";
        JsonNode unknown = assertInvalidField(upload(ok, "sku,price\nTS-1,18.00\nNOPE,1.00\nGONE,2.00\n"), "line 3: sku");
        assertThat(unknown.get("errors")).extracting(e -> e.get("field").asText())
                .containsExactly("line 3: sku", "line 4: sku");
        JsonNode several = assertInvalidField(upload(ok, "sku,price\nTS-1,x\nTS-2,-1\nTS-3,1.001\nTS-1,1.00\n"),
                "line 2: price");
        assertThat(several.get("errors")).extracting(e -> e.get("field").asText())
                .containsExactly("line 2: price", "line 3: price", "line 4: price", "line 5: sku");
        assertInvalidField(upload(ok, "sku,price,compare_at\nTS-1,18.00,20.00\n"), "line 1");
        assertInvalidField(upload(ok, "sku;price\nTS-1;18.00\n"), "line 1");
        assertInvalidField(upload(ok, "sku,price\n"), "(body)");
        assertInvalidField(upload(ok, null), "(body)");
        assertInvalidField(upload(ok, "sku,price\nTS-1\u0000,18.00\n"), "line 2");
        assertInvalidField(upload(ok, new byte[] {'s', 'k', 'u', (byte) 0xFF}), "(body)");
        assertInvalidField(upload("name=Spring&currency=usd", "sku,price\nTS-1,18.00\n"), "currency");
        assertInvalidField(upload("name=Spring&currency=USD&compareAt=strike", "sku,price\nTS-1,18.00\n"), "compareAt");
        assertInvalidField(upload("name=%20&currency=USD", "sku,price\nTS-1,18.00\n"), "name");
        assertProblem(upload("currency=USD", "sku,price\nTS-1,18.00\n"), 400, null);
        Api.TenantToken reader = api.token(author.tenantId(), "catalog:read");
        assertProblem(api.send("POST", "/api/v1/price-changes:import?" + ok, reader.token(),
                "sku,price\nTS-1,18.00\n", "Content-Type", "text/csv"), 403, null);
        byte[] huge = ("sku,price\n" + "TS-1,18.00\n".repeat(120_000)).getBytes(StandardCharsets.UTF_8);
        assertProblem(upload(ok, huge), 413, null);

        assertThat(api.get("/api/v1/price-changes", author.token()).json().get("items")).isEmpty();
    }

    /** An upload can be scheduled and given an expiry as a JSON draft can; bad instants draft nothing. */
    @Test
    void anUploadCarriesItsScheduleAndExpiry() {
        String csv = "sku,price\nTS-1,18.00\n";
        Instant at = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Instant until = at.plus(7, ChronoUnit.DAYS);
        Api.Response drafted = upload("name=Week&currency=USD&scheduleAt=" + at + "&expiresAt=" + until, csv);
        assertThat(drafted.status()).as(drafted.body()).isEqualTo(201);
        JsonNode change = api.get("/api/v1/price-changes/" + drafted.json().get("id").asText(), author.token(),
                "X-Calibrate-Wait-For", Long.toString(drafted.position())).json();
        assertThat(Instant.parse(change.get("scheduleAt").asText())).isEqualTo(at);
        assertThat(Instant.parse(change.get("expiresAt").asText())).isEqualTo(until);

        String ok = "name=Week&currency=USD&";
        assertInvalidField(upload(ok + "scheduleAt=tomorrow", csv), "scheduleAt");
        assertInvalidField(upload(ok + "expiresAt=2026-13-01T00:00:00Z", csv), "expiresAt");
        assertInvalidField(upload(ok + "expiresAt=%2B1000000-01-01T00:00:00Z", csv), "expiresAt");
        assertInvalidField(upload(ok + "scheduleAt=%2B10000-01-01T00:00:00Z", csv), "scheduleAt");
        assertInvalidField(upload(ok + "scheduleAt=1969-12-31T23:59:59Z", csv), "scheduleAt");
        assertInvalidField(upload(ok + "expiresAt=2020-01-01T00:00:00Z", csv), "expiresAt");
        assertInvalidField(upload(ok + "scheduleAt=" + until + "&expiresAt=" + at, csv), "expiresAt");
        assertThat(api.get("/api/v1/price-changes", author.token()).json().get("total").asInt())
                .as("only the first upload drafted").isEqualTo(1);
    }

    /** Ten thousand rows, each SKU a product: checked at once against the event store, drafted in one go. */
    @Test
    @Tag("slow") // the catalog of 10,000 products takes ~25 s to write; the upload itself well under a second
    void aTenThousandRowUploadIsDrafted() {
        List<Map<String, Object>> products = new java.util.ArrayList<>();
        StringBuilder csv = new StringBuilder("sku,price\n");
        for (int i = 0; i < 10_000; i++) {
            products.add(product("BULK-" + i, "20.00", null));
            csv.append("BULK-").append(i).append(",19.00\n");
        }
        steps.catalog(author.token(), products);
        long started = System.nanoTime();
        Api.Response drafted = upload("name=Bulk&currency=USD", csv.toString());
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(drafted.status()).as(drafted.body()).isEqualTo(201);
        assertThat(drafted.json().get("rows").asInt()).isEqualTo(10_000);
        assertThat(millis).as("one set-based SKU check, not a query per row").isLessThan(10_000);

        JsonNode unknown = assertInvalidField(upload("name=Bulk&currency=USD", csv.toString().replace("BULK-", "GONE-")),
                "line 2: sku");
        assertThat(unknown.get("errors")).hasSize(100);
    }

    /** A SKU another tenant has is no product of this one: the check never looks past the caller's tenant. */
    @Test
    void aSkuOfAnotherTenantIsNoProductHere() {
        Api.TenantToken other = api.token(api.createTenant("Other", "USD"), "catalog:read", "catalog:write");
        steps.catalog(other.token(), List.of(product("ONLY-B", "20.00", null)));
        JsonNode refused = assertInvalidField(upload("name=Spring&currency=USD", "sku,price\nTS-1,18.00\nONLY-B,1.00\n"),
                "line 3: sku");
        assertThat(refused.get("errors").get(0).get("message").asText()).isEqualTo("no product has this SKU");
        assertThat(api.get("/api/v1/price-changes", author.token()).json().get("items")).isEmpty();
    }

    /** The import reads CSV only; any other content type is refused as unsupported, naming what was sent. */
    @Test
    void anUploadThatIsNotCsvIs415() {
        Api.Response json = api.send("POST", "/api/v1/price-changes:import?name=Spring&currency=USD", author.token(),
                "{\"sku\":\"TS-1\"}", "Content-Type", "application/json");
        JsonNode problem = assertProblem(json, 415, null);
        assertThat(problem.get("detail").asText()).contains("application/json");
        assertProblem(api.send("POST", "/api/v1/price-changes:import?name=Spring&currency=USD", author.token(),
                "sku,price\nTS-1,18.00\n", "Content-Type", "text/plain"), 415, null);
        assertThat(api.get("/api/v1/price-changes", author.token()).json().get("items")).isEmpty();
    }
}
