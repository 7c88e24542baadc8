package dev.calibrate.query.catalog;

import dev.calibrate.kernel.product.ProductMessages.ProductCreated;
import dev.calibrate.kernel.product.ProductMessages.ProductDeactivated;
import dev.calibrate.kernel.product.ProductMessages.ProductDetailsChanged;
import dev.calibrate.kernel.product.ProductMessages.ProductEvent;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceObserved;
import dev.calibrate.kernel.product.ProductMessages.ProductReactivated;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * The catalog read model: products, their current price per currency and their price history.
 * Handlers are idempotent (a redelivered event changes nothing) and the model is rebuilt by replay.
 */
@Component
@ProcessingGroup(CatalogProjection.NAME)
public class CatalogProjection {

    public static final String NAME = "catalog";

    private final ProductViewRepository products;
    private final ProductPriceRepository prices;
    private final PriceHistoryRepository history;

    CatalogProjection(ProductViewRepository products, ProductPriceRepository prices, PriceHistoryRepository history) {
        this.products = products;
        this.prices = prices;
        this.history = history;
    }

    @EventHandler
    void on(ProductCreated event, @SequenceNumber long version, @Timestamp Instant at) {
        if (products.existsById(event.productId().value())) {
            return;
        }
        ProductView view = new ProductView(event.productId().value(), event.tenantId().value(), event.sku(), at);
        view.describe(event.details());
        view.activate(event.active());
        view.touched(version, at);
        products.save(view);
    }

    @EventHandler
    void on(ProductDetailsChanged event, @SequenceNumber long version, @Timestamp Instant at) {
        product(event).ifPresent(view -> {
            view.describe(event.details());
            view.touched(version, at);
        });
    }

    @EventHandler
    void on(ProductDeactivated event, @SequenceNumber long version, @Timestamp Instant at) {
        product(event).ifPresent(view -> {
            view.activate(false);
            view.touched(version, at);
        });
    }

    @EventHandler
    void on(ProductReactivated event, @SequenceNumber long version, @Timestamp Instant at) {
        product(event).ifPresent(view -> {
            view.activate(true);
            view.touched(version, at);
        });
    }

    @EventHandler
    void on(ProductPriceObserved event, @SequenceNumber long version, @Timestamp Instant at,
            @MessageIdentifier String eventId) {
        if (history.existsById(eventId)) {
            return;
        }
        var productId = event.productId().value();
        String currency = event.price().currency();
        ProductPrice current = prices.findById(new ProductPrice.Key(productId, currency))
                .orElseGet(() -> new ProductPrice(productId, currency, event.tenantId().value()));
        current.set(event.price().amount(), event.compareAt() == null ? null : event.compareAt().amount(),
                event.source(), at, eventId);
        if (current.isNew()) {
            prices.save(current);
        }
        history.findByProductIdAndCurrencyAndValidToIsNull(productId, currency).ifPresent(open -> open.closeAt(at));
        history.save(new PriceHistoryEntry(eventId, productId, currency, event.tenantId().value(),
                event.price().amount(), event.compareAt() == null ? null : event.compareAt().amount(),
                event.source(), at));
        product(event).ifPresent(view -> view.touched(version, at));
    }

    @ResetHandler
    void reset() {
        history.deleteAllInBatch();
        prices.deleteAllInBatch();
        products.deleteAllInBatch();
    }

    private java.util.Optional<ProductView> product(ProductEvent event) {
        return products.findById(event.productId().value());
    }
}
