package dev.calibrate.command.catalog;

import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.kernel.product.ProductId;

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

    record Created(ProductId productId, String sku, ProductDetails details, boolean active, long version)
            implements CatalogChange {
        @Override
        public void applyTo(TenantCatalog catalog, int row) {
            catalog.describe(row, details);
            catalog.activate(row, active);
        }
    }

    record Described(ProductId productId, ProductDetails details, long version) implements CatalogChange {
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

    /** A price observed or set by a price change: the currency's price and compare-at (null: none). */
    record Priced(ProductId productId, Money price, Money compareAt, long version) implements CatalogChange {
        @Override
        public void applyTo(TenantCatalog catalog, int row) {
            catalog.price(row, price, compareAt);
        }
    }

    /** Only the version moves on (a conflicted price change). */
    record Touched(ProductId productId, long version) implements CatalogChange {
        @Override
        public void applyTo(TenantCatalog catalog, int row) {
        }
    }
}
