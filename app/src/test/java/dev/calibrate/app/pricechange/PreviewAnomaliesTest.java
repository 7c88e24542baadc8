package dev.calibrate.app.pricechange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.command.catalog.PreviewCatalogs;
import dev.calibrate.kernel.tenant.TenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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

    @Autowired
    PreviewCatalogs catalogs;
    @Autowired
    JdbcTemplate jdbc;

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

        for (String pages : List.of("/items", "/preview")) {
            Api.Response flagged = api.get("/api/v1/price-changes/" + change + pages + "?anomalous=true", manager.token());
            assertThat(flagged.status()).as(flagged.body()).isEqualTo(200);
            assertThat(flagged.json().get("total").asInt()).as(pages).isEqualTo(2);
            List<String> skus = new ArrayList<>();
            flagged.json().get("items").forEach(item -> skus.add(item.get("sku").asText()));
            assertThat(skus).as(pages).containsExactlyInAnyOrder("STEADY", "COSTLY");
            assertThat(api.get("/api/v1/price-changes/" + change + pages + "?anomalous=false", manager.token())
                    .json().get("total").asInt()).as(pages).isEqualTo(3);
            assertThat(api.get("/api/v1/price-changes/" + change + pages + "?anomalous=maybe", manager.token())
                    .status()).as(pages).isEqualTo(400);
        }
    }

    @Test
    void aPriceAboveSixTimesTheThirtyDayAverageIsFlaggedAndCountedButExactlySixTimesIsNot() {
        String spike = steps.draft(manager.token(), "Spike", percent(600), Map.of());

        JsonNode preview = steps.preview(manager.token(), spike);

        assertThat(preview.get("summary").get("change").asInt()).isEqualTo(3);
        assertThat(preview.get("summary").get("anomalous").asInt()).as("every item, FRESH for its average alone").isEqualTo(3);
        assertThat(kinds(bySku(preview.get("items"), "FRESH"))).containsExactly("above_average");
        JsonNode fresh = bySku(preview.get("items"), "FRESH").get("anomalies").get(0);
        assertThat(fresh.get("severity").asText()).isEqualTo("high");
        assertThat(fresh.get("reason").asText())
                .isEqualTo("would be priced 175.00 USD, 7.0× its time-weighted 30-day average of 25.00 USD");
        assertThat(fresh.has("score") && !fresh.get("score").isNull()).isFalse();
        assertThat(bySku(preview.get("items"), "COSTLY").get("anomalies").get(0).get("reason").asText())
                .isEqualTo("would be priced 210.00 USD, 7.0× its time-weighted 30-day average of 30.00 USD");
        assertThat(kinds(bySku(preview.get("items"), "STEADY"))).containsExactly("price_move", "above_average");
        assertThat(steps.view(manager.token(), spike, "PREVIEWED").get("preview").get("anomalous").asInt()).isEqualTo(3);

        JsonNode sixTimes = steps.preview(manager.token(), steps.draft(manager.token(), "Six times", percent(500), Map.of()));

        for (JsonNode item : sixTimes.get("items")) {
            assertThat(kinds(item)).as(item.get("sku").asText()).doesNotContain("above_average");
        }
    }

    private static List<String> kinds(JsonNode item) {
        List<String> kinds = new ArrayList<>();
        item.get("anomalies").forEach(anomaly -> kinds.add(anomaly.get("kind").asText()));
        return kinds;
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

    @Test
    void anAnomalyOfAKindOrSeverityALaterReleaseStoredIsLeftOutOfTheItemPageNotAFailure() {
        String change = steps.draft(manager.token(), "Clearance", percent(-84), Map.of());
        steps.preview(manager.token(), change);
        // what a later release might store during a rolling deploy, before this item's known anomaly
        int updated = jdbc.update("""
                UPDATE price_change_item SET anomalies = '[{"kind":"price_spike","severity":"high","reason":"later"},'
                    || '{"kind":"price_move","severity":"severe","reason":"later too","score":9.5},' || substr(anomalies, 2)
                WHERE price_change_id = CAST(? AS uuid) AND anomalies IS NOT NULL""", change);
        assertThat(updated).isEqualTo(2);

        Api.Response page = api.get("/api/v1/price-changes/" + change + "/items", manager.token());

        assertThat(page.status()).as(page.body()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        page.json().get("items").forEach(items::add);
        assertThat(bySku(items, "STEADY").get("anomalies")).singleElement()
                .satisfies(anomaly -> assertThat(anomaly.get("kind").asText()).isEqualTo("price_move"));
        assertThat(bySku(items, "COSTLY").get("anomalies")).singleElement()
                .satisfies(anomaly -> assertThat(anomaly.get("kind").asText()).isEqualTo("below_cost"));
    }

    @Test
    @Tag("slow") // tens of seconds: ./mvnw verify -Pslow
    void pastTheCapWithRepeatedAmountsARebuiltCatalogJudgesAsOneThatFollowedTheEvents() {
        // the catalog is held now, so what follows reaches it as events
        steps.preview(manager.token(), steps.draft(manager.token(), "Warm up", percent(-5), Map.of()));
        // 330 writes of STEADY: every fourth sets the same amount again with another compare-at price (a
        // history row, no change), so its last 250 history rows hold far fewer than the 249 changes kept
        long position = 0;
        String price = "25.00";
        for (int i = 0; i < 330; i++) {
            if (i % 4 != 3) price = price.equals("25.00") ? "25.50" : "25.00";
            Map<String, Object> steady = new LinkedHashMap<>(product("STEADY", price, null, "sale"));
            steady.put("prices", List.of(Map.of("currency", "USD", "amount", price, "compareAt", i % 2 == 0 ? "40.00" : "41.00")));
            Api.Response written = api.post("/api/v1/products:batch", manager.token(), Map.of("items", List.of(steady)));
            assertThat(written.status()).as(written.body()).isEqualTo(200);
            position = written.position();
        }
        String followed = steadyReason(position);
        catalogs.evict(TenantId.parse(manager.tenantId()));
        String rebuilt = steadyReason(position);

        assertThat(rebuilt).isEqualTo(followed);
        assertThat(followed).endsWith(" over 250 changes in 90 days");
    }

    /** The reason a -84 % preview gives STEADY, once the catalog reached {@code position}. */
    private String steadyReason(long position) {
        String clearance = steps.draft(manager.token(), "Clearance", percent(-84), Map.of());
        Api.Response previewed = api.post("/api/v1/price-changes/" + clearance + "/preview", manager.token(), null,
                "X-Calibrate-Wait-For", Long.toString(position));
        assertThat(previewed.status()).as(previewed.body()).isEqualTo(200);
        return bySku(previewed.json().get("items"), "STEADY").get("anomalies").get(0).get("reason").asText();
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
