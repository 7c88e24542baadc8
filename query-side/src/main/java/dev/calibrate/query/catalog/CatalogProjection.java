package dev.calibrate.query.catalog;

import dev.calibrate.kernel.product.ProductMessages.ProductCreated;
import dev.calibrate.kernel.product.ProductMessages.ProductDeactivated;
import dev.calibrate.kernel.product.ProductMessages.ProductDetailsChanged;
import dev.calibrate.kernel.product.ProductMessages.ProductEvent;
import dev.calibrate.kernel.product.ProductMessages.ProductEvent;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceChangeConflicted;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceChanged;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceObserved;
import dev.calibrate.kernel.product.ProductMessages.ProductReactivated;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

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
        // findById, not existsById: a query would first flush the whole batch's pending changes
        if (products.findById(event.productId().value()).isPresent()) {
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
        unapplied(event, version).ifPresent(view -> {
            view.describe(event.details());
            view.touched(version, at);
        });
    }

    @EventHandler
    void on(ProductDeactivated event, @SequenceNumber long version, @Timestamp Instant at) {
        unapplied(event, version).ifPresent(view -> {
            view.activate(false);
            view.touched(version, at);
        });
    }

    @EventHandler
    void on(ProductReactivated event, @SequenceNumber long version, @Timestamp Instant at) {
        unapplied(event, version).ifPresent(view -> {
            view.activate(true);
            view.touched(version, at);
        });
    }

    @EventHandler
    void on(ProductPriceObserved event, @SequenceNumber long version, @Timestamp Instant at,
            @MessageIdentifier String eventId) {
        setPrice(event, event.price(), event.compareAt(), event.source(), version, at, eventId);
    }

    /** A price set (or restored) by a price change; its source names the change. */
    @EventHandler
    void on(ProductPriceChanged event, @SequenceNumber long version, @Timestamp Instant at,
            @MessageIdentifier String eventId) {
        String source = (event.action() == RunKind.APPLY ? "price-change:" : "rollback:") + event.priceChangeId();
        setPrice(event, event.newPrice(), event.newCompareAt(), source, version, at, eventId);
    }

    /** A conflict changes no price, but the product's version moves on. */
    @EventHandler
    void on(ProductPriceChangeConflicted event, @SequenceNumber long version, @Timestamp Instant at) {
        unapplied(event, version).ifPresent(view -> view.touched(version, at));
    }

    private void setPrice(ProductEvent event, Money price, Money compareAtPrice, String source, long version,
                          Instant at, String eventId) {
        unapplied(event, version).ifPresent(view -> {
            UUID productId = view.getProductId();
            String currency = price.currency();
            BigDecimal compareAt = compareAtPrice == null ? null : compareAtPrice.amount();
            ProductPrice current = prices.findById(new ProductPrice.Key(productId, currency)).orElse(null);
            if (current == null) {
                current = new ProductPrice(productId, currency, view.getTenantId());
                current.set(price.amount(), compareAt, source, at, eventId);
                prices.save(current);
            } else {
                history.findById(current.getEventId()).ifPresent(previous -> previous.closeAt(at));
                current.set(price.amount(), compareAt, source, at, eventId);
            }
            history.save(new PriceHistoryEntry(eventId, productId, currency, view.getTenantId(),
                    price.amount(), compareAt, source, at));
            view.touched(version, at);
        });
    }

    @ResetHandler
    void reset() {
        history.deleteAllInBatch();
        prices.deleteAllInBatch();
        products.deleteAllInBatch();
    }

    /**
     * The product's view if it has not seen this event yet. Events of one product arrive in order,
     * so the view's version tells which were applied: a redelivered event changes nothing.
     */
    private Optional<ProductView> unapplied(ProductEvent event, long version) {
        return products.findById(event.productId().value()).filter(view -> view.getVersion() < version);
    }
}
