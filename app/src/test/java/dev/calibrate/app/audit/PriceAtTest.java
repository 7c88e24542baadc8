package dev.calibrate.app.audit;

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
import dev.calibrate.kernel.product.ProductMessages.ProductPriceChangeConflicted;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceChanged;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceObserved;
import dev.calibrate.kernel.tenant.Actor;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.query.audit.PriceSettingReads;
import dev.calibrate.query.audit.TenantEventStore;
import dev.calibrate.query.consistency.ReadTimedOut;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.support.PriceChangeSamples.EXPLAIN;
import static dev.calibrate.app.support.ProblemAssertions.assertInvalidField;
import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static dev.calibrate.app.support.LongStreams.observed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * GET /api/v1/products/{id}/price-at: a product's price at any instant, read from its events, with
 * the event that set it. The product here was priced through the API on the 20th, reduced by a price
 * change on the 26th and restored by its rollback on the 30th.
 */
class PriceAtTest extends IntegrationTest {

    private static final Instant CREATED = Instant.parse("2026-11-20T09:00:00Z");
    private static final Instant APPLIED = Instant.parse("2026-11-26T08:00:00Z");
    private static final Instant ROLLED_BACK = Instant.parse("2026-11-30T23:00:00Z");

    @Autowired
    EventStore eventStore;
    @Autowired
    EventPositions positions;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TenantEventStore tenantEvents;

    private Api.TenantToken acme;
    private ProductId product;
    private PriceChangeId change;

    @BeforeEach
    void aProductPricedReducedAndRestored() {
        StoredEvents events = new StoredEvents(eventStore, positions, jdbc);
        acme = api.newTenant("Price at " + UUID.randomUUID());
        TenantId tenant = TenantId.parse(acme.tenantId());
        product = ProductId.forSku(tenant, "PA-1");
        change = PriceChangeId.random();
        String id = product.toString();
        events.appendAt("Product", id, acme.tenantId(), acme.tokenId(), CREATED,
                new ProductCreated(product, tenant, "PA-1", new ProductDetails("Summer tee", "Acme", null,
                        List.of("summer"), null, Map.of()), true),
                new ProductPriceObserved(product, tenant, usd("25.00"), usd("29.00"), "api"),
                new ProductPriceObserved(product, tenant, Money.parse("23.00", "EUR", "amount"), null, "api"));
        events.appendAt("Product", id, acme.tenantId(), Actor.SYSTEM.id(), APPLIED,
                new ProductPriceChanged(product, tenant, change, RunKind.APPLY, usd("25.00"), usd("20.99"),
                        usd("29.00"), usd("25.00"), EXPLAIN),
                new ProductPriceChangeConflicted(product, tenant, change, RunKind.APPLY, usd("25.00"), usd("20.99"),
                        "a conflict sets no price"));
        events.appendAt("Product", id, acme.tenantId(), Actor.SYSTEM.id(), ROLLED_BACK,
                new ProductPriceChanged(product, tenant, change, RunKind.ROLLBACK, usd("20.99"), usd("25.00"),
                        usd("25.00"), usd("29.00"), null));
    }

    @Test
    void duringTheChangeThePriceIsTheOneItSetWithItsExplainTrace() {
        JsonNode price = priceAt("USD", "2026-11-26T10:00:00Z");

        assertThat(price.get("productId").asText()).isEqualTo(product.toString());
        assertThat(price.get("currency").asText()).isEqualTo("USD");
        assertThat(price.get("at").asText()).isEqualTo("2026-11-26T10:00:00Z");
        assertThat(price.get("amount").asText()).isEqualTo("20.99");
        assertThat(price.get("compareAt").asText()).isEqualTo("25.00");
        JsonNode setBy = price.get("setBy");
        assertThat(setBy.get("type").asText()).isEqualTo("ProductPriceChanged");
        assertThat(setBy.get("sequence").asLong()).isEqualTo(3);
        assertThat(setBy.get("timestamp").asText()).isEqualTo(APPLIED.toString());
        assertThat(setBy.get("eventId").asText()).isNotBlank();
        assertThat(setBy.get("actor").asText()).isEqualTo("system");
        assertThat(setBy.get("priceChangeId").asText()).isEqualTo(change.toString());
        assertThat(setBy.get("action").asText()).isEqualTo("APPLY");
        assertThat(setBy.get("explain")).isEqualTo(mapper.valueToTree(EXPLAIN));
        assertThat(setBy.get("explain").at("/steps/1/output").asText()).isEqualTo("20.99");
    }

    @Test
    void theInstantAnEventWasStoredIsAlreadyItsPrice() {
        assertThat(priceAt("USD", APPLIED.toString()).get("amount").asText()).isEqualTo("20.99");
        assertThat(priceAt("USD", APPLIED.minusMillis(1).toString()).get("amount").asText()).isEqualTo("25.00");
    }

    @Test
    void beforeTheChangeThePriceIsTheObservedOne() {
        JsonNode price = priceAt("USD", "2026-11-25T00:00:00Z");

        assertThat(price.get("amount").asText()).isEqualTo("25.00");
        assertThat(price.get("compareAt").asText()).isEqualTo("29.00");
        JsonNode setBy = price.get("setBy");
        assertThat(setBy.get("type").asText()).isEqualTo("ProductPriceObserved");
        assertThat(setBy.get("sequence").asLong()).isEqualTo(1);
        assertThat(setBy.get("source").asText()).isEqualTo("api");
        assertThat(setBy.get("actor").asText()).isEqualTo(acme.tokenId());
        assertThat(setBy.has("priceChangeId")).isFalse();
        assertThat(setBy.has("explain")).isFalse();
    }

    @Test
    void afterTheRollbackThePriceIsRestoredByIt() {
        JsonNode price = priceAt("USD", "2026-12-01T00:00:00Z");

        assertThat(price.get("amount").asText()).isEqualTo("25.00");
        assertThat(price.get("compareAt").asText()).isEqualTo("29.00");
        assertThat(price.at("/setBy/type").asText()).isEqualTo("ProductPriceChanged");
        assertThat(price.at("/setBy/sequence").asLong()).isEqualTo(5);
        assertThat(price.at("/setBy/action").asText()).isEqualTo("ROLLBACK");
        assertThat(price.get("setBy").has("explain")).isFalse();
    }

    @Test
    void eachCurrencyHasItsOwnPrice() {
        JsonNode price = priceAt("EUR", "2026-11-26T10:00:00Z");

        assertThat(price.get("amount").asText()).isEqualTo("23.00");
        assertThat(price.has("compareAt")).isFalse();
        assertThat(price.at("/setBy/sequence").asLong()).isEqualTo(2);
    }

    /**
     * After the rollback, 450 more USD prices, 50 a second, each a millisecond after the one before: the EUR price
     * of the 20th, set before them all, is found across the read's pages of 200, and each instant finds the newest
     * price stamped at or before it.
     */
    @Test
    void aLongHistoryIsReadAPageAtATimeFromTheNewest() {
        StoredEvents events = new StoredEvents(eventStore, positions, jdbc);
        TenantId tenant = TenantId.parse(acme.tenantId());
        Instant later = Instant.parse("2026-12-02T00:00:00Z");
        for (int batch = 0; batch < 9; batch++) {
            int first = batch * 50 + 1;
            Object[] prices = observed(product, tenant, "USD", 50, i -> (first + i) + ".00");
            events.appendAt("Product", product.toString(), acme.tenantId(), acme.tokenId(),
                    later.plusSeconds(batch), prices);
        }

        JsonNode euro = priceAt("EUR", "2026-12-03T00:00:00Z");
        assertThat(euro.get("amount").asText()).isEqualTo("23.00");
        assertThat(euro.at("/setBy/sequence").asLong()).isEqualTo(2);
        JsonNode last = priceAt("USD", "2026-12-03T00:00:00Z");
        assertThat(last.get("amount").asText()).isEqualTo("450.00");
        assertThat(last.at("/setBy/sequence").asLong()).isEqualTo(455);
        JsonNode midway = priceAt("USD", later.plusSeconds(1).plusMillis(10).toString());
        assertThat(midway.get("amount").asText()).isEqualTo("61.00");
        assertThat(midway.at("/setBy/sequence").asLong()).isEqualTo(66);
        assertThat(priceAt("USD", "2026-12-01T00:00:00Z").at("/setBy/sequence").asLong()).isEqualTo(5);
    }

    @Test
    void instantsAtTheEndsOfTimeAnswerLikeAnyOther() {
        assertThat(priceAt("USD", "%2B300000-01-01T00:00:00Z").get("amount").asText()).isEqualTo("25.00");
        assertThat(priceAt("USD", "%2B1000000000-12-31T23:59:59Z").at("/setBy/sequence").asLong()).isEqualTo(5);
        assertProblem(get("USD", "-5000-01-01T00:00:00Z", acme.token()), 404, "not-found");
        assertProblem(get("USD", "-1000000000-01-01T00:00:00Z", acme.token()), 404, "not-found");
    }

    /** A price set 5,001 price events back is still found: the read holds a page at a time, however far it goes. */
    @Test
    void aPriceSetThousandsOfPriceEventsBackIsFound() {
        fiveThousandAndOneEuroPricesOnTheSecondOfDecember();

        assertThat(priceAt("USD", "2100-01-01T00:00:00Z").at("/setBy/sequence").asLong()).isEqualTo(5);
        assertThat(priceAt("EUR", "2100-01-01T00:00:00Z").at("/setBy/sequence").asLong()).isEqualTo(5_006);
        assertThat(priceAt("EUR", "2026-12-02T00:00:01Z").at("/setBy/sequence").asLong())
                .as("a thousand milliseconds into them, 4,000 newer ones passed over").isEqualTo(1_006);
        assertThat(priceAt("USD", "2026-12-01T00:00:00Z").at("/setBy/sequence").asLong()).isEqualTo(5);
    }

    @Test
    void aReadPastItsTimeoutAnswersServiceUnavailable() {
        fiveThousandAndOneEuroPricesOnTheSecondOfDecember();
        PriceSettingReads hurried = new PriceSettingReads(tenantEvents, Duration.ofMillis(1));

        // the USD price lies behind all 5,001 newer events: reading past them takes more than a millisecond
        assertThatThrownBy(() -> hurried.setter(TenantId.parse(acme.tenantId()), product, "USD",
                Instant.parse("2026-12-01T00:00:00Z")))
                .isInstanceOfSatisfying(ReadTimedOut.class, e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(503);
                    assertThat(e.getBody().getType().toString()).endsWith("price-at-read-timed-out");
                });
        assertThatThrownBy(() -> new PriceSettingReads(tenantEvents, Duration.ZERO))
                .hasMessageContaining("calibrate.price-at.read-timeout must be 1ms to 1m");
    }

    private void fiveThousandAndOneEuroPricesOnTheSecondOfDecember() {
        TenantId tenant = TenantId.parse(acme.tenantId());
        Object[] euros = observed(product, tenant, "EUR", 5_001, i -> (10 + i % 50) + ".00");
        new StoredEvents(eventStore, positions, jdbc).appendAt("Product", product.toString(), acme.tenantId(),
                acme.tokenId(), Instant.parse("2026-12-02T00:00:00Z"), euros);
    }

    @Test
    void noPriceInThatCurrencyYetIsNotFound() {
        JsonNode beforeCreation = assertProblem(get("USD", "2026-11-01T00:00:00Z", acme.token()), 404, "not-found");
        JsonNode neverPriced = assertProblem(get("GBP", "2026-11-26T10:00:00Z", acme.token()), 404, "not-found");

        assertThat(beforeCreation.get("detail").asText()).contains("no USD price", product.toString());
        assertThat(neverPriced.get("detail").asText()).contains("no GBP price");
    }

    @Test
    void anUnknownProductOrAnotherTenantsIsNotFound() {
        Api.TenantToken globex = api.newTenant("Price at other " + UUID.randomUUID());

        assertProblem(api.get("/api/v1/products/" + UUID.randomUUID() + "/price-at?currency=USD&at="
                + APPLIED, acme.token()), 404, "not-found");
        assertThat(assertProblem(get("USD", "2026-11-26T10:00:00Z", globex.token()), 404, "not-found")
                .get("detail").asText()).doesNotContain("USD price");
    }

    @Test
    void aMissingOrInvalidCurrencyOrInstantIsInvalidInput() {
        String path = "/api/v1/products/" + product + "/price-at";
        assertInvalidField(api.get(path + "?at=2026-11-26T10:00:00Z", acme.token()), "currency");
        assertInvalidField(api.get(path + "?currency=usd&at=2026-11-26T10:00:00Z", acme.token()), "currency");
        assertInvalidField(api.get(path + "?currency=ABC&at=2026-11-26T10:00:00Z", acme.token()), "currency");
        assertInvalidField(api.get(path + "?currency=USD", acme.token()), "at");
        assertInvalidField(api.get(path + "?currency=USD&at=yesterday", acme.token()), "at");
        assertInvalidField(api.get(path + "?currency=USD&at=2026-11-26", acme.token()), "at");
        assertInvalidField(api.get("/api/v1/products/PA-1/price-at?currency=USD&at=2026-11-26T10:00:00Z",
                acme.token()), "id");
    }

    @Test
    void catalogReadersAndAuditorsMayAskOthersMayNot() {
        for (String scope : List.of("catalog:read", "audit:read")) {
            Api.Response answer = get("USD", "2026-11-26T10:00:00Z", api.token(acme.tenantId(), scope).token());
            assertThat(answer.status()).as(scope).isEqualTo(200);
        }
        assertProblem(get("USD", "2026-11-26T10:00:00Z", api.token(acme.tenantId(), "prices:write").token()),
                403, "missing-scope");
    }

    private JsonNode priceAt(String currency, String at) {
        Api.Response response = get(currency, at, acme.token());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private Api.Response get(String currency, String at, String token) {
        return api.get("/api/v1/products/" + product + "/price-at?currency=" + currency + "&at=" + at, token);
    }

    private static Money usd(String amount) {
        return Money.parse(amount, "USD", "amount");
    }
}
