package dev.calibrate.connectors.shopify.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BulkJsonlTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void childrenAreJoinedToTheirParentEvenWhenNotRightAfterIt() throws IOException {
        BulkJsonl bulk = read("""
                {"id":"gid://shopify/Product/1","title":"Tee","vendor":"Acme","productType":"Shirts","tags":["b","a"],"status":"ACTIVE","updatedAt":"2026-07-01T10:00:00Z"}
                {"id":"gid://shopify/ProductVariant/11","sku":"TEE-S","price":"19.99","compareAtPrice":null,"inventoryItem":{"unitCost":{"amount":"7.5","currencyCode":"USD"}},"__parentId":"gid://shopify/Product/1"}
                {"id":"gid://shopify/Product/2","title":"Mug","vendor":"Acme","productType":"Kitchen","tags":[],"status":"DRAFT","updatedAt":"2026-07-02T10:00:00Z"}
                {"id":"gid://shopify/ProductVariant/21","sku":"MUG","price":"9.00","compareAtPrice":"12.00","inventoryItem":{"unitCost":null},"__parentId":"gid://shopify/Product/2"}
                {"id":"gid://shopify/ProductVariant/12","sku":"TEE-M","price":"19.99","compareAtPrice":null,"inventoryItem":{"unitCost":null},"__parentId":"gid://shopify/Product/1"}
                """);

        BulkJsonl.Joined joined = bulk.joined();

        assertThat(joined.products()).isEqualTo(2);
        assertThat(joined.warnings()).isEmpty();
        assertThat(joined.variants()).extracting(v -> v.gid() + " " + v.sku() + " of " + v.product().title())
                .containsExactlyInAnyOrder("gid://shopify/ProductVariant/11 TEE-S of Tee",
                        "gid://shopify/ProductVariant/12 TEE-M of Tee", "gid://shopify/ProductVariant/21 MUG of Mug");
        ShopifyVariant small = joined.variants().stream().filter(v -> v.sku().equals("TEE-S")).findFirst().orElseThrow();
        assertThat(small.costAmount()).isEqualTo("7.5");
        assertThat(small.costCurrency()).isEqualTo("USD");
        assertThat(small.product().tags()).containsExactly("b", "a");
        assertThat(small.product().status()).isEqualTo("ACTIVE");
        ShopifyVariant mug = joined.variants().stream().filter(v -> v.sku().equals("MUG")).findFirst().orElseThrow();
        assertThat(mug.compareAtPrice()).isEqualTo("12.00");
        assertThat(mug.costAmount()).isNull();
    }

    @Test
    void aChildBeforeItsParentIsStillJoined() throws IOException {
        BulkJsonl bulk = read("""
                {"id":"gid://shopify/ProductVariant/11","sku":"TEE-S","price":"19.99","__parentId":"gid://shopify/Product/1"}
                {"id":"gid://shopify/Product/1","title":"Tee","status":"ACTIVE","updatedAt":"2026-07-01T10:00:00Z"}
                """);

        assertThat(bulk.joined().variants()).extracting(ShopifyVariant::sku).containsExactly("TEE-S");
    }

    @Test
    void aChildWithoutItsParentIsLeftOutWithAWarning() throws IOException {
        BulkJsonl bulk = read("""
                {"id":"gid://shopify/Product/1","title":"Tee","status":"ACTIVE","updatedAt":"2026-07-01T10:00:00Z"}
                {"id":"gid://shopify/ProductVariant/99","sku":"LOST","price":"1.00","__parentId":"gid://shopify/Product/9"}
                """);

        BulkJsonl.Joined joined = bulk.joined();
        assertThat(joined.variants()).isEmpty();
        assertThat(joined.warnings()).singleElement().asString()
                .contains("1 variant line").contains("gid://shopify/ProductVariant/99");
    }

    private BulkJsonl read(String jsonl) throws IOException {
        BulkJsonl bulk = new BulkJsonl();
        for (String line : List.of(jsonl.split("\n"))) {
            if (!line.isBlank()) {
                bulk.accept(json.readTree(line));
            }
        }
        return bulk;
    }
}
