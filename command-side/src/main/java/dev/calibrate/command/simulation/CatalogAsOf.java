package dev.calibrate.command.simulation;

import dev.calibrate.command.catalog.CatalogColumns;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.priorprice.PriceSpell;
import dev.calibrate.kernel.product.CatalogEntry;
import dev.calibrate.kernel.product.CatalogItem;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.command.simulation.CatalogHistory.ProductThen;

import java.time.Instant;
import java.util.Map;

/**
 * A catalog as it was at a past instant, for a simulation: the products of {@code current} that existed and
 * had a price in the currency then, each with that price and compare-at (from the price history) and, when
 * the product's details, active flag or brand floors changed after the first day ended, those as they were
 * then ({@link CatalogHistory}), and with them its channels and channel group (from those details' channel
 * refs); otherwise, unchanged since, as they are now. A product with no price then
 * (not yet created, or not yet priced in the currency) is left out; one inactive then stays in as inactive,
 * as a preview keeps it (no evaluation selects it). Built a product at a time into columns, so it never holds
 * the catalog as whole items.
 */
final class CatalogAsOf {

    private CatalogAsOf() {
    }

    /** {@code pricesThen}: per product, the price spell in effect at {@code at} in {@code currency}. */
    static CatalogColumns of(TenantId tenantId, CatalogColumns current, String currency,
                             Map<ProductId, PriceSpell> pricesThen, CatalogHistory history, Instant at) {
        return CatalogColumns.build(tenantId, sink -> {
            for (int row = 0; row < current.rows(); row++) {
                ProductId id = current.productId(row);
                PriceSpell spell = pricesThen.get(id);
                if (spell == null) continue;
                CatalogItem now = current.item(row);
                Map<String, Money> prices = Map.of(currency, new Money(spell.amount(), currency));
                Map<String, Money> compareAt = spell.compareAt() == null ? Map.of()
                        : Map.of(currency, new Money(spell.compareAt(), currency));
                if (history.tracks(id)) {
                    ProductThen then = history.productAt(id, at);
                    if (then == null) continue;
                    ProductDetails details = then.details();
                    // its channels and channel group too are the details' then (a CHANNEL selector reads them)
                    sink.accept(new CatalogEntry(new CatalogItem(id, now.sku(), details.title(), details.vendor(),
                            details.productType(), details.tags(), details.channelRefs().keySet(), then.active(),
                            details.cost(), prices, compareAt, then.floors()), 0, CatalogEntry.channelGroupOf(details)));
                } else {
                    sink.accept(new CatalogEntry(new CatalogItem(id, now.sku(), now.title(), now.vendor(),
                            now.productType(), now.tags(), now.channels(), now.active(), now.cost(), prices, compareAt,
                            now.brandFloors()), 0, current.channelGroup(row)));
                }
            }
        });
    }
}
