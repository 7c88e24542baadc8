package dev.calibrate.command.catalog;

import dev.calibrate.kernel.product.CatalogEntry;
import dev.calibrate.kernel.product.CatalogItem;
import dev.calibrate.kernel.tenant.TenantId;

import java.util.List;
import java.util.UUID;

/** Columns holding given products, as a catalog rebuilt from the read model holds them (a product twice: the first). */
public final class CatalogColumnsOf {

    private CatalogColumnsOf() {
    }

    public static CatalogColumns items(List<CatalogItem> items) {
        TenantCatalog catalog = new TenantCatalog(new TenantId(new UUID(0, 1)));
        items.forEach(item -> catalog.put(new CatalogEntry(item, 0)));
        return catalog.snapshot();
    }
}
