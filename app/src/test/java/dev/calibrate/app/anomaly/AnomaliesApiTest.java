package dev.calibrate.app.anomaly;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.StoredEvents;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceDriftDetected;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceDriftResolved;
import dev.calibrate.kernel.channel.ChannelMessages.DriftResolution;
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
import dev.calibrate.query.anomaly.AnomalyLimits;
import dev.calibrate.query.consistency.ReadTimedOut;
import dev.calibrate.query.anomaly.ProductHistories;
import dev.calibrate.query.anomaly.ProductHistory;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.support.PriceChangeSamples.EXPLAIN;
import static dev.calibrate.app.support.ProblemAssertions.assertInvalidField;
import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * GET /api/v1/anomalies over real HTTP, from events stored with the times they happened: each kind
 * found in a product's stream with the events that show it, pages of products, the scopes it
 * takes, another tenant's products never seen, and every bad parameter refused as a 400; and what
 * one request reads of the event store ({@link ProductHistories} with small limits).
 */
class AnomaliesApiTest extends IntegrationTest {

    private static final Instant DAY_0 = Instant.parse("2026-10-01T09:00:00Z");
    private static final String PERIOD = "from=2026-10-01T00:00:00Z&to=2026-12-01T00:00:00Z";

    @Autowired
    EventStore eventStore;
    @Autowired
    EventPositions positions;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ProductHistories histories;

    private StoredEvents events;
    private Api.TenantToken acme;
    private TenantId tenant;

    @BeforeEach
    void aTenant() {
        events = new StoredEvents(eventStore, positions, jdbc);
        acme = api.newTenant("Anomalies " + UUID.randomUUID());
        tenant = TenantId.parse(acme.tenantId());
    }

    @Test
    void aPriceMoveUnlikeTheProductsOthersComesWithItsScoreEvidenceAndReason() {
        ProductId product = created("MOVE-1", null);
        String[] prices = {"100.00", "110.00", "100.00", "110.00", "100.00", "110.00", "100.00", "110.00", "100.00",
                "110.00", "17.60"};
        for (int day = 0; day < prices.length; day++) {
            observed(product, DAY_0.plus(Duration.ofDays(day)), prices[day]);
        }
        Instant dropped = DAY_0.plus(Duration.ofDays(10));

        JsonNode page = anomalies(acme, PERIOD + "&productId=" + product);

        assertThat(page.get("items")).hasSize(1);
        JsonNode move = page.at("/items/0");
        assertThat(move.get("kind").asText()).isEqualTo("price_move");
        assertThat(move.get("severity").asText()).isEqualTo("high");
        assertThat(move.get("productId").asText()).isEqualTo(product.toString());
        assertThat(move.get("currency").asText()).isEqualTo("USD");
        assertThat(move.get("amount").asText()).isEqualTo("17.60");
        assertThat(move.get("at").asText()).isEqualTo(dropped.toString());
        assertThat(move.get("score").asDouble()).isBetween(12.9, 13.0);
        assertThat(move.get("reason").asText()).isEqualTo("dropped 84 % (110.00 → 17.60 USD), 8.4× its usual move "
                + "of 10 %; modified z-score 13 over 10 changes in 90 days");
        JsonNode evidence = move.get("evidence");
        assertThat(evidence).extracting(e -> e.get("role").asText() + " " + e.get("amount").asText() + " #"
                + e.get("sequence").asLong() + " " + e.get("type").asText())
                .containsExactly("previous-price 110.00 #10 ProductPriceObserved", "price 17.60 #11 ProductPriceObserved");
        assertThat(evidence.get(1).get("at").asText()).isEqualTo(dropped.toString());
        assertThat(evidence.get(1).get("position").asLong()).isGreaterThan(evidence.get(0).get("position").asLong());
        assertThat(storedEventId(product, 11)).isEqualTo(evidence.get(1).get("eventId").asText());
    }

    @Test
    void aPriceChangeThatSetsAPriceBelowCostIsCritical() {
        ProductId product = created("COST-1", usd("10.00"));
        observed(product, DAY_0, "12.00");
        events.appendAt("Product", product.toString(), acme.tenantId(), "system", DAY_0.plus(Duration.ofDays(1)),
                new ProductPriceChanged(product, tenant, PriceChangeId.random(), RunKind.APPLY, usd("12.00"),
                        usd("8.00"), null, null, EXPLAIN));

        JsonNode page = anomalies(acme, PERIOD + "&productId=" + product + "&kind=below_cost");

        assertThat(page.get("items")).extracting(i -> i.get("kind").asText() + " " + i.get("severity").asText() + ": "
                + i.get("reason").asText())
                .containsExactly("below_cost critical: priced 8.00 USD, 2.00 under its cost of 10.00 USD (20 % below)");
        assertThat(page.at("/items/0/evidence")).extracting(e -> e.get("role").asText() + " " + e.get("type").asText())
                .containsExactly("price ProductPriceChanged", "cost ProductCreated");
    }

    @Test
    void aPriceAboveSixTimesItsThirtyDayAverageIsFound() {
        ProductId product = created("AVG-1", null);
        observed(product, DAY_0, "10.00");
        observed(product, DAY_0.plus(Duration.ofDays(30)), "70.00");

        JsonNode page = anomalies(acme, PERIOD + "&productId=" + product + "&kind=above_average");

        assertThat(page.get("items")).extracting(i -> i.get("reason").asText())
                .containsExactly("priced 70.00 USD, 7.0× its time-weighted 30-day average of 10.00 USD");
        assertThat(page.at("/items/0/severity").asText()).isEqualTo("high");
    }

    @Test
    void anOpenChannelDriftIsFoundAndARepairedOneIsNot() {
        ProductId open = created("DRIFT-1", null);
        ProductId repaired = created("DRIFT-2", null);
        events.appendAt("Product", open.toString(), acme.tenantId(), "system", DAY_0,
                new ChannelPriceDriftDetected(open, tenant, "shopify", usd("25.00"), usd("19.00"), null));
        events.appendAt("Product", repaired.toString(), acme.tenantId(), "system", DAY_0,
                new ChannelPriceDriftDetected(repaired, tenant, "shopify", usd("25.00"), usd("9.00"), null));
        events.appendAt("Product", repaired.toString(), acme.tenantId(), "system", DAY_0.plus(Duration.ofDays(1)),
                new ChannelPriceDriftResolved(repaired, tenant, "shopify", DriftResolution.REPAIRED, usd("25.00")));

        JsonNode drift = anomalies(acme, PERIOD + "&productId=" + open + "&kind=channel_drift");
        JsonNode none = anomalies(acme, PERIOD + "&productId=" + repaired);
        JsonNode beforeTheRepair = anomalies(acme,
                "from=2026-10-01T00:00:00Z&to=2026-10-01T12:00:00Z&productId=" + repaired);

        assertThat(drift.get("items")).extracting(i -> i.get("severity").asText() + ": " + i.get("reason").asText())
                .containsExactly("medium: shopify shows 19.00 USD where Calibrate set 25.00 USD: 24 % lower, "
                        + "open since 2026-10-01T09:00:00Z");
        assertThat(none.get("items")).isEmpty();
        assertThat(beforeTheRepair.get("items")).extracting(i -> i.get("severity").asText()).containsExactly("high");
    }

    @Test
    void theTenantsProductsArePagedInIdOrderAndThePeriodBoundsWhatIsReported() {
        List<ProductId> products = new ArrayList<>();
        long head = 0;
        for (int i = 0; i < 3; i++) {
            ProductId product = created("PAGE-" + i, usd("10.00"));
            products.add(product);
            head = events.appendAt("Product", product.toString(), acme.tenantId(), acme.tokenId(),
                    DAY_0.plus(Duration.ofDays(i)), new ProductPriceObserved(product, tenant, usd("5.00"), null, "api"));
        }
        List<String> ids = products.stream().map(ProductId::toString).sorted().toList();
        String wait = String.valueOf(head);

        JsonNode first = anomalies(acme, PERIOD + "&size=2", EventPositions.WAIT_HEADER, wait);
        JsonNode second = anomalies(acme, PERIOD + "&size=2&after=" + first.get("nextAfter").asText());
        JsonNode firstDayOnly = anomalies(acme, "from=2026-10-01T00:00:00Z&to=2026-10-02T00:00:00Z");
        JsonNode lastDayOnly = anomalies(acme, "from=2026-10-03T00:00:00Z&to=2026-10-04T00:00:00Z");

        assertThat(first.get("products").asInt()).isEqualTo(2);
        assertThat(first.get("items")).extracting(i -> i.get("productId").asText()).containsExactly(ids.get(0), ids.get(1));
        assertThat(first.get("nextAfter").asText()).isEqualTo(ids.get(1));
        assertThat(second.get("products").asInt()).isEqualTo(1);
        assertThat(second.get("items")).extracting(i -> i.get("productId").asText()).containsExactly(ids.get(2));
        assertThat(second.has("nextAfter")).as("the last page").isFalse();
        assertThat(firstDayOnly.get("items")).as("the later prices are after the period")
                .extracting(i -> i.get("productId").asText()).containsExactly(products.get(0).toString());
        assertThat(lastDayOnly.get("items")).as("every price still below cost at its end, from when it went below")
                .extracting(i -> i.get("productId").asText() + " " + i.get("at").asText())
                .containsExactlyInAnyOrder(products.get(0) + " 2026-10-01T09:00:00Z", products.get(1) + " 2026-10-02T09:00:00Z",
                        products.get(2) + " 2026-10-03T09:00:00Z");
        assertThat(lastDayOnly.get("from").asText()).isEqualTo("2026-10-03T00:00:00Z");
        assertThat(lastDayOnly.get("partialHistories")).isEmpty();
    }

    @Test
    void aStreamLongerThanOneRequestReadsIsReadFromItsMostRecentEventsAndSaysSo() {
        ProductId product = created("LONG-1", usd("10.00"));
        Object[] prices = new Object[1_001];
        for (int i = 0; i < prices.length; i++) {
            prices[i] = new ProductPriceObserved(product, tenant, usd(i % 2 == 0 ? "5.00" : "6.00"), null, "api");
        }
        events.appendAt("Product", product.toString(), acme.tenantId(), acme.tokenId(), DAY_0, prices);

        JsonNode page = anomalies(acme, PERIOD + "&productId=" + product + "&kind=below_cost");

        assertThat(page.get("partialHistories")).extracting(JsonNode::asText).containsExactly(product.toString());
        assertThat(page.get("items")).as("the cost was set before the 1,000 events read, so it is not known").isEmpty();
    }

    @Test
    void aPageEndsEarlyBeforeItsProductsWouldPassTheEventBudget() {
        List<ProductId> products = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ProductId product = created("BUDGET-" + i, usd("10.00"));
            for (int day = 0; day < 3; day++) {
                observed(product, DAY_0.plus(Duration.ofDays(day)), "12.00");
            }
            products.add(product);
        }
        // four events a product at most and ten in all: two products fit (8 rows), a third might not
        AnomalyLimits limits = new AnomalyLimits(4, 10, Duration.ofSeconds(5), 0.10);

        ProductHistories.Read read = histories.read(tenant, products, DAY_0.plus(Duration.ofDays(30)), limits);

        assertThat(read.budgetSpent()).isTrue();
        assertThat(read.histories()).extracting(ProductHistory::productId).containsExactly(products.get(0), products.get(1));
        assertThat(read.histories()).allSatisfy(history -> assertThat(history.facts()).hasSize(4));
    }

    @Test
    void theEventsReadOfAStreamAreCappedWhateverTheirTimeAndNotOnlyThoseUsed() {
        ProductId product = created("CAP-1", usd("10.00"));
        observed(product, DAY_0, "5.00");
        for (int day = 10; day < 20; day++) {
            observed(product, DAY_0.plus(Duration.ofDays(day)), "12.00");
        }
        Instant to = DAY_0.plus(Duration.ofDays(1));

        ProductHistory capped = histories.read(tenant, List.of(product), to,
                new AnomalyLimits(5, 5, Duration.ofSeconds(5), 0.10)).histories().get(0);
        ProductHistory whole = histories.read(tenant, List.of(product), to,
                new AnomalyLimits(20, 20, Duration.ofSeconds(5), 0.10)).histories().get(0);

        assertThat(capped.partial()).as("its 5 most recent events are all after `to`").isTrue();
        assertThat(capped.facts()).isEmpty();
        assertThat(whole.partial()).isFalse();
        assertThat(whole.facts()).extracting(fact -> fact.ref().sequence()).containsExactly(0L, 1L);
    }

    @Test
    void aReadPastTheStatementTimeoutIsCancelledAndAnswersServiceUnavailable() {
        ProductId product = created("SLOW-1", usd("10.00"));
        Object[] prices = new Object[5_000];
        for (int i = 0; i < prices.length; i++) {
            prices[i] = new ProductPriceObserved(product, tenant, usd(i % 2 == 0 ? "5.00" : "6.00"), null, "api");
        }
        events.appendAt("Product", product.toString(), acme.tenantId(), acme.tokenId(), DAY_0, prices);
        // 5,000 rows with their payloads take PostgreSQL well over a millisecond to produce
        AnomalyLimits limits = new AnomalyLimits(5_000, 5_000, Duration.ofMillis(1), 0.10);

        assertThatThrownBy(() -> histories.read(tenant, List.of(product), DAY_0.plus(Duration.ofDays(1)), limits))
                .isInstanceOfSatisfying(ReadTimedOut.class,
                        e -> assertThat(e.getStatusCode().value()).isEqualTo(503));
    }

    @Test
    void aProductAskedForByIdThatIsNoneOfTheTenantsAnswersAnEmptyPage() {
        ProductId theirs = created("THEIRS-1", usd("10.00"));
        observed(theirs, DAY_0, "5.00");
        Api.TenantToken other = api.newTenant("Other " + UUID.randomUUID());

        for (String id : List.of(UUID.randomUUID().toString(), theirs.toString())) {
            JsonNode page = anomalies(other, PERIOD + "&productId=" + id);
            assertThat(page.get("items")).isEmpty();
            assertThat(page.get("products").asInt()).isZero();
            assertThat(page.has("nextAfter")).isFalse();
        }
        assertThat(anomalies(acme, PERIOD + "&productId=" + theirs).get("products").asInt()).isEqualTo(1);
    }

    @Test
    void anotherTenantsProductsAreNeverSeen() {
        ProductId product = created("SECRET-1", usd("10.00"));
        long head = observed(product, DAY_0, "5.00");
        Api.TenantToken other = api.newTenant("Other " + UUID.randomUUID());

        assertThat(anomalies(acme, PERIOD + "&productId=" + product).get("items")).hasSize(1);
        assertThat(anomalies(other, PERIOD + "&productId=" + product).get("items")).isEmpty();
        JsonNode otherPage = anomalies(other, PERIOD, EventPositions.WAIT_HEADER, String.valueOf(head));
        assertThat(otherPage.get("items")).isEmpty();
        assertThat(otherPage.get("products").asInt()).isZero();
    }

    @Test
    void eitherCatalogOrAuditReadingMayAskAndNoOtherScope() {
        ProductId product = created("SCOPE-1", usd("10.00"));
        observed(product, DAY_0, "5.00");
        String query = "/api/v1/anomalies?" + PERIOD + "&productId=" + product;

        assertThat(api.get(query, api.token(acme.tenantId(), "catalog:read").token()).status()).isEqualTo(200);
        assertThat(api.get(query, api.token(acme.tenantId(), "audit:read").token()).status()).isEqualTo(200);
        assertProblem(api.get(query, api.token(acme.tenantId(), "prices:write", "competitors:read").token()), 403, null);
        assertThat(api.get(query, null).status()).isEqualTo(401);
    }

    @Test
    void badParametersAreRefusedAtTheirField() {
        String token = acme.token();
        Map<String, String> refused = Map.of(
                "from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z", "from",
                "from=2025-01-01T00:00:00Z&to=2026-01-03T00:00:00Z", "from",
                "from=yesterday", "from",
                "to=%2B1000000000-12-31T23:59:59Z", "to",
                "kind=price_spike", "kind",
                "productId=not-a-uuid", "productId",
                "productId=1-1-1-1-1", "productId",
                "after=42", "after",
                "size=0", "size",
                "size=101", "size");
        refused.forEach((query, field) -> assertInvalidField(api.get("/api/v1/anomalies?" + query, token), field));

        assertThat(api.get("/api/v1/anomalies?from=2025-01-01T00:00:00Z&to=2026-01-02T00:00:00Z", token).status())
                .as("366 days is the longest period").isEqualTo(200);
        assertInvalidField(api.get("/api/v1/anomalies?size=abc", token), "size");
        // one product is one page: a position after it or a page size would mean nothing
        assertInvalidField(api.get("/api/v1/anomalies?productId=" + UUID.randomUUID() + "&after=" + UUID.randomUUID(),
                token), "after");
        assertInvalidField(api.get("/api/v1/anomalies?productId=" + UUID.randomUUID() + "&size=10", token), "size");
        assertInvalidField(api.get("/api/v1/anomalies", token, EventPositions.WAIT_HEADER, "soon"),
                EventPositions.WAIT_HEADER);
    }

    private ProductId created(String sku, Money cost) {
        ProductId product = ProductId.forSku(tenant, sku);
        events.appendAt("Product", product.toString(), acme.tenantId(), acme.tokenId(), DAY_0.minus(Duration.ofDays(1)),
                new ProductCreated(product, tenant, sku, new ProductDetails("Item " + sku, "Acme", null, List.of(), cost,
                        Map.of()), true));
        return product;
    }

    private long observed(ProductId product, Instant at, String usd) {
        return events.appendAt("Product", product.toString(), acme.tenantId(), acme.tokenId(), at,
                new ProductPriceObserved(product, tenant, usd(usd), null, "api"));
    }

    private String storedEventId(ProductId product, long sequence) {
        return jdbc.queryForObject("SELECT eventidentifier FROM domainevententry WHERE aggregateidentifier = ? "
                + "AND sequencenumber = ?", String.class, product.toString(), sequence);
    }

    private JsonNode anomalies(Api.TenantToken caller, String query, String... headers) {
        Api.Response response = api.get("/api/v1/anomalies?" + query, caller.token(), headers);
        assertThat(response.status()).as("anomalies: %s", response.body()).isEqualTo(200);
        return response.json();
    }

    private static Money usd(String amount) {
        return Money.parse(amount, "USD", "amount");
    }
}
