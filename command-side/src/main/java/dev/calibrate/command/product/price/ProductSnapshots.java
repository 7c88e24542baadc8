package dev.calibrate.command.product.price;

import dev.calibrate.kernel.product.ProductId;

/** Where a run's chunk asks for the snapshot of a product whose stream it read far past its last one. */
public interface ProductSnapshots {

    /**
     * Takes a snapshot of {@code product} once the current unit of work commits, if {@code sinceSnapshot}
     * messages (its snapshot, the events read after it and those appended) are past the count between two.
     */
    void takeIfDue(ProductId product, int sinceSnapshot);
}
