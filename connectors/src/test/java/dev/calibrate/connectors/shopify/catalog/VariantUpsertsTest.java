package dev.calibrate.connectors.shopify.catalog;

import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.ObservedPrice;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.UpsertProduct;
import dev.calibrate.kernel.tenant.TenantId;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class VariantUpsertsTest {

    private static final TenantId TENANT = TenantId.random();
    private static final ShopifyProduct TEE = new ShopifyProduct("gid://shopify/Product/1", " Tee ", "Acme", "Shirts",
            List.of("summer", "cotton", "summer"), "ACTIVE", Instant.parse("2026-07-01T00:00:00Z"));

    @Test
    void aVariantBecomesAnUpsertOfItsSkuWithChannelRefsAndTheShopifyPrice() {
        ShopifyVariant small = new ShopifyVariant(TEE, "gid://shopify/ProductVariant/2", "TEE-S", "19.99", "24.99",
                "7.5", "USD");

        VariantUpserts.Plan plan = VariantUpserts.plan(TENANT, "USD", List.of(small), id -> null);

        assertThat(plan.warnings()).isEmpty();
        UpsertProduct upsert = plan.items().get(0).upsert();
        assertThat(upsert.productId()).isEqualTo(ProductId.forSku(TENANT, "TEE-S"));
        assertThat(upsert.tenantId()).isEqualTo(TENANT);
        assertThat(upsert.sku()).isEqualTo("TEE-S");
        assertThat(upsert.source()).isEqualTo("shopify");
        assertThat(upsert.active()).isTrue();
        assertThat(upsert.details().title()).isEqualTo("Tee");
        assertThat(upsert.details().vendor()).isEqualTo("Acme");
        assertThat(upsert.details().productType()).isEqualTo("Shirts");
        assertThat(upsert.details().tags()).containsExactly("cotton", "summer");
        assertThat(upsert.details().cost()).isEqualTo(new Money(new BigDecimal("7.50"), "USD"));
        assertThat(upsert.details().channelRefs()).isEqualTo(Map.of("shopify",
                Map.of("productId", "gid://shopify/Product/1", "variantId", "gid://shopify/ProductVariant/2")));
        assertThat(upsert.prices()).containsExactly(new ObservedPrice(new Money(new BigDecimal("19.99"), "USD"),
                new Money(new BigDecimal("24.99"), "USD")));
    }

    @Test
    void controlCharactersAreDroppedFromEveryTextWithAWarningNamingTheFields() {
        ShopifyProduct product = new ShopifyProduct("gid://shopify/Product/1\u0000", "Tee\u0000\tBlue", "Ac\u0007me",
                "Shirts", List.of("sum\u0000mer"), "ACTIVE", Instant.parse("2026-07-01T00:00:00Z"));
        ShopifyVariant variant = new ShopifyVariant(product, "gid://shopify/ProductVariant/2", "TEE\u0000-S",
                "19.99\u0000", null, null, null);

        VariantUpserts.Plan plan = VariantUpserts.plan(TENANT, "USD", List.of(variant), id -> null);

        assertThat(plan.warnings()).singleElement().asString().contains("gid://shopify/ProductVariant/2")
                .contains("product id, title, vendor, tags, SKU, price");
        UpsertProduct upsert = plan.items().get(0).upsert();
        assertThat(upsert.sku()).isEqualTo("TEE-S");
        assertThat(upsert.productId()).isEqualTo(ProductId.forSku(TENANT, "TEE-S"));
        assertThat(upsert.details().title()).isEqualTo("Tee\tBlue");
        assertThat(upsert.details().vendor()).isEqualTo("Acme");
        assertThat(upsert.details().tags()).containsExactly("summer");
        assertThat(upsert.details().channelRefs().get("shopify").get("productId")).isEqualTo("gid://shopify/Product/1");
        assertThat(upsert.prices().get(0).price()).isEqualTo(new Money(new BigDecimal("19.99"), "USD"));
    }

    @Test
    void theSameVariantsAlwaysGiveEqualUpserts() {
        ShopifyVariant small = new ShopifyVariant(TEE, "gid://shopify/ProductVariant/2", "TEE-S", "19.99", null, null, null);

        assertThat(VariantUpserts.plan(TENANT, "USD", List.of(small), id -> null).items().get(0).upsert())
                .isEqualTo(VariantUpserts.plan(TENANT, "USD", List.of(small), id -> null).items().get(0).upsert());
    }

    @Test
    void aBlankSkuBecomesShopifyAndTheVariantNumber() {
        ShopifyVariant blank = new ShopifyVariant(TEE, "gid://shopify/ProductVariant/4711", "  ", "5.00", null, null, null);
        ShopifyVariant none = new ShopifyVariant(TEE, "gid://shopify/ProductVariant/4712", null, "5.00", null, null, null);

        assertThat(VariantUpserts.plan(TENANT, "USD", List.of(blank, none), id -> null).items())
                .extracting(item -> item.upsert().sku()).containsExactly("shopify-4711", "shopify-4712");
    }

    @Test
    void aSkuUsedTwiceGoesToTheOlderVariantWithAWarningNamingBoth() {
        ShopifyVariant newer = new ShopifyVariant(TEE, "gid://shopify/ProductVariant/30", "DUP", "2.00", null, null, null);
        ShopifyVariant older = new ShopifyVariant(TEE, "gid://shopify/ProductVariant/4", "DUP", "1.00", null, null, null);

        VariantUpserts.Plan plan = VariantUpserts.plan(TENANT, "USD", List.of(newer, older), id -> null);

        assertThat(plan.items()).singleElement().extracting(item -> item.variant().gid())
                .isEqualTo("gid://shopify/ProductVariant/4");
        assertThat(plan.warnings()).singleElement().asString().contains("\"DUP\"")
                .contains("gid://shopify/ProductVariant/4").contains("gid://shopify/ProductVariant/30");
        assertThat(plan.unusable()).as("the newer variant is not unusable: its SKU is someone else's").isEmpty();
    }

    @Test
    void archivedAndDraftProductsAreUpsertedInactive() {
        for (String status : List.of("ARCHIVED", "DRAFT", "archived")) {
            ShopifyProduct product = new ShopifyProduct("gid://shopify/Product/1", "T", null, null, null, status, null);
            ShopifyVariant variant = new ShopifyVariant(product, "gid://shopify/ProductVariant/2", "S", "1.00", null, null, null);
            assertThat(VariantUpserts.plan(TENANT, "USD", List.of(variant), id -> null).items().get(0).upsert().active())
                    .as(status).isFalse();
        }
        ShopifyProduct unlisted = new ShopifyProduct("gid://shopify/Product/1", "T", null, null, null, "UNLISTED", null);
        assertThat(VariantUpserts.plan(TENANT, "USD", List.of(new ShopifyVariant(unlisted, "gid://shopify/ProductVariant/2",
                "S", "1.00", null, null, null)), id -> null).items().get(0).upsert().active()).isTrue();
    }

    @Test
    void aUnitCostIsRoundedToTheCurrencyAndAMissingOneIsAskedFor() {
        ShopifyVariant precise = new ShopifyVariant(TEE, "gid://shopify/ProductVariant/2", "A", "10.00", null, "3.3351", "USD");
        ShopifyVariant unknown = new ShopifyVariant(TEE, "gid://shopify/ProductVariant/3", "B", "10.00", null, null, null);
        Money kept = new Money(new BigDecimal("4.00"), "USD");

        List<VariantUpserts.Planned> items = VariantUpserts.plan(TENANT, "USD", List.of(precise, unknown),
                id -> id.equals(ProductId.forSku(TENANT, "B")) ? kept : null).items();

        assertThat(items.get(0).upsert().details().cost()).isEqualTo(new Money(new BigDecimal("3.34"), "USD"));
        assertThat(items.get(1).upsert().details().cost()).isEqualTo(kept);
    }

    @Test
    void aVariantThatCannotBeAProductIsLeftOutWithAWarning() {
        ShopifyVariant badPrice = new ShopifyVariant(TEE, "gid://shopify/ProductVariant/2", "A", "19.999", null, null, null);
        ShopifyVariant noPrice = new ShopifyVariant(TEE, "gid://shopify/ProductVariant/3", "B", null, null, null, null);
        ShopifyProduct untitled = new ShopifyProduct("gid://shopify/Product/9", " ", null, null, null, "ACTIVE", null);
        ShopifyVariant noTitle = new ShopifyVariant(untitled, "gid://shopify/ProductVariant/4", "C", "1.00", null, null, null);
        ShopifyVariant fine = new ShopifyVariant(TEE, "gid://shopify/ProductVariant/5", "D", "1.00", null, null, null);

        VariantUpserts.Plan plan = VariantUpserts.plan(TENANT, "USD", List.of(badPrice, noPrice, noTitle, fine), id -> null);

        assertThat(plan.items()).extracting(item -> item.upsert().sku()).containsExactly("D");
        assertThat(plan.warnings()).hasSize(3).allSatisfy(w -> assertThat(w).contains("was not imported"));
        assertThat(plan.unusable()).containsExactlyInAnyOrder("gid://shopify/ProductVariant/2",
                "gid://shopify/ProductVariant/3", "gid://shopify/ProductVariant/4");
    }

    @Test
    void yenPricesHaveNoDecimals() {
        ShopifyVariant variant = new ShopifyVariant(TEE, "gid://shopify/ProductVariant/2", "A", "1200.0", null, null, null);

        assertThat(VariantUpserts.plan(TENANT, "JPY", List.of(variant), id -> null).items().get(0).upsert().prices().get(0)
                .price()).isEqualTo(new Money(new BigDecimal("1200"), "JPY"));
    }
}
