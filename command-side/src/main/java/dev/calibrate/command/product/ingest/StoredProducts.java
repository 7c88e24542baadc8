package dev.calibrate.command.product.ingest;

import java.util.Collection;
import java.util.Set;

/**
 * Which product ids have events, however many ids an import names (the brand-floor import and the price
 * upload check every row's SKU at once): asked of wherever the event store lives.
 */
public interface StoredProducts {

    Set<String> existing(Collection<String> productIds);
}
