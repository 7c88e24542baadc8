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
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code match_competitor} rule from posted observations to applied prices: the preview prices
 * from the lowest fresh in-stock competitor price and names the observations it used, skips items
 * with only stale ones, and the approved change sets exactly the previewed prices.
 */
class CompetitorPricingTest extends IntegrationTest {

    private static final List<Map<String, Object>> UNDERCUT_STEPS = List.of(
            Map.of("op", "match_competitor", "strategy", "lowest", "offsetPercent", -1, "maxAgeHours", 24),
            Map.of("op", "round", "mode", "charm", "ending", "0.99"));
    /** 1% under the lowest fresh competitor price, charm-rounded to .99. */
    private static final Map<String, Object> UNDERCUT = Map.of(
            "selector", Map.of("field", "tags", "op", "contains", "value", "match"),
            "transform", UNDERCUT_STEPS, "currency", "USD");
    /** The same, only for products with a fresh competing price. */
    private static final Map<String, Object> UNDERCUT_WHERE_SEEN = Map.of(
            "selector", Map.of("all", List.of(Map.of("field", "tags", "op", "contains", "value", "match"),
                    Map.of("field", "competitorPrice", "op", "exists", "value", true))),
            "transform", UNDERCUT_STEPS, "currency", "USD");

    private PriceChangeSteps priceChanges;
    private CompetitorSteps competitors;
    private Api.TenantToken manager;
    private Api.TenantToken approver;
    private Instant now;

    @BeforeEach
    void catalogAndCompetitors() {
        priceChanges = new PriceChangeSteps(api);
        competitors = new CompetitorSteps(api);
        now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        manager = api.newTenant("Acme");
        approver = api.token(manager.tenantId(), "prices:approve");
        priceChanges.catalog(manager.token(), List.of(product("M-1", "30.00", null, "match"),
                product("M-2", "25.00", null, "match"), product("M-3", "40.00", null, "match"),
                product("N-1", "20.00", null, "other")));
    }

    private String id(String sku) {
        return ProductId.forSku(TenantId.parse(manager.tenantId()), sku).toString();
    }

    private Instant ago(int hours) {
        return now.minus(Duration.ofHours(hours));
    }

    @Test
    void previewsApprovesAndAppliesPricesMatchedToTheCompetitionWithTheirExplainTrace() {
        String bolt = competitors.register(manager.token(), "Bolt Outlet", "bolt-outlet.example");
        String cargo = competitors.register(manager.token(), "Cargo Club", "cargo.example");
        competitors.observe(manager.token(), bolt, List.of(
                seen("M-1", "20.00", ago(10)), seen("M-1", "26.00", ago(2)),
                with(seen("M-2", "19.00", ago(1)), "inStock", false),
                seen("M-3", "35.00", ago(30)), seen("N-1", "10.00", ago(1))));
        long position = competitors.observe(manager.token(), cargo, List.of(
                seen("M-1", "27.50", ago(1)), seen("M-2", "24.00", ago(3))));

        // the selector sees the same competitor prices: M-3 has no fresh one
        String whereSeen = priceChanges.draft(manager.token(), "Undercut where seen", UNDERCUT_WHERE_SEEN, Map.of());
        Api.Response selected = api.post("/api/v1/price-changes/" + whereSeen + "/preview", manager.token(), null,
                "X-Calibrate-Wait-For", Long.toString(position));
        assertThat(bySku(selected.json().get("items"))).containsOnlyKeys("M-1", "M-2");

        String change = priceChanges.draft(manager.token(), "Undercut", UNDERCUT, Map.of());
        Api.Response previewed = api.post("/api/v1/price-changes/" + change + "/preview", manager.token(), null,
                "X-Calibrate-Wait-For", Long.toString(position));
        assertThat(previewed.status()).as(previewed.body()).isEqualTo(200);
        JsonNode preview = previewed.json();
        Map<String, JsonNode> items = bySku(preview.get("items"));

        assertThat(items).containsOnlyKeys("M-1", "M-2", "M-3");
        // M-1: lowest fresh is Bolt's 26.00 (its 20.00 is superseded); 26.00 - 1% = 25.74, charm .99 -> 25.99
        JsonNode m1 = items.get("M-1");
        assertThat(m1.get("status").asText()).isEqualTo("CHANGE");
        assertThat(m1.get("proposedPrice").get("amount").asText()).isEqualTo("25.99");
        JsonNode match = m1.get("explain").get("steps").get(0);
        assertThat(match.get("op").asText()).isEqualTo("match_competitor");
        assertThat(match.get("output").asText()).isEqualTo("25.74");
        assertThat(match.get("detail").asText()).isEqualTo("lowest of 2 fresh (within 24h): "
                + "Bolt Outlet (bolt-outlet.example) 26.00 USD observed " + ago(2) + ", "
                + "Cargo Club (cargo.example) 27.50 USD observed " + ago(1) + "; offset -1% +0.00");
        // M-2: Bolt is out of stock, so Cargo's 24.00 is the lowest competing price: 23.76 -> 23.99
        JsonNode m2 = items.get("M-2");
        assertThat(m2.get("proposedPrice").get("amount").asText()).isEqualTo("23.99");
        assertThat(m2.get("explain").get("steps").get(0).get("detail").asText())
                .contains("Cargo Club (cargo.example) 24.00 USD").doesNotContain("Bolt");
        // M-3: only a stale observation
        JsonNode m3 = items.get("M-3");
        assertThat(m3.get("status").asText()).isEqualTo("SKIPPED");
        assertThat(m3.get("reasons")).extracting(JsonNode::asText)
                .containsExactly("no competitor price in USD observed within 24h");

        // the same inputs give the same preview
        String hash = preview.get("previewHash").asText();
        assertThat(priceChanges.preview(manager.token(), change).get("previewHash").asText()).isEqualTo(hash);

        assertThat(priceChanges.action(manager.token(), change, "submit", null).status()).isEqualTo(200);
        Api.Response approved = priceChanges.action(approver.token(), change, "approve", Map.of("previewHash", hash));
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(priceChanges.action(manager.token(), change, "apply", null).status()).isEqualTo(202);
        priceChanges.awaitApplied(manager.token(), change);

        assertThat(priceChanges.priceOf(manager.token(), id("M-1"))).isEqualTo("25.99");
        assertThat(priceChanges.priceOf(manager.token(), id("M-2"))).isEqualTo("23.99");
        assertThat(priceChanges.priceOf(manager.token(), id("M-3"))).isEqualTo("40.00");
        assertThat(priceChanges.priceOf(manager.token(), id("N-1"))).isEqualTo("20.00");
        JsonNode history = api.get("/api/v1/products/" + id("M-1") + "/history", manager.token()).json().get("events");
        JsonNode changed = null;
        for (JsonNode event : history) {
            if (event.get("type").asText().equals("ProductPriceChanged")) changed = event;
        }
        assertThat(changed).isNotNull();
        assertThat(changed.get("payload").get("explain").get("steps").get(0).get("detail").asText())
                .contains("Bolt Outlet (bolt-outlet.example) 26.00 USD observed " + ago(2));
    }

    private static Map<String, JsonNode> bySku(JsonNode items) {
        Map<String, JsonNode> bySku = new HashMap<>();
        items.forEach(item -> bySku.put(item.get("sku").asText(), item));
        return bySku;
    }
}
