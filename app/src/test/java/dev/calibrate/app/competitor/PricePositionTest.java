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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.calibrate.app.competitor.CompetitorSteps.seen;
import static dev.calibrate.app.competitor.CompetitorSteps.with;
import static dev.calibrate.app.pricechange.PriceChangeSteps.product;
import static dev.calibrate.app.support.ProblemAssertions.assertInvalidField;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Price position: lowest / median / highest of the fresh, in-stock competitor prices in our price's
 * currency (each competitor's latest counts once), the index and the position, and the summary.
 */
class PricePositionTest extends IntegrationTest {

    private CompetitorSteps steps;
    private Api.TenantToken acme;
    private Instant now;
    private long position;

    @BeforeEach
    void catalogAndObservations() {
        steps = new CompetitorSteps(api);
        now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        acme = api.newTenant("Acme");
        PriceChangeSteps catalog = new PriceChangeSteps(api);
        catalog.catalog(acme.token(), List.of(
                product("P-ODD", "9.50", null, "band"), product("P-EVEN", "11.00", null, "band"),
                product("P-EVEN2", "10.00", null), product("P-CHEAP", "7.00", null), product("P-DEAR", "15.00", null),
                product("P-EQUAL", "12.00", null), product("P-STALE", "10.00", null), product("P-OOS", "10.00", null),
                product("P-EUR", "10.00", null), product("P-NONE", "10.00", null), product("P-GONE", "10.00", null)));
        String gone = ProductId.forSku(TenantId.parse(acme.tenantId()), "P-GONE").toString();
        assertThat(api.delete("/api/v1/products/" + gone, acme.token()).status()).isEqualTo(204);
        String bolt = steps.register(acme.token(), "Bolt Outlet", "bolt-outlet.example");
        String cargo = steps.register(acme.token(), "Cargo Club", "cargo.example");
        String dash = steps.register(acme.token(), "Dash Deals", "dash.example");
        steps.observe(acme.token(), bolt, List.of(
                seen("P-ODD", "5.00", ago(3)), seen("P-ODD", "8.00", ago(1)),
                seen("P-EVEN", "10.00", ago(1)), seen("P-EVEN2", "9.99", ago(1)),
                seen("P-CHEAP", "8.00", ago(1)), seen("P-DEAR", "12.00", ago(1)), seen("P-EQUAL", "12.00", ago(1)),
                seen("P-STALE", "9.00", ago(30)),
                seen("P-OOS", "9.00", ago(3)), with(seen("P-OOS", "8.00", ago(1)), "inStock", false),
                with(seen("P-EUR", "9.00", ago(1)), "currency", "EUR"),
                seen("P-GONE", "9.00", ago(1))));
        steps.observe(acme.token(), cargo, List.of(seen("P-ODD", "10.00", ago(2)), seen("P-EVEN", "12.00", ago(2)),
                seen("P-EVEN2", "10.02", ago(2)), seen("P-CHEAP", "9.00", ago(2))));
        position = steps.observe(acme.token(), dash, List.of(seen("P-ODD", "13.00", ago(2))));
    }

    private Instant ago(int hours) {
        return now.minus(Duration.ofHours(hours));
    }

    @Test
    void positionsEveryActiveProductAmongTheFreshCompetingPrices() {
        JsonNode body = steps.read(acme.token(), "/api/v1/analytics/price-position?size=100", position);

        assertThat(body.get("currency").asText()).isEqualTo("USD");
        assertThat(body.get("total").asInt()).isEqualTo(10);
        Map<String, JsonNode> bySku = bySku(body);
        assertThat(bySku).doesNotContainKey("P-GONE");
        // odd count: the middle one; a competitor's older price does not count
        assertRow(bySku.get("P-ODD"), "9.50", "8.00", "10.00", "13.00", 3, "95.00", "IN_BAND");
        // even count: the mean of the two middle ones
        assertRow(bySku.get("P-EVEN"), "11.00", "10.00", "11.00", "12.00", 2, "100.00", "IN_BAND");
        // the median 10.005 shows half-even at the currency's scale; the index uses it exactly: 10.00 / 10.005
        assertRow(bySku.get("P-EVEN2"), "10.00", "9.99", "10.00", "10.02", 2, "99.95", "IN_BAND");
        assertRow(bySku.get("P-CHEAP"), "7.00", "8.00", "8.50", "9.00", 2, "82.35", "CHEAPEST");
        assertRow(bySku.get("P-DEAR"), "15.00", "12.00", "12.00", "12.00", 1, "125.00", "MOST_EXPENSIVE");
        assertRow(bySku.get("P-EQUAL"), "12.00", "12.00", "12.00", "12.00", 1, "100.00", "CHEAPEST");
        for (String noData : List.of("P-STALE", "P-OOS", "P-EUR", "P-NONE")) {
            JsonNode row = bySku.get(noData);
            assertThat(row.get("position").asText()).as(noData).isEqualTo("NO_DATA");
            assertThat(row.get("competitors").asInt()).as(noData).isZero();
            assertThat(row.path("median").isTextual()).as(noData).isFalse();
            assertThat(row.path("priceIndex").isTextual()).as(noData).isFalse();
        }
        assertThat(body.get("summary")).isEqualTo(mapper.valueToTree(Map.of(
                "CHEAPEST", 2, "IN_BAND", 3, "MOST_EXPENSIVE", 1, "NO_DATA", 4)));
    }

    @Test
    void aLongerWindowMakesOlderObservationsFresh() {
        JsonNode body = steps.read(acme.token(), "/api/v1/analytics/price-position?size=100&maxAgeHours=48", position);

        assertRow(bySku(body).get("P-STALE"), "10.00", "9.00", "9.00", "9.00", 1, "111.11", "MOST_EXPENSIVE");
        assertThat(body.get("summary").get("NO_DATA").asInt()).isEqualTo(3);
        assertInvalidField(api.get("/api/v1/analytics/price-position?maxAgeHours=0", acme.token()), "maxAgeHours");
    }

    @Test
    void filtersPagesAndTheSummaryCoversEveryProductTheFiltersSelect() {
        JsonNode band = steps.read(acme.token(), "/api/v1/analytics/price-position?tag=band", position);
        assertThat(band.get("items")).extracting(r -> r.get("sku").asText()).containsExactly("P-EVEN", "P-ODD");
        assertThat(band.get("summary").get("IN_BAND").asInt()).isEqualTo(2);

        JsonNode page = steps.read(acme.token(), "/api/v1/analytics/price-position?size=3&page=1", position);
        assertThat(page.get("items")).extracting(r -> r.get("sku").asText()).containsExactly("P-EUR", "P-EVEN", "P-EVEN2");
        assertThat(page.get("total").asInt()).isEqualTo(10);
        assertThat(page.get("summary").get("NO_DATA").asInt()).isEqualTo(4);

        assertThat(steps.read(acme.token(), "/api/v1/analytics/price-position?vendor=Nobody", position)
                .get("total").asInt()).isZero();
        JsonNode eur = steps.read(acme.token(), "/api/v1/analytics/price-position?currency=EUR", position);
        assertThat(eur.get("total").asInt()).isZero();
        assertInvalidField(api.get("/api/v1/analytics/price-position?currency=EURO", acme.token()), "currency");
    }

    @Test
    void anotherTenantSeesNoneOfTheseObservations() {
        Api.TenantToken stranger = api.newTenant("Stranger");
        new PriceChangeSteps(api).catalog(stranger.token(), List.of(product("P-ODD", "9.50", null)));

        JsonNode theirs = steps.read(stranger.token(), "/api/v1/analytics/price-position", position);
        assertThat(theirs.get("total").asInt()).isEqualTo(1);
        assertThat(theirs.get("items").get(0).get("position").asText()).isEqualTo("NO_DATA");
        assertThat(steps.read(stranger.token(), "/api/v1/competitors", position).get("total").asInt()).isZero();
        String theirProduct = ProductId.forSku(TenantId.parse(stranger.tenantId()), "P-ODD").toString();
        assertThat(steps.read(stranger.token(), "/api/v1/products/" + theirProduct + "/competitors", position)
                .get("items")).isEmpty();
    }

    private static Map<String, JsonNode> bySku(JsonNode body) {
        Map<String, JsonNode> bySku = new HashMap<>();
        body.get("items").forEach(row -> bySku.put(row.get("sku").asText(), row));
        return bySku;
    }

    private static void assertRow(JsonNode row, String ours, String lowest, String median, String highest,
                                  int competitors, String index, String position) {
        String sku = row.get("sku").asText();
        assertThat(row.get("ourPrice").asText()).as("our price of %s", sku).isEqualTo(ours);
        assertThat(row.get("lowest").asText()).as("lowest of %s", sku).isEqualTo(lowest);
        assertThat(row.get("median").asText()).as("median of %s", sku).isEqualTo(median);
        assertThat(row.get("highest").asText()).as("highest of %s", sku).isEqualTo(highest);
        assertThat(row.get("competitors").asInt()).as("competitors of %s", sku).isEqualTo(competitors);
        assertThat(row.get("priceIndex").asText()).as("index of %s", sku).isEqualTo(index);
        assertThat(row.get("position").asText()).as("position of %s", sku).isEqualTo(position);
    }
}
