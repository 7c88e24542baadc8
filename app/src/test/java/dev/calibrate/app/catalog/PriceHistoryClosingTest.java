package dev.calibrate.app.catalog;

import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.StoredEvents;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.ProductCreated;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceObserved;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A price history entry ends exactly where the next one begins, also when the next one comes in a later batch of
 * the catalog processor, which closes the entry without reading its successor's row: the successor's event time is
 * sent as the value PostgreSQL stored for it (how a finer time than the store keeps would be rounded:
 * {@code CatalogBatchTimesTest}).
 */
class PriceHistoryClosingTest extends IntegrationTest {

    @Autowired
    EventStore eventStore;
    @Autowired
    EventPositions positions;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void anEntryClosedByALaterBatchEndsWhereItsSuccessorBegins() {
        TenantId tenant = new TenantId(UUID.fromString(api.newTenant("History closing").tenantId()));
        ProductId product = new ProductId(UUID.randomUUID());
        StoredEvents store = new StoredEvents(eventStore, positions, jdbc);
        // the product at this instant, its first price a millisecond later
        Instant first = Instant.parse("2026-11-02T10:00:00.123Z");
        Instant second = Instant.parse("2026-11-02T11:00:00.456Z");
        Instant third = Instant.parse("2026-11-02T12:00:00.789Z");

        store.appendAt("Product", product.toString(), tenant.toString(), "test", first,
                new ProductCreated(product, tenant, "CLOSE-1", new ProductDetails("Closing", "Vendor", null, List.of(),
                        null, Map.of()), true),
                observed(product, tenant, "10.00"));
        awaitEntries(product, 1);
        store.appendAt("Product", product.toString(), tenant.toString(), "test", second, observed(product, tenant, "11.00"));
        awaitEntries(product, 2);
        store.appendAt("Product", product.toString(), tenant.toString(), "test", third, observed(product, tenant, "12.00"));
        awaitEntries(product, 3);

        List<Map<String, Object>> entries = jdbc.queryForList("SELECT valid_from = lag(valid_to) OVER w AS joined,"
                + " to_char(valid_from AT TIME ZONE 'UTC', 'HH24:MI:SS.US') AS from_text, valid_to IS NULL AS open"
                + " FROM product_price_history WHERE product_id = ? WINDOW w AS (ORDER BY valid_from) ORDER BY valid_from",
                product.value());
        assertThat(entries).extracting(row -> row.get("from_text"))
                .containsExactly("10:00:00.124000", "11:00:00.456000", "12:00:00.789000");
        assertThat(entries).extracting(row -> row.get("joined")).containsExactly(null, true, true);
        assertThat(entries).extracting(row -> row.get("open")).containsExactly(false, false, true);
    }

    /**
     * What {@code CatalogBatchTimesTest} holds the batch's text to: the microsecond PostgreSQL stores when the driver
     * sends an instant as the catalog writes it (an {@code OffsetDateTime} in UTC), half up where text is half even.
     */
    @ParameterizedTest
    @CsvSource({
            "2026-12-07T04:00:00.123Z,           2026-12-07T04:00:00.123Z",
            "2026-12-07T04:00:00.000000499Z,     2026-12-07T04:00:00Z",
            "2026-12-07T04:00:00.000000500Z,     2026-12-07T04:00:00.000001Z",
            "2026-12-07T04:00:00.000002500Z,     2026-12-07T04:00:00.000003Z",
            "2026-12-07T04:00:00.123456789Z,     2026-12-07T04:00:00.123457Z",
            "2026-12-07T04:00:00.999999500Z,     2026-12-07T04:00:01Z"
    })
    void theDriverStoresAnInstantAsTheMicrosecondTheBatchSends(String at, String stored) {
        assertThat(jdbc.queryForObject("SELECT CAST(? AS timestamptz) = CAST(? AS timestamptz)", Boolean.class,
                OffsetDateTime.ofInstant(Instant.parse(at), ZoneOffset.UTC), stored)).isTrue();
    }

    private void awaitEntries(ProductId product, int count) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "SELECT count(*) FROM product_price_history WHERE product_id = ?", Integer.class, product.value()))
                .isEqualTo(count));
        // the entry a later batch closes is closed in that batch's transaction, with its successor
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "SELECT count(*) FROM product_price_history WHERE product_id = ? AND valid_to IS NULL", Integer.class,
                product.value())).isOne());
    }

    private static ProductPriceObserved observed(ProductId product, TenantId tenant, String amount) {
        return new ProductPriceObserved(product, tenant, Money.parse(amount, "USD", "amount"), null, "api");
    }
}
