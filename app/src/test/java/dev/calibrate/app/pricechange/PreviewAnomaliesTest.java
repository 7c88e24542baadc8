package dev.calibrate.app.pricechange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.calibrate.app.pricechange.PriceChangeSteps.product;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A preview flags the items whose proposed price the anomalies endpoint would report once set (issue
 * 16, item 8): over real HTTP, from a catalog whose price history came from events, on the preview's
 * items, its summary, the change's current preview and the item pages.
 */
class PreviewAnomaliesTest extends IntegrationTest {

    private PriceChangeSteps steps;
    private Api.TenantToken manager;

    @BeforeEach
    void tenant() {
        steps = new PriceChangeSteps(api);
        manager = api.token(api.createTenant("Acme", "USD"), "catalog:read", "catalog:write", "prices:write");
        // STEADY moves by about 2 % at a time, 12 times; COSTLY costs 28.00; FRESH has no history
        steps.catalog(manager.token(), List.of(product("STEADY", "25.00", null, "sale"),
                product("COSTLY", "30.00", "28.00", "sale"), product("FRESH", "25.00", null, "sale")));
        for (int i = 0; i < 12; i++) {
            steps.catalog(manager.token(), List.of(product("STEADY", i % 2 == 0 ? "25.50" : "25.00", null, "sale")));
        }
    }

    private static Map<String, Object> percent(int value) {
        return Map.of("selector", Map.of("all", List.of(Map.of("field", "tags", "op", "contains", "value", "sale"))),
                "transform", List.of(Map.of("op", "percent", "value", value)), "currency", "USD");
    }

    @Test
    void aDropOf84PercentAgainstASteadyHistoryAndAPriceBelowCostAreFlaggedAndCounted() {
        String change = steps.draft(manager.token(), "Clearance", percent(-84), Map.of());

        JsonNode preview = steps.preview(manager.token(), change);

        assertThat(preview.get("summary").get("change").asInt()).isEqualTo(3);
        assertThat(preview.get("summary").get("anomalous").asInt()).isEqualTo(2);
        JsonNode steady = bySku(preview.get("items"), "STEADY").get("anomalies");
        assertThat(steady).hasSize(1);
        assertThat(steady.get(0).get("kind").asText()).isEqualTo("price_move");
        assertThat(steady.get(0).get("severity").asText()).isEqualTo("high");
        assertThat(steady.get(0).get("reason").asText())
                .startsWith("drops 84 % (25.00 → 4.00 USD), 42× its usual move of 2.0 %; modified z-score ")
                .endsWith(" over 13 changes in 90 days");
        assertThat(steady.get(0).get("score").asDouble()).isGreaterThan(7);
        JsonNode costly = bySku(preview.get("items"), "COSTLY").get("anomalies");
        assertThat(costly).hasSize(1);
        assertThat(costly.get(0).get("kind").asText()).isEqualTo("below_cost");
        assertThat(costly.get(0).get("severity").asText()).isEqualTo("critical");
        assertThat(costly.get(0).get("reason").asText())
                .isEqualTo("would be priced 4.80 USD, 23.20 under its cost of 28.00 USD (83 % below)");
        assertThat(bySku(preview.get("items"), "FRESH").get("anomalies"))
                .as("one price and no change: its usual move is not known").isEmpty();

        assertThat(steps.view(manager.token(), change, "PREVIEWED").get("preview").get("anomalous").asInt())
                .isEqualTo(2);
        List<JsonNode> page = steps.items(manager.token(), change);
        assertThat(bySku(page, "STEADY").get("anomalies").get(0).get("reason").asText())
                .isEqualTo(steady.get(0).get("reason").asText());
        assertThat(bySku(page, "FRESH").get("anomalies")).isEmpty();
    }

    @Test
    void ordinaryMovesAreNotFlaggedAndLaterEventsReachTheCatalogsHistory() {
        String ordinary = steps.draft(manager.token(), "Small cut", percent(-5), Map.of());

        JsonNode first = steps.preview(manager.token(), ordinary);

        assertThat(first.get("summary").get("anomalous").asInt()).isZero();
        first.get("items").forEach(item -> assertThat(item.get("anomalies")).as(item.toString()).isEmpty());

        // the catalog is held now: FRESH's next 11 changes reach it as events, not through a rebuild
        long position = 0;
        for (int i = 0; i < 11; i++) {
            Api.Response written = api.post("/api/v1/products:batch", manager.token(),
                    Map.of("items", List.of(product("FRESH", i % 2 == 0 ? "25.50" : "25.00", null, "sale"))));
            assertThat(written.status()).as(written.body()).isEqualTo(200);
            position = written.position();
        }
        String clearance = steps.draft(manager.token(), "Clearance", percent(-84), Map.of());
        Api.Response previewed = api.post("/api/v1/price-changes/" + clearance + "/preview", manager.token(), null,
                "X-Calibrate-Wait-For", Long.toString(position));
        assertThat(previewed.status()).as(previewed.body()).isEqualTo(200);
        JsonNode second = previewed.json();

        assertThat(bySku(second.get("items"), "FRESH").get("anomalies").get(0).get("reason").asText())
                .startsWith("drops 84 % (25.50 → 4.08 USD)").endsWith(" over 12 changes in 90 days");
        assertThat(second.get("summary").get("anomalous").asInt()).isEqualTo(3);
    }

    private static JsonNode bySku(Iterable<JsonNode> items, String sku) {
        List<JsonNode> found = new ArrayList<>();
        items.forEach(item -> {
            if (item.get("sku").asText().equals(sku)) found.add(item);
        });
        assertThat(found).as(sku).hasSize(1);
        return found.get(0);
    }
}
