package dev.calibrate.command.catalog;

import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.priorprice.PriceSpell;
import dev.calibrate.kernel.product.CatalogEntry;
import dev.calibrate.kernel.product.CatalogItem;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;

import java.util.Map;

/**
 * A catalog as it was at a past instant, for a simulation: the products of {@code current} that had a
 * price in the currency then, each with that price and compare-at (from the price history) and, for
 * want of a history of them, its other fields as they are now. A product with no price then (not yet
 * created, or not yet priced in the currency) is left out. Built a product at a time into columns, so
 * it never holds the catalog as whole items.
 */
public final class CatalogAsOf {

    private CatalogAsOf() {
    }

    /** {@code pricesThen}: per product, the price spell in effect at the instant in {@code currency}. */
    public static CatalogColumns of(TenantId tenantId, CatalogColumns current, String currency,
                                    Map<ProductId, PriceSpell> pricesThen) {
        TenantCatalog then = new TenantCatalog(tenantId);
        for (int row = 0; row < current.rows(); row++) {
            PriceSpell spell = pricesThen.get(current.productId(row));
            if (spell == null) continue;
            CatalogItem now = current.item(row);
            Map<String, Money> compareAt = spell.compareAt() == null ? Map.of()
                    : Map.of(currency, new Money(spell.compareAt(), currency));
            CatalogItem item = new CatalogItem(now.productId(), now.sku(), now.title(), now.vendor(),
                    now.productType(), now.tags(), now.channels(), now.active(), now.cost(),
                    Map.of(currency, new Money(spell.amount(), currency)), compareAt, now.brandFloors());
            then.put(new CatalogEntry(item, 0, current.channelGroup(row)));
        }
        return then.snapshot();
    }
}
