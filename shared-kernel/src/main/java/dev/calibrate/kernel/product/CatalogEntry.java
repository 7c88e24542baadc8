package dev.calibrate.kernel.product;

import java.util.Objects;

/**
 * A product of the catalog read model with its version: the sequence number of the last of its events
 * the read model applied. Whoever keeps a copy of the catalog and follows the events itself applies
 * only events past this version, so none is applied twice.
 */
public record CatalogEntry(CatalogItem item, long version) {

    public CatalogEntry {
        Objects.requireNonNull(item, "item");
    }
}
