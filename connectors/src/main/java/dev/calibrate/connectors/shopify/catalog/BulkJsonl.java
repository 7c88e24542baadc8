package dev.calibrate.connectors.shopify.catalog;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins the lines of a bulk query's JSONL result: a product line, then variant lines that name it in
 * {@code __parentId}. Shopify writes a child after its parent but not always right after it, so
 * every line is collected first and children are attached to their parents at the end.
 */
final class BulkJsonl {

    static final String PARENT = "__parentId";

    private final Map<String, ShopifyProduct> products = new HashMap<>();
    private final List<JsonNode> variants = new ArrayList<>();

    /** What the file held: every variant with its product, how many products, and what could not be joined. */
    record Joined(List<ShopifyVariant> variants, int products, List<String> warnings) {
    }

    void accept(JsonNode line) {
        if (line.hasNonNull(PARENT)) {
            variants.add(line);
        } else if (line.path("id").asText().startsWith(ShopifyPayloads.PRODUCT_GID)) {
            ShopifyProduct product = ShopifyPayloads.productFromGraphQl(line);
            products.put(product.gid(), product);
        }
    }

    Joined joined() {
        List<ShopifyVariant> joined = new ArrayList<>(variants.size());
        int orphans = 0;
        String example = null;
        for (JsonNode line : variants) {
            ShopifyProduct product = products.get(line.get(PARENT).asText());
            if (product == null) {
                orphans++;
                example = example == null ? line.path("id").asText() : example;
                continue;
            }
            joined.add(ShopifyPayloads.variantFromGraphQl(line, product));
        }
        List<String> warnings = orphans == 0 ? List.of() : List.of(orphans + " variant line(s) of the bulk result"
                + " name a product that is not in it (e.g. " + example + "); they were not imported");
        return new Joined(joined, products.size(), warnings);
    }
}
