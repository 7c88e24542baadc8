package dev.calibrate.app.pricechange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.StoredEvents;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.ProductCreated;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceChanged;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceObserved;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static dev.calibrate.app.support.PriceChangeSamples.EXPLAIN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The EU prior-price rule in previews, over real HTTP, with histories made of stored product events at
 * the times they happened (issue 20, items 3 and 4): each golden case, the 30 days counted in the
 * tenant's zone, progressive and not, and every path on which no reduction is announced. The exact
 * window boundary is held to the millisecond by {@code PriorPriceTest}; here the preview's clock is the
 * real one, so the cases sit an hour either side of it.
 */
class PriorPricePreviewTest extends IntegrationTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Duration HOUR = Duration.ofHours(1);

    @Autowired
    EventStore eventStore;
    @Autowired
    EventPositions positions;
    @Autowired
    JdbcTemplate jdbc;

    private StoredEvents events;
    private PriceChangeSteps steps;
    private Api.TenantToken acme;
    private TenantId tenant;
    private Instant now;
    private long position;

    @BeforeEach
    void aTenantInBerlinWithTheRuleOn() {
        events = new StoredEvents(eventStore, positions, jdbc);
        steps = new PriceChangeSteps(api);
        acme = api.newTenant("Omnibus " + UUID.randomUUID());
        tenant = TenantId.parse(acme.tenantId());
        now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Api.Response zone = api.send("PUT", "/admin/v1/tenants/" + acme.tenantId() + "/time-zone", api.adminToken(),
                Map.of("timeZone", "Europe/Berlin"));
        assertThat(zone.status()).as(zone.body()).isEqualTo(200);
    }

    @Test
    void eightyThenHundredThenNinetyAnnouncesNoReduction() {
        policy(Map.of("enabled", true));
        ProductId product = product("GOLD-1", daysAgo(60));
        observed(product, daysAgo(29), "80.00");
        observed(product, daysAgo(20), "100.00");

        JsonNode item = previewed(product, -10);

        assertThat(item.at("/proposedPrice/amount").asText()).isEqualTo("90.00");
        assertThat(absent(item.at("/proposedCompareAt"))).isTrue();
        assertThat(item.get("status").asText()).isEqualTo("CHANGE");
        assertThat(reasons(item)).containsExactly("omnibus: no genuine reduction");
        assertThat(item.at("/priorPrice/amount/amount").asText()).isEqualTo("80.00");
        assertThat(absent(item.at("/priorPrice/reductionPercent"))).isTrue();
    }

    /** The 80 ended an hour before the window's start in Berlin: it is not the prior price. */
    @Test
    void anEightyThatEndedJustBeforeTheWindowDoesNotCount() {
        policy(Map.of("enabled", true));
        ProductId product = product("GOLD-1B", daysAgo(60));
        observed(product, daysAgo(35), "80.00");
        observed(product, windowStart(30).minus(HOUR), "100.00");

        JsonNode item = previewed(product, -10);

        assertThat(item.at("/proposedCompareAt/amount").asText()).isEqualTo("100.00");
        assertThat(item.at("/priorPrice/amount/amount").asText()).isEqualTo("100.00");
        assertThat(item.at("/priorPrice/reductionPercent").asText()).isEqualTo("10.00");
        assertThat(reasons(item)).isEmpty();
    }

    /** The same 80 ending an hour into the window counts. */
    @Test
    void anEightyThatEndedJustInsideTheWindowCounts() {
        policy(Map.of("enabled", true));
        ProductId product = product("GOLD-1C", daysAgo(60));
        observed(product, daysAgo(35), "80.00");
        observed(product, windowStart(30).plus(HOUR), "100.00");

        JsonNode item = previewed(product, -10);

        assertThat(reasons(item)).containsExactly("omnibus: no genuine reduction");
        assertThat(item.at("/priorPrice/amount/amount").asText()).isEqualTo("80.00");
    }

    @Test
    void hundredForFortyDaysThenEightyShowsHundredAndTheReductionFromIt() {
        policy(Map.of("enabled", true));
        ProductId product = product("GOLD-2", daysAgo(40));
        observed(product, daysAgo(40), "100.00");

        JsonNode item = previewed(product, -20);

        assertThat(item.at("/proposedPrice/amount").asText()).isEqualTo("80.00");
        assertThat(item.at("/proposedCompareAt/amount").asText()).isEqualTo("100.00");
        assertThat(item.at("/priorPrice/amount/amount").asText()).isEqualTo("100.00");
        assertThat(item.at("/priorPrice/reductionPercent").asText()).isEqualTo("20.00");
        assertThat(Instant.parse(item.at("/priorPrice/windowStart").asText())).isEqualTo(windowStartOfPreview(item));
        assertThat(absent(item.at("/priorPrice/historySince"))).isTrue();
        assertThat(item.at("/explain/priorPrice/amount/amount").asText()).as("the explain says so too")
                .isEqualTo("100.00");
    }

    /**
     * An analyst's override announces its own reduction from the same prior price: 80 (20 %) overridden to 95
     * shows 5 %, never the 20 % the approver would otherwise see; overridden to 100, no reduction and no compare-at.
     */
    @Test
    void anOverriddenPriceAnnouncesItsOwnReductionFromThePriorPrice() {
        policy(Map.of("enabled", true));
        ProductId product = product("GOLD-OV", daysAgo(40));
        observed(product, daysAgo(40), "100.00");
        JsonNode item = previewed(product, -20);
        assertThat(item.at("/priorPrice/reductionPercent").asText()).isEqualTo("20.00");
        String change = lastPreviewed;

        JsonNode overridden = overridden(change, "95.00");
        assertThat(overridden.at("/proposedPrice/amount").asText()).isEqualTo("95.00");
        assertThat(overridden.at("/proposedCompareAt/amount").asText()).isEqualTo("100.00");
        assertThat(overridden.at("/priorPrice/amount/amount").asText()).isEqualTo("100.00");
        assertThat(overridden.at("/priorPrice/reductionPercent").asText()).isEqualTo("5.00");
        assertThat(overridden.at("/explain/priorPrice/reductionPercent").asText()).as("the explain says so too")
                .isEqualTo("5.00");

        JsonNode atPrior = overridden(change, "100.00");
        assertThat(absent(atPrior.at("/proposedCompareAt"))).as("no reduction to announce").isTrue();
        assertThat(atPrior.at("/priorPrice/amount/amount").asText()).isEqualTo("100.00");
        assertThat(absent(atPrior.at("/priorPrice/reductionPercent"))).isTrue();
    }

    private JsonNode overridden(String change, String price) {
        Api.Response edited = api.post("/api/v1/price-changes/" + change + "/preview/edits", acme.token(),
                Map.of("edits", List.of(Map.of("sku", "GOLD-OV", "action", "OVERRIDE", "price", price,
                        "currency", "USD", "reason", "the outlet's price"))));
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        List<JsonNode> items = steps.items(acme.token(), change);
        assertThat(items).hasSize(1);
        return items.get(0);
    }

    /** 100 → 80 (announced from 100, applied by a price change) → 60: the second cut still shows 100. */
    @Test
    void hundredThenEightyThenSixtyShowsHundredBothTimes() {
        policy(Map.of("enabled", true));
        ProductId product = product("GOLD-3", daysAgo(90));
        observed(product, daysAgo(90), "100.00");
        ProductId firstCut = product("GOLD-3A", daysAgo(90));
        observed(firstCut, daysAgo(90), "100.00");
        JsonNode first = previewed(firstCut, -20);
        assertThat(first.at("/proposedCompareAt/amount").asText()).isEqualTo("100.00");
        // the first cut was applied 25 days ago; its compare-at the prior price of then, 100
        changed(product, daysAgo(25), "100.00", null, "80.00", "100.00");

        JsonNode second = previewed(product, -25);

        assertThat(second.at("/proposedPrice/amount").asText()).isEqualTo("60.00");
        assertThat(second.at("/proposedCompareAt/amount").asText()).isEqualTo("100.00");
        assertThat(second.at("/priorPrice/amount/amount").asText()).isEqualTo("100.00");
        assertThat(second.at("/priorPrice/reductionPercent").asText()).isEqualTo("40.00");
        assertThat(Instant.parse(second.at("/priorPrice/campaignStart").asText())).isEqualTo(daysAgo(25));
    }

    /** Not progressive, the second cut's prior price is the first cut's 80. */
    @Test
    void withoutProgressiveTheSecondCutIsFromTheFirstCutsPrice() {
        policy(Map.of("enabled", true, "progressive", false));
        ProductId product = product("GOLD-3N", daysAgo(90));
        observed(product, daysAgo(90), "100.00");
        changed(product, daysAgo(25), "100.00", null, "80.00", "100.00");

        JsonNode item = previewed(product, -25);

        assertThat(item.at("/proposedCompareAt/amount").asText()).isEqualTo("80.00");
        assertThat(item.at("/priorPrice/reductionPercent").asText()).isEqualTo("25.00");
    }

    /** A campaign whose own window reaches past this one's still keeps its first prior price. */
    @Test
    void aLongCampaignKeepsThePriorPriceOfItsStart() {
        policy(Map.of("enabled", true));
        ProductId product = product("GOLD-3L", daysAgo(200));
        observed(product, daysAgo(200), "120.00");
        changed(product, daysAgo(100), "120.00", null, "90.00", "120.00");
        changed(product, daysAgo(50), "90.00", "120.00", "80.00", "120.00");

        JsonNode item = previewed(product, -25);

        assertThat(item.at("/proposedCompareAt/amount").asText()).isEqualTo("120.00");
        assertThat(item.at("/priorPrice/reductionPercent").asText()).isEqualTo("50.00");
    }

    @Test
    void aNewProductUsesItsTenDaysAndSaysSo() {
        policy(Map.of("enabled", true));
        ProductId product = product("GOLD-4", daysAgo(10));
        observed(product, daysAgo(10), "50.00");

        JsonNode item = previewed(product, -10);

        assertThat(item.at("/proposedCompareAt/amount").asText()).isEqualTo("50.00");
        assertThat(Instant.parse(item.at("/priorPrice/historySince").asText())).isEqualTo(daysAgo(10));
    }

    @Test
    void theWindowIsThePolicysDays() {
        policy(Map.of("enabled", true, "windowDays", 7));
        ProductId product = product("WIN-7", daysAgo(30));
        observed(product, daysAgo(30), "80.00");
        observed(product, daysAgo(8), "100.00");

        JsonNode item = previewed(product, -10);

        assertThat(item.at("/proposedCompareAt/amount").asText()).as("the 80 ended before the 7 days")
                .isEqualTo("100.00");
    }

    @Test
    void withTheRuleOffTheCompareAtIsThePriceBeforeTheCut() {
        ProductId product = product("OFF-1", daysAgo(60));
        observed(product, daysAgo(29), "80.00");
        observed(product, daysAgo(20), "100.00");

        JsonNode item = previewed(product, -10);

        assertThat(item.at("/proposedCompareAt/amount").asText()).isEqualTo("100.00");
        assertThat(absent(item.at("/priorPrice"))).isTrue();
        assertThat(reasons(item)).isEmpty();
    }

    @Test
    void aCurrencyTheRuleDoesNotNameKeepsThePriceBeforeTheCut() {
        policy(Map.of("enabled", true, "currencies", List.of("EUR")));
        ProductId product = product("CUR-1", daysAgo(60));
        observed(product, daysAgo(29), "80.00");
        observed(product, daysAgo(20), "100.00");

        JsonNode item = previewed(product, -10);

        assertThat(item.at("/proposedCompareAt/amount").asText()).isEqualTo("100.00");
        assertThat(absent(item.at("/priorPrice"))).isTrue();
    }

    /** An increase announces nothing: the prior price is shown, the compare-at kept as set_to_current keeps it. */
    @Test
    void anIncreaseAnnouncesNoReductionAndSaysNothingOfOmnibus() {
        policy(Map.of("enabled", true));
        ProductId product = product("UP-1", daysAgo(60));
        observed(product, daysAgo(40), "100.00");

        JsonNode item = previewed(product, 10);

        assertThat(item.at("/proposedPrice/amount").asText()).isEqualTo("110.00");
        assertThat(absent(item.at("/proposedCompareAt"))).isTrue();
        assertThat(reasons(item)).isEmpty();
        assertThat(item.at("/priorPrice/amount/amount").asText()).isEqualTo("100.00");
    }

    /** A cut to exactly the prior price is no reduction either. */
    @Test
    void aCutToExactlyThePriorPriceIsNoGenuineReduction() {
        policy(Map.of("enabled", true));
        ProductId product = product("EQ-1", daysAgo(60));
        observed(product, daysAgo(29), "90.00");
        observed(product, daysAgo(20), "100.00");

        JsonNode item = previewed(product, -10);

        assertThat(item.at("/proposedPrice/amount").asText()).isEqualTo("90.00");
        assertThat(reasons(item)).containsExactly("omnibus: no genuine reduction");
    }

    /** A cut that does not go below a live campaign's prior price drops the campaign's compare-at. */
    @Test
    void aCutAboveTheCampaignsPriorPriceEndsTheAnnouncement() {
        policy(Map.of("enabled", true));
        ProductId product = product("CAMP-UP", daysAgo(90));
        observed(product, daysAgo(90), "100.00");
        observed(product, daysAgo(45), "150.00");
        changed(product, daysAgo(20), "150.00", null, "140.00", "150.00");

        JsonNode item = previewed(product, -5);

        assertThat(item.at("/priorPrice/amount/amount").asText()).as("100 held within 30 days of the campaign's start")
                .isEqualTo("100.00");
        assertThat(absent(item.at("/proposedCompareAt"))).isTrue();
        assertThat(reasons(item)).containsExactly("omnibus: no genuine reduction");
    }

    private JsonNode previewed(ProductId product, int percent) {
        steps.awaitCatalog(acme.token(), position);
        Map<String, Object> rule = Map.of(
                "selector", Map.of("field", "sku", "op", "eq", "value", skus.get(product)),
                "transform", List.of(Map.of("op", "percent", "value", percent)),
                "currency", "USD",
                "compareAt", "set_to_current");
        String id = steps.draft(acme.token(), "Omnibus " + skus.get(product), rule, Map.of());
        steps.preview(acme.token(), id);
        lastPreviewed = id;
        List<JsonNode> items = steps.items(acme.token(), id);
        assertThat(items).hasSize(1);
        return items.get(0);
    }

    private final Map<ProductId, String> skus = new HashMap<>();
    private String lastPreviewed;

    private ProductId product(String sku, Instant created) {
        ProductId product = ProductId.forSku(tenant, sku);
        skus.put(product, sku);
        position = events.appendAt("Product", product.toString(), acme.tenantId(), acme.tokenId(), created,
                new ProductCreated(product, tenant, sku, new ProductDetails("Item " + sku, "Acme", null, List.of("sale"),
                        null, Map.of()), true));
        return product;
    }

    private void observed(ProductId product, Instant at, String usd) {
        position = events.appendAt("Product", product.toString(), acme.tenantId(), acme.tokenId(), at,
                new ProductPriceObserved(product, tenant, usd(usd), null, "api"));
    }

    private void changed(ProductId product, Instant at, String oldPrice, String oldCompareAt, String newPrice,
                         String newCompareAt) {
        position = events.appendAt("Product", product.toString(), acme.tenantId(), "system", at,
                new ProductPriceChanged(product, tenant, PriceChangeId.random(), RunKind.APPLY, usd(oldPrice),
                        usd(newPrice), usd(oldCompareAt), usd(newCompareAt), EXPLAIN));
    }

    private void policy(Map<String, Object> rule) {
        Api.Response put = api.send("PUT", "/api/v1/policy", acme.token(), Map.of("priorPriceRule", rule));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
    }

    private Instant daysAgo(int days) {
        return now.minus(Duration.ofDays(days));
    }

    private Instant windowStart(int days) {
        return now.atZone(BERLIN).minusDays(days).toInstant();
    }

    /** Within a minute of {@link #windowStart} (the preview ran a little after {@code now}), in Berlin's days. */
    private Instant windowStartOfPreview(JsonNode item) {
        Instant shown = Instant.parse(item.at("/priorPrice/windowStart").asText());
        assertThat(Duration.between(windowStart(30), shown)).isBetween(Duration.ZERO, Duration.ofMinutes(1));
        return shown;
    }

    private static List<String> reasons(JsonNode item) {
        return StreamSupport.stream(item.get("reasons").spliterator(), false).map(JsonNode::asText).toList();
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    private static Money usd(String amount) {
        return amount == null ? null : new Money(new BigDecimal(amount), "USD");
    }
}
