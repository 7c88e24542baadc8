package dev.calibrate.connectors.shopify.writeback.sending;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calibrate.connectors.shopify.writeback.DeliveryIntent;
import dev.calibrate.connectors.shopify.writeback.ShopifyDeliveries.Delivery;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelError;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One {@code productVariantsBulkUpdate}: a Shopify product and at most 250 of its variants with the
 * prices Calibrate intends them to have. The same variables make one line of a bulk mutation's JSONL.
 */
record PriceCall(String productGid, List<Delivery> deliveries) {

    /** Shopify's limit of variants in one {@code productVariantsBulkUpdate}. */
    static final int MAX_VARIANTS = 250;
    static final String DOCUMENT = "ProductVariantsBulkUpdate";

    PriceCall {
        if (deliveries.isEmpty() || deliveries.size() > MAX_VARIANTS) {
            throw new IllegalArgumentException("a call carries 1 to " + MAX_VARIANTS + " variants, not " + deliveries.size());
        }
        deliveries = List.copyOf(deliveries);
    }

    /** Groups deliveries per Shopify product, in product then variant order, at most 250 variants per call. */
    static List<PriceCall> group(List<Delivery> deliveries) {
        Map<String, List<Delivery>> byProduct = deliveries.stream()
                .sorted(Comparator.comparing((Delivery d) -> d.intent().productGid())
                        .thenComparing(d -> d.intent().variantGid()))
                .collect(Collectors.groupingBy(d -> d.intent().productGid(), LinkedHashMap::new, Collectors.toList()));
        List<PriceCall> calls = new ArrayList<>();
        byProduct.forEach((product, variants) -> {
            for (int from = 0; from < variants.size(); from += MAX_VARIANTS) {
                calls.add(new PriceCall(product, variants.subList(from, Math.min(variants.size(), from + MAX_VARIANTS))));
            }
        });
        return calls;
    }

    /** The same prices in calls of at most {@code variants} variants each (a call the bucket cannot hold, split). */
    List<PriceCall> split(int variants) {
        List<PriceCall> parts = new ArrayList<>();
        for (int from = 0; from < deliveries.size(); from += variants) {
            parts.add(new PriceCall(productGid, deliveries.subList(from, Math.min(deliveries.size(), from + variants))));
        }
        return parts;
    }

    /**
     * {@code {productId, variants: [{id, price, compareAtPrice}]}}. A price without compare-at sends an
     * explicit null, which clears Shopify's: the variant then shows exactly what Calibrate set.
     */
    ObjectNode variables() {
        ObjectNode variables = JsonNodeFactory.instance.objectNode();
        variables.put("productId", productGid);
        ArrayNode variants = variables.putArray("variants");
        for (Delivery delivery : deliveries) {
            DeliveryIntent intent = delivery.intent();
            ObjectNode variant = variants.addObject();
            variant.put("id", intent.variantGid());
            variant.put("price", intent.price().amount().toPlainString());
            if (intent.compareAt() == null) {
                variant.putNull("compareAtPrice");
            } else {
                variant.put("compareAtPrice", intent.compareAt().amount().toPlainString());
            }
        }
        return variables;
    }

    /**
     * What Shopify's answer ({@code productVariantsBulkUpdate} payload) means for each variant. Without
     * userErrors every variant is synced. A userError naming a variant ({@code field: [variants, i, …]})
     * fails that variant; Shopify then wrote none of the call, so the others are {@linkplain
     * Result#unwritten() unwritten} and go again without it. A userError naming no variant fails them all.
     */
    Result result(JsonNode payload) {
        JsonNode userErrors = payload == null ? null : payload.get("userErrors");
        if (payload == null || payload.isNull() || userErrors == null) {
            return Result.unanswered("Shopify's answer to " + DOCUMENT + " had no payload");
        }
        if (userErrors.isEmpty()) {
            return new Result(deliveries, Map.of(), List.of(), null);
        }
        Map<Integer, List<ChannelError>> perVariant = new LinkedHashMap<>();
        List<ChannelError> general = new ArrayList<>();
        for (JsonNode error : userErrors) {
            ChannelError channelError = channelError(error);
            Integer index = variantIndex(error.get("field"));
            if (index == null || index >= deliveries.size()) {
                general.add(channelError);
            } else {
                perVariant.computeIfAbsent(index, i -> new ArrayList<>()).add(channelError);
            }
        }
        Map<Delivery, List<ChannelError>> failed = new LinkedHashMap<>();
        List<Delivery> unwritten = new ArrayList<>();
        for (int i = 0; i < deliveries.size(); i++) {
            List<ChannelError> errors = new ArrayList<>(perVariant.getOrDefault(i, List.of()));
            errors.addAll(general);
            if (!errors.isEmpty()) {
                failed.put(deliveries.get(i), errors);
            } else {
                unwritten.add(deliveries.get(i));
            }
        }
        return new Result(List.of(), failed, unwritten, null);
    }

    /**
     * @param synced     Shopify holds these prices now
     * @param failed     Shopify refused these, with its userErrors
     * @param unwritten  not written because a sibling was refused: they go again, no attempt spent
     * @param unanswered when set, the answer said nothing usable about any variant (a transient failure)
     */
    record Result(List<Delivery> synced, Map<Delivery, List<ChannelError>> failed, List<Delivery> unwritten,
                  String unanswered) {

        static Result unanswered(String why) {
            return new Result(List.of(), Map.of(), List.of(), why);
        }

        /** The same result without {@code replaced}: deliveries whose intent was replaced meanwhile. */
        Result without(Set<Delivery> replaced) {
            if (replaced.isEmpty()) {
                return this;
            }
            Map<Delivery, List<ChannelError>> remaining = new LinkedHashMap<>(failed);
            remaining.keySet().removeAll(replaced);
            return new Result(synced.stream().filter(d -> !replaced.contains(d)).toList(), remaining,
                    unwritten.stream().filter(d -> !replaced.contains(d)).toList(), unanswered);
        }
    }

    static ChannelError channelError(JsonNode error) {
        JsonNode field = error.get("field");
        String path = null;
        if (field != null && field.isArray() && !field.isEmpty()) {
            List<String> parts = new ArrayList<>();
            field.forEach(part -> parts.add(part.asText()));
            path = String.join(".", parts);
        } else if (field != null && field.isTextual()) {
            path = field.asText();
        }
        String code = error.hasNonNull("code") ? error.get("code").asText() : null;
        return new ChannelError(code, path, error.path("message").asText("Shopify gave no message"));
    }

    /** A readable reason from Shopify's userErrors, e.g. {@code Shopify refused the price: Price must be … (variants.0.price)}. */
    static String reason(List<ChannelError> errors) {
        return "Shopify refused the price: " + errors.stream()
                .map(e -> e.message() + (e.field() == null ? "" : " (" + e.field() + ")"))
                .collect(Collectors.joining("; "));
    }

    private static Integer variantIndex(JsonNode field) {
        if (field == null || !field.isArray() || field.size() < 2 || !"variants".equals(field.get(0).asText())) {
            return null;
        }
        String index = field.get(1).asText();
        return index.matches("\\d{1,4}") ? Integer.valueOf(index) : null;
    }
}
