package dev.calibrate.command.catalog;

import dev.calibrate.kernel.product.ProductMessages.ProductBrandFloorsSet;
import dev.calibrate.kernel.product.ProductMessages.ProductCreated;
import dev.calibrate.kernel.product.ProductMessages.ProductDeactivated;
import dev.calibrate.kernel.product.ProductMessages.ProductDetailsChanged;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceChangeConflicted;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceChanged;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceObserved;
import dev.calibrate.kernel.product.ProductMessages.ProductReactivated;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Keeps this node's preview catalogs current. Its processor is this node's alone: its token lives in
 * memory (never in the shared token store, where the nodes would split the stream between them), and
 * starts at the head of the event store each time the node starts, since the catalogs start empty and
 * are rebuilt from the read model (see {@link PreviewCatalogs}). The product's sequence number is the
 * version a change applies at, exactly as in the catalog read model.
 */
@Component
@ProcessingGroup(PreviewCatalogs.PROCESSOR)
class PreviewCatalogProjection {

    private final PreviewCatalogs catalogs;

    PreviewCatalogProjection(PreviewCatalogs catalogs) {
        this.catalogs = catalogs;
    }

    @EventHandler
    void on(ProductCreated event, @SequenceNumber long version, TrackingToken token) {
        change(event.tenantId(), new CatalogChange.Created(event.productId(), event.sku(), event.details(),
                event.active(), version), token);
    }

    @EventHandler
    void on(ProductDetailsChanged event, @SequenceNumber long version, TrackingToken token) {
        change(event.tenantId(), new CatalogChange.Described(event.productId(), event.details(), version), token);
    }

    @EventHandler
    void on(ProductDeactivated event, @SequenceNumber long version, TrackingToken token) {
        change(event.tenantId(), new CatalogChange.Activated(event.productId(), false, version), token);
    }

    @EventHandler
    void on(ProductReactivated event, @SequenceNumber long version, TrackingToken token) {
        change(event.tenantId(), new CatalogChange.Activated(event.productId(), true, version), token);
    }

    @EventHandler
    void on(ProductPriceObserved event, @SequenceNumber long version, @Timestamp Instant at, TrackingToken token) {
        change(event.tenantId(), new CatalogChange.Priced(event.productId(), event.price(), event.compareAt(),
                version, at), token);
    }

    @EventHandler
    void on(ProductPriceChanged event, @SequenceNumber long version, @Timestamp Instant at, TrackingToken token) {
        change(event.tenantId(), new CatalogChange.Priced(event.productId(), event.newPrice(), event.newCompareAt(),
                version, at), token);
    }

    @EventHandler
    void on(ProductPriceChangeConflicted event, @SequenceNumber long version, TrackingToken token) {
        change(event.tenantId(), new CatalogChange.Touched(event.productId(), version), token);
    }

    @EventHandler
    void on(ProductBrandFloorsSet event, @SequenceNumber long version, TrackingToken token) {
        change(event.tenantId(), new CatalogChange.Floored(event.productId(), event.currency(), event.floors(), version),
                token);
    }

    @ResetHandler
    void reset() {
        catalogs.clear();
    }

    /**
     * Refuses a product event that names no tenant or no product (the processor logs it and goes on): the
     * catalogs hold every tenant's latest changes together, and one without a tenant failed the previews
     * of all of them.
     */
    private void change(TenantId tenantId, CatalogChange change, TrackingToken token) {
        if (tenantId == null || change.productId() == null) {
            throw new IllegalArgumentException("a product event without its tenant or its product ("
                    + change.getClass().getSimpleName() + "): not applied to any preview catalog");
        }
        catalogs.on(tenantId, change, token == null ? 0 : token.position().orElse(0));
    }
}
