package dev.calibrate.schemas.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceChanged;

/**
 * Revision 1 of {@code ProductPriceChanged} copied the price change's whole rule into every product's
 * event; revision 2 (schema 2.0.0) leaves it out, since the rule lives once, in the price change's own
 * events ({@code PriceChangeDrafted}, {@code PriceChangeEdited}). The upcast payload is the stored
 * one without {@code rule}: every other field, the explain trace included, reads as it was written.
 */
public final class ProductPriceChangedUpcaster extends RevisionUpcaster {

    public ProductPriceChangedUpcaster() {
        super(ProductPriceChanged.class, null, "2");
    }

    @Override
    protected JsonNode upcast(ObjectNode payload) {
        ObjectNode upcast = payload.deepCopy();
        upcast.remove("rule");
        return upcast;
    }
}
