package dev.calibrate.app.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.StoredEvents;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.calibrate.app.support.ProblemAssertions.assertInvalidField;
import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static dev.calibrate.app.support.LongStreams.created;
import static dev.calibrate.app.support.LongStreams.observed;
import static dev.calibrate.app.support.LongStreams.then;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A product with a long history never makes one request hold all of it: GET /api/v1/products/{id}/history answers
 * a page of its events at a time (here a product of eight events, sequence numbers 0 to 7), and a product read
 * carries the newest prices of each currency only.
 */
class ProductHistoryPagesTest extends IntegrationTest {

    /** The eight events' time, a millisecond apart; later events are stamped a day after. */
    private static final Instant SET_UP = Instant.parse("2026-11-01T00:00:00Z");

    @Autowired
    EventStore eventStore;
    @Autowired
    EventPositions positions;
    @Autowired
    JdbcTemplate jdbc;

    private Api.TenantToken acme;
    private ProductId product;
    private long setUp;

    @BeforeEach
    void aProductOfEightEvents() {
        acme = api.newTenant("History pages " + UUID.randomUUID());
        TenantId tenant = TenantId.parse(acme.tenantId());
        product = ProductId.forSku(tenant, "HP-1");
        Object[] events = then(created(product, tenant, "HP-1"),
                observed(product, tenant, "USD", 7, i -> (i + 1) + ".00"));
        setUp = new StoredEvents(eventStore, positions, jdbc).appendAt("Product", product.toString(), acme.tenantId(),
                acme.tokenId(), SET_UP, events);
    }

    @Test
    void pagesFollowEachOtherByTheLastSequenceNumberUntilTheLastHasNoNext() {
        JsonNode first = history("?size=3");
        assertThat(sequences(first)).containsExactly(0L, 1L, 2L);
        assertThat(first.get("next").asLong()).isEqualTo(2);
        assertThat(first.get("productId").asText()).isEqualTo(product.toString());
        assertThat(first.at("/events/0/type").asText()).isEqualTo("ProductCreated");

        JsonNode second = history("?size=3&after=" + first.get("next").asLong());
        assertThat(sequences(second)).containsExactly(3L, 4L, 5L);
        assertThat(second.get("next").asLong()).isEqualTo(5);

        JsonNode last = history("?size=3&after=5");
        assertThat(sequences(last)).containsExactly(6L, 7L);
        assertThat(last.has("next")).as("the last page has no next").isFalse();
        assertThat(last.at("/events/1/payload/price/amount").asText()).isEqualTo("7.00");
    }

    @Test
    void withoutParametersOnePageHoldsUpToFiveHundredEvents() {
        JsonNode all = history("");
        assertThat(sequences(all)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(all.has("next")).isFalse();
        assertThat(sequences(history("?size=8"))).hasSize(8);
        assertThat(history("?size=8").has("next")).as("exactly a page's worth: nothing after it").isFalse();
    }

    @Test
    void aLongerHistoryThanAPageEndsTheDefaultPageAtFiveHundred() {
        TenantId tenant = TenantId.parse(acme.tenantId());
        Object[] more = observed(product, tenant, "USD", 495, i -> (10 + i) + ".00");
        new StoredEvents(eventStore, positions, jdbc).appendAt("Product", product.toString(), acme.tenantId(),
                acme.tokenId(), SET_UP.plus(Duration.ofDays(1)), more);

        JsonNode first = history("");
        assertThat(sequences(first)).hasSize(500).startsWith(0L).endsWith(499L);
        assertThat(first.get("next").asLong()).isEqualTo(499);
        JsonNode rest = history("?after=499");
        assertThat(sequences(rest)).containsExactly(500L, 501L, 502L);
        assertThat(rest.has("next")).isFalse();
    }

    @Test
    void afterTheLastEventThePageIsEmptyButTheProductStillExists() {
        JsonNode beyond = history("?after=7");
        assertThat(beyond.get("events")).isEmpty();
        assertThat(beyond.has("next")).isFalse();
        assertThat(history("?after=100").get("events")).isEmpty();
    }

    @Test
    void anUnknownProductOrAnotherTenantsIsNotFoundOnEveryPage() {
        Api.TenantToken globex = api.newTenant("History pages other " + UUID.randomUUID());
        String unknown = "/api/v1/products/" + UUID.randomUUID() + "/history";
        assertProblem(api.get(unknown, acme.token()), 404, "not-found");
        assertProblem(api.get(unknown + "?after=3", acme.token()), 404, "not-found");
        String path = "/api/v1/products/" + product + "/history";
        assertProblem(api.get(path, globex.token()), 404, "not-found");
        assertProblem(api.get(path + "?after=3", globex.token()), 404, "not-found");
    }

    @Test
    void aPageSizeOrPositionOutOfRangeIsInvalidInput() {
        String path = "/api/v1/products/" + product + "/history";
        assertInvalidField(api.get(path + "?size=0", acme.token()), "size");
        assertInvalidField(api.get(path + "?size=501", acme.token()), "size");
        assertInvalidField(api.get(path + "?size=many", acme.token()), "size");
        assertInvalidField(api.get(path + "?after=-1", acme.token()), "after");
        assertInvalidField(api.get(path + "?after=first", acme.token()), "after");
        assertInvalidField(api.get(path + "?after=99999999999999999999", acme.token()), "after");
    }

    @Test
    void aProductReadCarriesTheNewestFiveHundredPricesOfEachCurrency() {
        TenantId tenant = TenantId.parse(acme.tenantId());
        Object[] prices = then(observed(product, tenant, "USD", 501, i -> (100 + i) + ".00"),
                observed(product, tenant, "EUR", 2, i -> (3 + i) + ".00"));
        long position = new StoredEvents(eventStore, positions, jdbc).appendAt("Product", product.toString(),
                acme.tenantId(), acme.tokenId(), SET_UP.plus(Duration.ofDays(1)), prices);

        Api.Response read = api.get("/api/v1/products/" + product, acme.token(), "X-Calibrate-Wait-For",
                String.valueOf(position));
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        JsonNode history = read.json().get("priceHistory");
        List<String> euros = new ArrayList<>();
        List<String> dollars = new ArrayList<>();
        history.forEach(entry -> (entry.get("currency").asText().equals("EUR") ? euros : dollars)
                .add(entry.get("amount").asText()));
        assertThat(euros).containsExactly("3.00", "4.00");
        assertThat(dollars).as("7 + 501 USD prices: the newest 500, oldest first").hasSize(500);
        assertThat(dollars.get(0)).isEqualTo("101.00");
        assertThat(dollars.get(499)).isEqualTo("600.00");
        assertThat(history.get(0).get("currency").asText()).as("by currency").isEqualTo("EUR");
        assertThat(read.json().get("priceHistoryTruncated")).extracting(JsonNode::asText).containsExactly("USD");
        assertThat(read.json().at("/prices/1/amount").asText()).as("the current USD price").isEqualTo("600.00");
    }

    @Test
    void aProductReadWithEveryPriceSaysItsHistoryIsComplete() {
        Api.Response read = api.get("/api/v1/products/" + product, acme.token(), "X-Calibrate-Wait-For",
                String.valueOf(setUp));
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.json().get("priceHistory")).hasSize(7);
        assertThat(read.json().get("priceHistoryTruncated")).isEmpty();
    }

    private JsonNode history(String query) {
        Api.Response response = api.get("/api/v1/products/" + product + "/history" + query, acme.token());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static List<Long> sequences(JsonNode page) {
        List<Long> sequences = new ArrayList<>();
        page.get("events").forEach(event -> sequences.add(event.get("sequence").asLong()));
        return sequences;
    }
}
