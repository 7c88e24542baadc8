package dev.calibrate.connectors.shopify.catalog;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads products and variants out of what Shopify sends: GraphQL nodes (pages and bulk JSONL lines
 * share the field names) and the REST payload of product webhooks.
 */
public final class ShopifyPayloads {

    public static final String PRODUCT_GID = "gid://shopify/Product/";

    private ShopifyPayloads() {
    }

    /** A {@code productVariants} node with its {@code product} nested. */
    static ShopifyVariant variantFromGraphQl(JsonNode node) {
        return variantFromGraphQl(node, productFromGraphQl(node.path("product")));
    }

    /** A variant node (a page's, or a bulk JSONL child line) of {@code product}. */
    static ShopifyVariant variantFromGraphQl(JsonNode node, ShopifyProduct product) {
        JsonNode cost = node.path("inventoryItem").path("unitCost");
        return new ShopifyVariant(product, node.path("id").asText(), text(node, "sku"), text(node, "price"),
                text(node, "compareAtPrice"), text(cost, "amount"), text(cost, "currencyCode"));
    }

    static ShopifyProduct productFromGraphQl(JsonNode node) {
        List<String> tags = new ArrayList<>();
        node.path("tags").forEach(tag -> tags.add(tag.asText()));
        return new ShopifyProduct(node.path("id").asText(), text(node, "title"), text(node, "vendor"),
                text(node, "productType"), tags, text(node, "status"), instant(text(node, "updatedAt")));
    }

    /** The product a {@code products/create} or {@code products/update} webhook describes. */
    public static ShopifyProduct productFromRest(JsonNode body) {
        String gid = text(body, "admin_graphql_api_id");
        if (gid == null && body.hasNonNull("id")) {
            gid = PRODUCT_GID + body.get("id").asText();
        }
        String tags = text(body, "tags");
        return new ShopifyProduct(gid, text(body, "title"), text(body, "vendor"), text(body, "product_type"),
                tags == null ? List.of() : Arrays.stream(tags.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList(),
                text(body, "status"), instant(text(body, "updated_at")));
    }

    /** The variants of a product webhook; the REST payload carries no cost (it is the inventory item's). */
    public static List<ShopifyVariant> variantsFromRest(JsonNode body) {
        ShopifyProduct product = productFromRest(body);
        List<ShopifyVariant> variants = new ArrayList<>();
        for (JsonNode variant : body.path("variants")) {
            String gid = text(variant, "admin_graphql_api_id");
            if (gid == null && variant.hasNonNull("id")) {
                gid = "gid://shopify/ProductVariant/" + variant.get("id").asText();
            }
            variants.add(new ShopifyVariant(product, gid, text(variant, "sku"), text(variant, "price"),
                    text(variant, "compare_at_price"), null, null));
        }
        return variants;
    }

    /** Shopify writes timestamps with an offset ({@code 2026-07-01T12:00:00-04:00}) or in UTC ({@code ...Z}). */
    public static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a timestamp: " + text);
        }
    }

    /** The field as text; null when missing or JSON null. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.isMissingNode() ? null : value.asText();
    }
}
