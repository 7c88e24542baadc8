package dev.calibrate.command.catalog;

import dev.calibrate.command.catalog.moves.RecentMoves;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.BrandFloors;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.kernel.product.ProductId;

import java.time.Instant;
import java.util.Map;

/**
 * What one product event changes of the preview catalog, with the event's sequence number: a change
 * is applied only past the product's version, so a redelivered event, or one the catalog was rebuilt
 * with already, changes nothing.
 */
sealed interface CatalogChange {

    ProductId productId();

    long version();

    /** Applies this change to {@code row}, which exists unless this is a {@link Created}. */
    void applyTo(TenantCatalog catalog, int row);

    /** About the heap this change holds while it is kept (the record and what it refers to). */
    default long estimatedBytes() {
        return 96;
    }

    /** About the heap of a product's details: its strings (two bytes a character), tags and channel refs. */
    static long estimatedBytes(ProductDetails details) {
        if (details == null) {
            return 0;
        }
        long bytes = 96 + chars(details.title()) + chars(details.vendor()) + chars(details.productType());
        if (details.tags() != null) {
            for (String tag : details.tags()) bytes += 48 + chars(tag);
        }
        if (details.channelRefs() != null) {
            for (Map.Entry<String, Map<String, String>> channel : details.channelRefs().entrySet()) {
                bytes += 96 + chars(channel.getKey());
                for (Map.Entry<String, String> ref : channel.getValue().entrySet()) {
                    bytes += 64 + chars(ref.getKey()) + chars(ref.getValue());
                }
            }
        }
        return bytes;
    }

    private static long chars(String text) {
        return text == null ? 0 : 40 + 2L * text.length();
    }

    record Created(ProductId productId, String sku, ProductDetails details, boolean active, long version)
            implements CatalogChange {
        @Override
        public long estimatedBytes() {
            return 96 + CatalogChange.chars(sku) + CatalogChange.estimatedBytes(details);
        }

        @Override
        public void applyTo(TenantCatalog catalog, int row) {
            catalog.describe(row, details);
            catalog.activate(row, active);
        }
    }

    record Described(ProductId productId, ProductDetails details, long version) implements CatalogChange {
        @Override
        public long estimatedBytes() {
            return 96 + CatalogChange.estimatedBytes(details);
        }

        @Override
        public void applyTo(TenantCatalog catalog, int row) {
            catalog.describe(row, details);
        }
    }

    record Activated(ProductId productId, boolean active, long version) implements CatalogChange {
        @Override
        public void applyTo(TenantCatalog catalog, int row) {
            catalog.activate(row, active);
        }
    }

    /**
     * A price observed or set by a price change: the currency's price and compare-at (null: none), at
     * the event's time ({@code at}), which a change of the price is remembered at (see {@link RecentMoves}).
     */
    record Priced(ProductId productId, Money price, Money compareAt, long version, Instant at) implements CatalogChange {
        @Override
        public void applyTo(TenantCatalog catalog, int row) {
            catalog.price(row, price, compareAt, at);
        }
    }

    /** The product's brand floors in one currency set, or cleared ({@code floors} null). */
    record Floored(ProductId productId, String currency, BrandFloors floors, long version) implements CatalogChange {
        @Override
        public void applyTo(TenantCatalog catalog, int row) {
            catalog.brandFloors(row, currency, floors);
        }
    }

    /** Only the version moves on (a conflicted price change). */
    record Touched(ProductId productId, long version) implements CatalogChange {
        @Override
        public void applyTo(TenantCatalog catalog, int row) {
        }
    }
}
