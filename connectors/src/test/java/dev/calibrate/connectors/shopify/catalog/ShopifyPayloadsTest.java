package dev.calibrate.connectors.shopify.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ShopifyPayloadsTest {

    private final ObjectMapper json = new ObjectMapper();

    /** A products/update body as Shopify sends it (REST shape), trimmed to the fields that matter plus a few that do not. */
    static final String PRODUCT_UPDATE = """
            {
              "id": 632910392,
              "admin_graphql_api_id": "gid://shopify/Product/632910392",
              "title": "IPod Nano - 8GB",
              "body_html": "<p>It's the small iPod.</p>",
              "vendor": "Apple",
              "product_type": "Cult Products",
              "handle": "ipod-nano",
              "status": "active",
              "tags": "Emotive, Flash Memory,  MP3 ,",
              "updated_at": "2026-07-01T12:30:00-04:00",
              "variants": [
                {"id": 808950810, "admin_graphql_api_id": "gid://shopify/ProductVariant/808950810",
                 "product_id": 632910392, "title": "Pink", "price": "199.00", "sku": "IPOD2008PINK",
                 "compare_at_price": null, "inventory_item_id": 808950810},
                {"id": 49148385, "admin_graphql_api_id": "gid://shopify/ProductVariant/49148385",
                 "product_id": 632910392, "title": "Red", "price": "199.00", "sku": "",
                 "compare_at_price": "249.00", "inventory_item_id": 49148385}
              ]
            }
            """;

    @Test
    void aProductWebhookBecomesItsVariantsWithTheProductFields() throws IOException {
        List<ShopifyVariant> variants = ShopifyPayloads.variantsFromRest(json.readTree(PRODUCT_UPDATE));

        assertThat(variants).hasSize(2);
        ShopifyVariant pink = variants.get(0);
        assertThat(pink.gid()).isEqualTo("gid://shopify/ProductVariant/808950810");
        assertThat(pink.sku()).isEqualTo("IPOD2008PINK");
        assertThat(pink.price()).isEqualTo("199.00");
        assertThat(pink.compareAtPrice()).isNull();
        assertThat(pink.costAmount()).as("REST payloads carry no cost").isNull();
        ShopifyProduct product = pink.product();
        assertThat(product.gid()).isEqualTo("gid://shopify/Product/632910392");
        assertThat(product.title()).isEqualTo("IPod Nano - 8GB");
        assertThat(product.vendor()).isEqualTo("Apple");
        assertThat(product.productType()).isEqualTo("Cult Products");
        assertThat(product.tags()).containsExactly("Emotive", "Flash Memory", "MP3");
        assertThat(product.status()).isEqualTo("ACTIVE");
        assertThat(product.sellable()).isTrue();
        assertThat(product.updatedAt()).isEqualTo(Instant.parse("2026-07-01T16:30:00Z"));
        assertThat(variants.get(1).compareAtPrice()).isEqualTo("249.00");
        assertThat(variants.get(1).sku()).isEmpty();
    }

    @Test
    void withoutGraphQlIdsTheLegacyIdsMakeThem() throws IOException {
        JsonNode body = json.readTree("""
                {"id": 7, "title": "T", "status": "archived", "tags": "", "updated_at": "2026-07-01T00:00:00Z",
                 "variants": [{"id": 70, "price": "1.00"}]}
                """);

        ShopifyVariant variant = ShopifyPayloads.variantsFromRest(body).get(0);

        assertThat(variant.product().gid()).isEqualTo("gid://shopify/Product/7");
        assertThat(variant.gid()).isEqualTo("gid://shopify/ProductVariant/70");
        assertThat(variant.product().tags()).isEmpty();
        assertThat(variant.product().sellable()).isFalse();
    }

    @Test
    void aGraphQlVariantNodeCarriesItsProductAndCost() throws IOException {
        ShopifyVariant variant = ShopifyPayloads.variantFromGraphQl(json.readTree("""
                {"id": "gid://shopify/ProductVariant/2", "sku": "A-1", "price": "29.99", "compareAtPrice": "39.99",
                 "inventoryItem": {"unitCost": {"amount": "12.3456", "currencyCode": "USD"}},
                 "product": {"id": "gid://shopify/Product/1", "title": "A", "vendor": "V", "productType": "P",
                             "tags": ["x"], "status": "DRAFT", "updatedAt": "2026-07-01T00:00:00Z"}}
                """));

        assertThat(variant.numericId()).isEqualTo(2);
        assertThat(variant.costAmount()).isEqualTo("12.3456");
        assertThat(variant.product().gid()).isEqualTo("gid://shopify/Product/1");
        assertThat(variant.product().sellable()).isFalse();
    }
}
