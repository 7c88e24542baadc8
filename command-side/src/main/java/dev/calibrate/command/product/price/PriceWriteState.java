package dev.calibrate.command.product.price;

import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.ProductBrandFloorsSet;
import dev.calibrate.kernel.product.ProductMessages.ProductCreated;
import dev.calibrate.kernel.product.ProductMessages.ProductDeactivated;
import dev.calibrate.kernel.product.ProductMessages.ProductEvent;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceChangeConflicted;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceChanged;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceObserved;
import dev.calibrate.kernel.product.ProductMessages.ProductReactivated;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.eventhandling.DomainEventMessage;

import java.util.List;

/**
 * What a price write decides with, of one product, replayed from its events as the {@link dev.calibrate.command.product.Product}
 * aggregate remembers it (the same {@link ProductPrices}, fed by the same events), and the sequence
 * number its next event takes. The stream may start with the product's snapshot ({@link PricesSnapshot}), as a load of
 * the aggregate does. The channel events in the stream say nothing a price write asks.
 */
final class PriceWriteState {

    private final ProductId productId;
    private TenantId tenantId;
    private boolean active;
    private final ProductPrices prices = new ProductPrices();
    private long lastSequence = -1;
    private int sinceSnapshot;

    PriceWriteState(ProductId productId) {
        this.productId = productId;
    }

    static PriceWriteState replayed(ProductId productId, List<DomainEventMessage<?>> events) {
        PriceWriteState state = new PriceWriteState(productId);
        events.forEach(state::replay);
        return state;
    }

    /** Takes in the product's snapshot or next stored event, as the aggregate does when it is loaded. */
    void replay(DomainEventMessage<?> event) {
        if (event.getPayload() instanceof PricesSnapshot snapshot) {
            tenantId = snapshot.tenantId();
            active = snapshot.active();
            prices.restore(snapshot.prices());
        } else if (event.getPayload() instanceof ProductEvent productEvent) {
            remember(productEvent);
        }
        lastSequence = event.getSequenceNumber();
        sinceSnapshot++;
    }

    /**
     * The messages this state went through: its snapshot (if it started from one), the events read after it
     * and those appended; as Axon's snapshot trigger counts them for the aggregate.
     */
    int sinceSnapshot() {
        return sinceSnapshot;
    }

    /** Takes in an event, as the aggregate's event-sourcing handlers do; answers its sequence number. */
    long append(ProductEvent event) {
        remember(event);
        sinceSnapshot++;
        return ++lastSequence;
    }

    /** Details and anything else a product records decide nothing of a price write. */
    private void remember(ProductEvent event) {
        if (event instanceof ProductCreated created) {
            tenantId = created.tenantId();
            active = created.active();
        } else if (event instanceof ProductDeactivated) {
            active = false;
        } else if (event instanceof ProductReactivated) {
            active = true;
        } else if (event instanceof ProductPriceObserved observed) {
            prices.observed(observed);
        } else if (event instanceof ProductPriceChanged changed) {
            prices.changed(changed);
        } else if (event instanceof ProductPriceChangeConflicted conflicted) {
            prices.conflicted(conflicted);
        } else if (event instanceof ProductBrandFloorsSet floors) {
            prices.brandFloorsSet(floors);
        }
    }

    /** Whether {@code caller} may write this product: it exists and is the caller's (else it reads as missing). */
    boolean belongsTo(TenantId caller) {
        return tenantId != null && tenantId.equals(caller);
    }

    ProductId productId() {
        return productId;
    }

    TenantId tenantId() {
        return tenantId;
    }

    boolean active() {
        return active;
    }

    ProductPrices prices() {
        return prices;
    }
}
