package dev.calibrate.app.provenance;

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
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The provenance read of a long stream: read backwards a page (200 events) at a time, it finds a price
 * set hundreds of events back, and refuses (422) one set further back than the 5,000 events it reads.
 */
class ProvenanceLongHistoryTest extends IntegrationTest {

    private static final Instant CREATED = Instant.parse("2026-10-01T09:00:00Z");

    @Autowired
    EventStore eventStore;
    @Autowired
    EventPositions positions;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aPriceSetHundredsOfEventsBackIsFoundAcrossPagesWithThePriceBefore() {
        Api.TenantToken acme = api.newTenant("Provenance long " + UUID.randomUUID());
        ProductId product = pricedThenBusyInEuros(acme, "LH-1", 450);

        JsonNode live = provenance(acme, product, "?currency=USD");
        assertThat(live.get("amount").asText()).isEqualTo("11.00");
        assertThat(live.at("/setBy/sequence").asLong()).isEqualTo(2);
        assertThat(live.at("/previous/amount").asText()).isEqualTo("10.00");
        assertThat(live.at("/previous/setBy/sequence").asLong()).isEqualTo(1);
        assertThat(live.get("historyComplete").asBoolean()).isTrue();

        JsonNode euros = provenance(acme, product, "?currency=EUR");
        assertThat(euros.at("/setBy/sequence").asLong()).as("the newest event").isEqualTo(452);
        assertThat(euros.at("/previous/setBy/sequence").asLong()).isEqualTo(451);

        JsonNode first = provenance(acme, product, "?currency=USD&at=" + CREATED.plusMillis(1));
        assertThat(first.get("amount").asText()).isEqualTo("10.00");
        assertThat(first.has("previous")).isFalse();
    }

    @Test
    void anInstantFarInTheFutureIsTheLivePriceAndOneBeforeTheProductNotYetIt() {
        Api.TenantToken acme = api.newTenant("Provenance far " + UUID.randomUUID());
        ProductId product = pricedThenBusyInEuros(acme, "LH-3", 1);

        // Instant's largest year: written "+1000000000-…", which must not compare as text before stored times
        JsonNode far = provenance(acme, product, "?currency=USD&at=%2B1000000000-12-31T23:59:59Z");
        assertThat(far.get("amount").asText()).isEqualTo("11.00");
        assertProblem(api.get("/api/v1/products/" + product + "/provenance?currency=USD&at=-1000000000-01-01T00:00:00Z",
                acme.token()), 404, "not-found");
    }

    @Test
    void aCurrencyTheLiveProductIsNotPricedInIsNotFoundHoweverLongItsStream() {
        Api.TenantToken acme = api.newTenant("Provenance no GBP " + UUID.randomUUID());
        ProductId product = pricedThenBusyInEuros(acme, "LH-6", 5_001);
        awaitCatalog(acme, positions.head());

        JsonNode gbp = assertProblem(api.get("/api/v1/products/" + product + "/provenance?currency=GBP",
                acme.token()), 404, "not-found");
        assertThat(gbp.get("detail").asText()).contains("had no GBP price");
        // at an instant the stream alone answers: no GBP among the events it reads, worded as such
        JsonNode past = assertProblem(api.get("/api/v1/products/" + product + "/provenance?currency=GBP&at="
                + CREATED.plusSeconds(3600), acme.token()), 422, "over-budget");
        assertThat(past.get("detail").asText()).contains("no GBP price among the 5000 newest events");
    }

    @Test
    void theLivePricesChannelLinksComeFromTheProductNotFromItsOldestEvents() {
        Api.TenantToken acme = api.newTenant("Provenance links " + UUID.randomUUID());
        TenantId tenantId = TenantId.parse(acme.tenantId());
        ProductId product = ProductId.forSku(tenantId, "LH-7");
        // linked at creation, then 5,001 other events, then two USD prices a change set
        PriceChangeId change = new PriceChangeId(UUID.randomUUID());
        Object[] events = new Object[1 + 5_001 + 2];
        events[0] = new ProductCreated(product, tenantId, "LH-7", new ProductDetails("Linked", "Acme", null,
                List.of(), null, Map.of("shopify", Map.of("variantId", "gid://shopify/ProductVariant/7"))), true);
        for (int i = 0; i < 5_001; i++) {
            events[1 + i] = new ProductPriceObserved(product, tenantId, money((10 + i % 50) + ".00", "EUR"), null,
                    "api");
        }
        events[5_002] = new ProductPriceChanged(product, tenantId, change, RunKind.APPLY, null, money("10.00", "USD"),
                null, null, null);
        events[5_003] = new ProductPriceChanged(product, tenantId, change, RunKind.APPLY, money("10.00", "USD"),
                money("11.00", "USD"), null, null, null);
        long head = new StoredEvents(eventStore, positions, jdbc).appendAt("Product", product.toString(),
                acme.tenantId(), acme.tokenId(), CREATED, events);
        awaitCatalog(acme, Math.max(head, positions.head()));

        JsonNode live = provenance(acme, product, "?currency=USD");
        assertThat(live.get("amount").asText()).isEqualTo("11.00");
        assertThat(live.at("/channels/0/channel").asText()).isEqualTo("shopify");
        assertThat(live.at("/channels/0/state").asText()).isEqualTo("PENDING");
        assertThat(live.at("/channels/0/refs/variantId").asText()).isEqualTo("gid://shopify/ProductVariant/7");
        assertThat(live.get("historyComplete").asBoolean()).as("stopped at the price before").isFalse();
    }

    @Test
    void aPriceSetMoreThanFiveThousandEventsBackIsOverBudget() {
        Api.TenantToken acme = api.newTenant("Provenance too long " + UUID.randomUUID());
        ProductId product = pricedThenBusyInEuros(acme, "LH-2", 5_001);
        awaitCatalog(acme, positions.head());

        JsonNode refused = assertProblem(api.get("/api/v1/products/" + product + "/provenance?currency=USD",
                acme.token()), 422, "over-budget");
        assertThat(refused.get("detail").asText()).contains("no USD price among the 5000 newest events");

        JsonNode euros = provenance(acme, product, "?currency=EUR");
        assertThat(euros.get("historyComplete").asBoolean()).as("stopped at the limit").isFalse();
        assertThat(euros.has("previous")).isTrue();
    }

    @Test
    void anInstantFollowedByMoreThanFiveThousandEventsIsOverBudgetNotAScanOfThemAll() {
        Api.TenantToken acme = api.newTenant("Provenance busy after " + UUID.randomUUID());
        ProductId product = pricedThenBusyInEuros(acme, "LH-4", 5_001);

        // the events after `at` count against the limit: the read stops after 5,000 of them
        JsonNode refused = assertProblem(api.get("/api/v1/products/" + product + "/provenance?currency=USD&at="
                + CREATED.plusMillis(2), acme.token()), 422, "over-budget");
        assertThat(refused.get("detail").asText()).contains("more than 5000 events after");

        // with fewer events after it, the same instant is traced
        ProductId calmer = pricedThenBusyInEuros(acme, "LH-5", 4_000);
        JsonNode traced = provenance(acme, calmer, "?currency=USD&at=" + CREATED.plusMillis(2));
        assertThat(traced.get("amount").asText()).isEqualTo("11.00");
        assertThat(traced.at("/previous/amount").asText()).isEqualTo("10.00");
    }

    /** Created with USD 10.00 then 11.00, then {@code euroPrices} EUR prices, a millisecond apart. */
    private ProductId pricedThenBusyInEuros(Api.TenantToken tenant, String sku, int euroPrices) {
        TenantId tenantId = TenantId.parse(tenant.tenantId());
        ProductId product = ProductId.forSku(tenantId, sku);
        Object[] events = new Object[3 + euroPrices];
        events[0] = new ProductCreated(product, tenantId, sku, new ProductDetails("Long " + sku, "Acme", null,
                List.of(), null, Map.of()), true);
        events[1] = new ProductPriceObserved(product, tenantId, money("10.00", "USD"), null, "api");
        events[2] = new ProductPriceObserved(product, tenantId, money("11.00", "USD"), null, "api");
        for (int i = 0; i < euroPrices; i++) {
            events[3 + i] = new ProductPriceObserved(product, tenantId, money((10 + i % 50) + ".00", "EUR"), null,
                    "api");
        }
        new StoredEvents(eventStore, positions, jdbc).appendAt("Product", product.toString(), tenant.tenantId(),
                tenant.tokenId(), CREATED, events);
        return product;
    }

    private void awaitCatalog(Api.TenantToken tenant, long position) {
        assertThat(api.get("/api/v1/products?size=1", tenant.token(), EventPositions.WAIT_HEADER,
                Long.toString(position)).status()).isEqualTo(200);
    }

    private JsonNode provenance(Api.TenantToken tenant, ProductId product, String query) {
        Api.Response answer = api.get("/api/v1/products/" + product + "/provenance" + query, tenant.token());
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    private static Money money(String amount, String currency) {
        return Money.parse(amount, currency, "amount");
    }
}
