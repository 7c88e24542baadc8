package dev.calibrate.query.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.kernel.message.BatchedWrites;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.product.ProductMessages.ProductCreated;
import dev.calibrate.kernel.product.ProductMessages.ProductDeactivated;
import dev.calibrate.kernel.product.ProductMessages.ProductDetailsChanged;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceChangeConflicted;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceChanged;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceObserved;
import dev.calibrate.kernel.product.ProductMessages.ProductBrandFloorsSet;
import dev.calibrate.kernel.product.ProductMessages.ProductReactivated;
import dev.calibrate.query.catalog.CatalogBatch.Activated;
import dev.calibrate.query.catalog.CatalogBatch.Change;
import dev.calibrate.query.catalog.CatalogBatch.Created;
import dev.calibrate.query.catalog.CatalogBatch.Described;
import dev.calibrate.query.catalog.CatalogBatch.Floored;
import dev.calibrate.query.catalog.CatalogBatch.Priced;
import dev.calibrate.query.catalog.CatalogBatch.Touched;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * The catalog read model: products, their current price per currency and their price history.
 * It was the server's largest CPU consumer as JPA entities (a few finds and a dirty check per
 * event), so handlers only note the change; a whole batch of events is written with plain JDBC
 * just before the batch's transaction commits (with the processor's token), see {@link CatalogBatch}.
 * Idempotent by the product's version (a redelivered event changes nothing); rebuilt by replay.
 */
@Component
@ProcessingGroup(CatalogProjection.NAME)
public class CatalogProjection {

    public static final String NAME = "catalog";
    private static final String PENDING_BATCH = CatalogProjection.class.getName() + ".batch";

    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper;

    CatalogProjection(JdbcTemplate jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    @EventHandler
    void on(ProductCreated event, @SequenceNumber long version, @Timestamp Instant at) {
        record(new Created(event.productId().value(), event.tenantId().value(), event.sku(), event.details(),
                event.active(), version, at));
    }

    @EventHandler
    void on(ProductDetailsChanged event, @SequenceNumber long version, @Timestamp Instant at) {
        record(new Described(event.productId().value(), event.details(), version, at));
    }

    @EventHandler
    void on(ProductDeactivated event, @SequenceNumber long version, @Timestamp Instant at) {
        record(new Activated(event.productId().value(), false, version, at));
    }

    @EventHandler
    void on(ProductReactivated event, @SequenceNumber long version, @Timestamp Instant at) {
        record(new Activated(event.productId().value(), true, version, at));
    }

    @EventHandler
    void on(ProductPriceObserved event, @SequenceNumber long version, @Timestamp Instant at,
            @MessageIdentifier String eventId) {
        record(new Priced(event.productId().value(), event.price(), event.compareAt(), event.source(), eventId,
                version, at));
    }

    /** A price set (or restored) by a price change; its source names the change. */
    @EventHandler
    void on(ProductPriceChanged event, @SequenceNumber long version, @Timestamp Instant at,
            @MessageIdentifier String eventId) {
        String source = (event.action() == RunKind.APPLY ? "price-change:" : "rollback:") + event.priceChangeId();
        record(new Priced(event.productId().value(), event.newPrice(), event.newCompareAt(), source, eventId,
                version, at));
    }

    @EventHandler
    void on(ProductBrandFloorsSet event, @SequenceNumber long version, @Timestamp Instant at) {
        record(new Floored(event.productId().value(), event.currency(), event.floors(), version, at));
    }

    /** A conflict changes no price, but the product's version moves on. */
    @EventHandler
    void on(ProductPriceChangeConflicted event, @SequenceNumber long version, @Timestamp Instant at) {
        record(new Touched(event.productId().value(), version, at));
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM product_price_history");
        jdbc.update("DELETE FROM product_price");
        jdbc.update("DELETE FROM product_view");
        jdbc.update("DELETE FROM product_count");
    }

    /** Adds the change to the batch being processed, which is written once when its unit of work prepares to commit. */
    private void record(Change change) {
        BatchedWrites.pending(PENDING_BATCH, CatalogBatch::new, changes -> changes.flush(jdbc, mapper)).add(change);
    }
}
