package dev.calibrate.app.messaging.eventreads;

import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.StoredEvents;
import dev.calibrate.command.simulation.ProductChanges;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.ProductCreated;
import dev.calibrate.kernel.product.ProductMessages.ProductDeactivated;
import dev.calibrate.kernel.product.ProductMessages.ProductDetailsChanged;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceObserved;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which products changed after a simulation's first day's end, from the event table: the edges of "after"
 * within one second, the probe one past the limit, and that the read is a range scan of V54's partial index.
 */
class JdbcProductChangesTest extends IntegrationTest {

    private static final Instant END = Instant.parse("2026-11-02T23:59:59.500Z");

    @Autowired
    ProductChanges changes;
    @Autowired
    EventStore eventStore;
    @Autowired
    EventPositions positions;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactions;

    private StoredEvents events;
    private Api.TenantToken tenant;
    private TenantId tenantId;

    @BeforeEach
    void aTenant() {
        events = new StoredEvents(eventStore, positions, jdbc);
        tenant = api.newTenant("Product changes " + UUID.randomUUID());
        tenantId = TenantId.parse(tenant.tenantId());
    }

    @Test
    void onlyAChangeStrictlyAfterTheInstantCountsToTheFractionOfItsSecond() {
        ProductId before = changedAt("BEFORE", Instant.parse("2026-11-02T23:59:59.499Z"));
        ProductId exactly = changedAt("EXACTLY", END);
        ProductId after = changedAt("AFTER", Instant.parse("2026-11-02T23:59:59.501Z"));
        ProductId nextSecond = changedAt("NEXT", Instant.parse("2026-11-03T00:00:00Z"));
        ProductId earlierSecond = changedAt("EARLIER", Instant.parse("2026-11-02T23:59:58.900Z"));
        // a price observed after the instant is no change of the fields a simulation replays
        ProductId priced = created("PRICED");
        append(priced, Instant.parse("2026-11-04T00:00:00Z"), new ProductPriceObserved(priced, tenantId,
                new Money(new BigDecimal("9.00"), "USD"), null, "api"));

        assertThat(changes.changedAfter(tenantId, END, 10, Duration.ofSeconds(10)))
                .contains(Set.of(after, nextSecond));
        assertThat(Set.of(before, exactly, earlierSecond)).doesNotContainAnyElementsOf(
                changes.changedAfter(tenantId, END, 10, Duration.ofSeconds(10)).orElseThrow());
    }

    @Test
    void exactlyTheLimitAnswersThemAllAndOneMoreSaysThereAreMore() {
        ProductId first = changedAt("ONE", END.plusSeconds(60));
        ProductId second = changedAt("TWO", END.plusSeconds(120));

        // at the limit: both, no more than the limit, so a simulation with max-changed-products 2 runs
        assertThat(changes.changedAfter(tenantId, END, 2, Duration.ofSeconds(10))).contains(Set.of(first, second));
        // one fewer allowed: limit + 1 rows answer, which says "more"
        assertThat(changes.changedAfter(tenantId, END, 1, Duration.ofSeconds(10)).orElseThrow()).hasSize(2);
    }

    @Test
    void theQueryIsARangeScanOfTheTenantsReplayedEventsOnly() {
        changedAt("PLANNED", END.plusSeconds(60));

        String plan = new TransactionTemplate(transactions).execute(status -> {
            // the table is small here: without this the planner may rightly read it whole
            jdbc.execute("SET LOCAL enable_seqscan = off");
            return String.join("\n", jdbc.query("EXPLAIN " + JdbcProductChanges.CHANGED
                            .replaceFirst("\\?", "'" + tenantId.value() + "'")
                            .replaceFirst("\\?", "'2026-11-02T23:59:59'")
                            .replaceFirst("\\?", "'" + END + "'")
                            .replaceFirst("\\?", "3"),
                    (rs, row) -> rs.getString(1)));
        });

        assertThat(plan).contains("domainevententry_product_changes").doesNotContain("domainevententry_tenant");
    }

    private ProductId created(String sku) {
        ProductId product = ProductId.forSku(tenantId, sku);
        append(product, Instant.parse("2026-10-01T00:00:00Z"), new ProductCreated(product, tenantId, sku,
                details("10.00"), true));
        return product;
    }

    private ProductId changedAt(String sku, Instant at) {
        ProductId product = created(sku);
        append(product, at, sku.length() % 2 == 0 ? new ProductDeactivated(product, tenantId)
                : new ProductDetailsChanged(product, tenantId, details("11.00"), List.of("cost")));
        return product;
    }

    private void append(ProductId product, Instant at, Object event) {
        events.appendAt(ProductId.AGGREGATE_TYPE, product.toString(), tenant.tenantId(), tenant.tokenId(), at, event);
    }

    private static ProductDetails details(String cost) {
        return new ProductDetails("Item", "Acme", null, List.of("x"), new Money(new BigDecimal(cost), "USD"),
                Map.of());
    }
}
