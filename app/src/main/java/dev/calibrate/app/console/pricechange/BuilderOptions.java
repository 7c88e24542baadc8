package dev.calibrate.app.console.pricechange;

import java.util.List;

/** The choices the builder's selects offer, as docs/pricing-rules.md lists them. */
record BuilderOptions(List<String> fields, List<String> conditionOps, List<String> stepOps, List<String> roundModes,
                      List<String> strategies, List<String> compareAt) {

    static final BuilderOptions INSTANCE = new BuilderOptions(
            List.of("tags", "sku", "title", "vendor", "productType", "productId", "channel", "price",
                    "compareAtPrice", "cost", "competitorPrice"),
            List.of("contains", "eq", "neq", "in", "glob", "gt", "gte", "lt", "lte", "between", "exists"),
            List.of("percent", "add", "set", "markup", "match_competitor", "round", "floor", "ceiling", "min_margin"),
            List.of("", "nearest", "up", "down", "charm"),
            List.of("", "lowest", "average", "highest"),
            List.of("keep", "set_to_current", "clear"));
}
