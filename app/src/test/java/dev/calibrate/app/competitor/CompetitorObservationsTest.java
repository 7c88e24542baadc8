package dev.calibrate.app.competitor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static dev.calibrate.app.competitor.CompetitorSteps.seen;
import static dev.calibrate.app.competitor.CompetitorSteps.with;
import static dev.calibrate.app.pricechange.PriceChangeSteps.product;
import static dev.calibrate.app.support.ProblemAssertions.assertInvalidField;
import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Posting observations (answered per item, recorded as events) and reading them back. */
class CompetitorObservationsTest extends IntegrationTest {

    private CompetitorSteps steps;
    private Instant now;
    private Api.TenantToken acme;
    private String bolt;

    @BeforeEach
    void tenant() {
        steps = new CompetitorSteps(api);
        now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        acme = api.newTenant("Acme");
        new PriceChangeSteps(api).catalog(acme.token(), List.of(product("TS-1", "20.00", null, "summer"),
                product("TS-2", "30.00", null, "summer")));
        bolt = steps.register(acme.token(), "Bolt Outlet", "bolt-outlet.example");
    }

    private String id(String sku) {
        return ProductId.forSku(TenantId.parse(acme.tenantId()), sku).toString();
    }

    @Test
    void answersEveryItemOnItsOwnAndRecordsTheAcceptedOnes() {
        Map<String, Object> ok = seen("TS-1", "18.50", now.minus(Duration.ofHours(1)));
        List<Map<String, Object>> items = List.of(
                ok,
                with(with(with(ok, "sku", null), "productId", id("TS-2")), "url", "https://bolt-outlet.example/p/ts-2"),
                with(ok, "sku", "NOPE-1"),
                with(with(ok, "sku", null), "productId", UUID.randomUUID().toString()),
                with(ok, "productId", id("TS-1")),
                with(ok, "sku", null),
                with(ok, "currency", "XYZ"),
                with(ok, "currency", "usd"),
                with(ok, "price", "0.00"),
                with(ok, "price", "-1.00"),
                with(ok, "price", "18.505"),
                with(ok, "price", 18.5),
                with(ok, "observedAt", now.plus(Duration.ofMinutes(10)).toString()),
                with(ok, "observedAt", "yesterday"),
                with(ok, "url", "ftp://bolt-outlet.example/p"),
                with(ok, "url", "no url at all"),
                with(ok, "inStock", "yes"),
                with(ok, "colour", "red"),
                with(with(ok, "sku", null), "productId", "not-a-uuid"),
                with(with(ok, "observedAt", now.plus(Duration.ofMinutes(2)).toString()), "inStock", false));

        Api.Response answer = steps.post(acme.token(), bolt, items);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode body = answer.json();
        assertThat(body.get("accepted").asInt()).isEqualTo(3);
        assertThat(body.get("rejected").asInt()).isEqualTo(17);
        JsonNode results = body.get("results");
        assertThat(results).extracting(r -> r.get("index").asInt()).containsExactlyElementsOf(
                IntStream.range(0, 20).boxed().toList());
        assertThat(results).extracting(r -> r.get("status").asText()).containsExactly("accepted", "accepted",
                "rejected", "rejected", "rejected", "rejected", "rejected", "rejected", "rejected", "rejected",
                "rejected", "rejected", "rejected", "rejected", "rejected", "rejected", "rejected", "rejected",
                "rejected", "accepted");
        assertThat(results).extracting(r -> r.path("field").asText()).containsExactly("", "",
                "sku", "productId", "sku", "sku", "currency", "currency", "price", "price", "price", "price",
                "observedAt", "observedAt", "url", "url", "inStock", "colour", "productId", "");
        assertThat(results.get(2).get("error").asText()).contains("unknown SKU").contains("NOPE-1");
        assertThat(results.get(12).get("error").asText()).contains("future");
        assertThat(results.get(1).get("sku").asText()).isEqualTo("TS-2");
        assertThat(results.get(0).get("productId").asText()).isEqualTo(id("TS-1"));

        JsonNode page = steps.read(acme.token(), "/api/v1/competitors/" + bolt + "/observations", answer.position());
        assertThat(page.get("total").asInt()).isEqualTo(3);
        // newest first
        assertThat(page.get("items")).extracting(o -> o.get("observedAt").asText()).containsExactly(
                now.plus(Duration.ofMinutes(2)).toString(), now.minus(Duration.ofHours(1)).toString(),
                now.minus(Duration.ofHours(1)).toString());
        assertThat(page.get("items").get(0).get("inStock").asBoolean()).isFalse();
        assertThat(page.get("items")).extracting(o -> o.get("price").get("amount").asText()).containsOnly("18.50");
        assertThat(page.get("items")).anySatisfy(o -> assertThat(o.path("url").asText())
                .isEqualTo("https://bolt-outlet.example/p/ts-2"));

        JsonNode audit = steps.read(acme.token(), "/api/v1/audit?entityType=competitor&entityId=" + bolt, answer.position());
        assertThat(audit.get("items")).extracting(e -> e.get("action").asText())
                .containsExactly("CompetitorPricesObserved", "ObservationBatchRecorded", "CompetitorRegistered");
    }

    @Test
    void aBatchOverTheLimitIsRefusedWholeAndOneAtTheLimitIsRecordedInParts() {
        List<Map<String, Object>> limit = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            limit.add(seen(i % 2 == 0 ? "TS-1" : "TS-2", "19.99", now.minusSeconds(i)));
        }
        List<Map<String, Object>> over = new ArrayList<>(limit);
        over.add(seen("TS-1", "19.99", now));

        assertInvalidField(steps.post(acme.token(), bolt, over), "observations");
        assertInvalidField(steps.post(acme.token(), bolt, List.of()), "observations");
        assertInvalidField(api.post("/api/v1/competitors/" + bolt + "/observations", acme.token(), Map.of()), "observations");

        long position = steps.observe(acme.token(), bolt, limit);
        JsonNode page = steps.read(acme.token(), "/api/v1/competitors/" + bolt + "/observations?size=1", position);
        assertThat(page.get("total").asInt()).isEqualTo(5000);
        JsonNode audit = steps.read(acme.token(), "/api/v1/audit?entityType=competitor&entityId=" + bolt, position);
        // the refused batches left nothing behind: one batch, its 5 parts, the registration
        assertThat(audit.get("items")).extracting(e -> e.get("action").asText()).containsExactly(
                "CompetitorPricesObserved", "CompetitorPricesObserved", "CompetitorPricesObserved",
                "CompetitorPricesObserved", "CompetitorPricesObserved", "ObservationBatchRecorded", "CompetitorRegistered");
    }

    @Test
    void aCompetitorsObservationsArePagedNewestFirstAndFiltered() {
        long position = steps.observe(acme.token(), bolt, List.of(
                seen("TS-1", "18.00", now.minus(Duration.ofHours(3))),
                seen("TS-2", "28.00", now.minus(Duration.ofHours(2))),
                seen("TS-1", "18.50", now.minus(Duration.ofHours(1)))));
        String base = "/api/v1/competitors/" + bolt + "/observations";

        JsonNode ts1 = steps.read(acme.token(), base + "?sku=TS-1", position);
        assertThat(ts1.get("items")).extracting(o -> o.get("price").get("amount").asText()).containsExactly("18.50", "18.00");

        JsonNode window = steps.read(acme.token(), base + "?from=" + now.minus(Duration.ofMinutes(150)) + "&to="
                + now.minus(Duration.ofMinutes(30)), position);
        assertThat(window.get("items")).extracting(o -> o.get("sku").asText()).containsExactly("TS-1", "TS-2");

        JsonNode second = steps.read(acme.token(), base + "?size=1&page=1", position);
        assertThat(second.get("total").asInt()).isEqualTo(3);
        assertThat(second.get("items")).extracting(o -> o.get("price").get("amount").asText()).containsExactly("28.00");

        assertInvalidField(api.get(base + "?from=yesterday", acme.token()), "from");
        assertInvalidField(api.get(base + "?size=501", acme.token()), "size");
    }

    @Test
    void aProductShowsEachCompetitorsLatestPriceWithItsFreshness() {
        String cargo = steps.register(acme.token(), "Cargo Club", "cargo.example");
        String dash = steps.register(acme.token(), "Dash Deals", "dash.example");
        steps.observe(acme.token(), bolt, List.of(seen("TS-1", "17.00", now.minus(Duration.ofHours(30))),
                seen("TS-1", "18.50", now.minus(Duration.ofHours(2)))));
        steps.observe(acme.token(), cargo, List.of(seen("TS-1", "19.00", now.minus(Duration.ofHours(30)))));
        long position = steps.observe(acme.token(), dash, List.of(
                with(seen("TS-1", "15.00", now.minus(Duration.ofHours(1))), "inStock", false)));
        String path = "/api/v1/products/" + id("TS-1") + "/competitors";

        JsonNode within24h = steps.read(acme.token(), path, position);
        assertThat(within24h.get("maxAgeHours").asInt()).isEqualTo(24);
        assertThat(within24h.get("items")).extracting(c -> c.get("name").asText())
                .containsExactly("Bolt Outlet", "Cargo Club", "Dash Deals");
        JsonNode[] items = new JsonNode[3];
        for (int i = 0; i < 3; i++) items[i] = within24h.get("items").get(i);
        assertThat(items[0].get("price").get("amount").asText()).isEqualTo("18.50");
        assertThat(items[0].get("fresh").asBoolean()).isTrue();
        assertThat(items[0].get("competing").asBoolean()).isTrue();
        assertThat(items[0].get("ageSeconds").asLong()).isBetween(7200L, 7200L + 600);
        assertThat(items[1].get("price").get("amount").asText()).isEqualTo("19.00");
        assertThat(items[1].get("fresh").asBoolean()).isFalse();
        assertThat(items[2].get("fresh").asBoolean()).isTrue();
        assertThat(items[2].get("inStock").asBoolean()).isFalse();
        assertThat(items[2].get("competing").asBoolean()).isFalse();

        JsonNode within48h = steps.read(acme.token(), path + "?maxAgeHours=48", position);
        assertThat(within48h.get("items").get(1).get("fresh").asBoolean()).isTrue();

        // what we knew before these observations were recorded: nothing
        assertThat(steps.read(acme.token(), path + "?asOf=" + now.minus(Duration.ofMinutes(1)), position)
                .get("items")).isEmpty();
        JsonNode later = steps.read(acme.token(), path + "?asOf=" + now.plus(Duration.ofHours(12)), position);
        assertThat(later.get("items")).extracting(c -> c.get("fresh").asBoolean()).containsExactly(true, false, true);
        assertThat(later.get("items").get(0).get("ageSeconds").asLong()).isEqualTo(14 * 3600);

        assertInvalidField(api.get(path + "?asOf=yesterday", acme.token()), "asOf");
        assertInvalidField(api.get(path + "?maxAgeHours=0", acme.token()), "maxAgeHours");
        assertInvalidField(api.get(path + "?maxAgeHours=soon", acme.token()), "maxAgeHours");
        assertProblem(api.get("/api/v1/products/" + UUID.randomUUID() + "/competitors", acme.token()), 404, "not-found");
        Api.TenantToken stranger = api.newTenant("Stranger");
        assertProblem(api.get(path, stranger.token()), 404, "not-found");
    }
}
