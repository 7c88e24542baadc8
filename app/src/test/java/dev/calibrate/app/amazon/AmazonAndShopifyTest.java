package dev.calibrate.app.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.AmazonFake;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.EventProcessors;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.ShopifyFake;
import dev.calibrate.app.support.Sql;
import dev.calibrate.connectors.amazon.fake.FakeListing;
import dev.calibrate.connectors.amazon.fake.FakeSeller;
import dev.calibrate.connectors.shopify.fake.FakeShop;
import dev.calibrate.connectors.shopify.fake.FakeVariant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.amazon.AmazonSteps.productEvents;
import static dev.calibrate.app.amazon.AmazonSteps.syncAndWait;
import static dev.calibrate.app.support.AmazonFake.US;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One SKU sold on Shopify and on Amazon is one product, and neither channel's sync drops the other's ref. */
class AmazonAndShopifyTest extends IntegrationTest {

    @Autowired
    Environment env;

    @Test
    void aProductOnBothChannelsKeepsBothRefsAndShopifysDetails() throws Exception {
        FakeShop shop = ShopifyFake.newShop("USD");
        shop.addProduct("Enamel mug", "15.00");
        FakeVariant variant = shop.variants().get(0);
        FakeSeller seller = AmazonFake.newSeller();
        seller.put(new FakeListing(variant.sku(), "B0BOTHCHAN", "Amazon listing name", "AMAZON ENAMEL MUG 350ML",
                "Amazon Brand", List.of(US), Map.of(US, new BigDecimal("15.00"))));
        Api.TenantToken tenant = api.newTenant("Both channels " + UUID.randomUUID());
        ShopifyFake.connect(api, tenant, shop);
        AmazonFake.connect(api, tenant, seller, List.of(US));

        syncShopify(tenant);
        syncAndWait(api, tenant);

        try (Sql sql = Sql.connect(env)) {
            Map<String, Object> product = product(sql, tenant, variant.sku());
            assertThat(product.get("title")).isEqualTo("Enamel mug");
            assertThat(product.get("vendor")).isEqualTo("Calibrate Test Vendor");
            JsonNode refs = mapper.readTree(product.get("refs").toString());
            assertThat(refs.at("/shopify/variantId").asText()).isEqualTo(variant.gid());
            assertThat(refs.at("/amazon/asin").asText()).isEqualTo("B0BOTHCHAN");
            assertThat(refs.at("/amazon/sellerSku").asText()).isEqualTo(variant.sku());
            assertThat(refs.at("/amazon/marketplaceId").asText()).isEqualTo(US);
            long before = productEvents(sql, tenant);

            syncShopify(tenant);
            syncAndWait(api, tenant);

            assertThat(productEvents(sql, tenant)).as("repeated syncs of both channels emit nothing").isEqualTo(before);
            JsonNode after = mapper.readTree(product(sql, tenant, variant.sku()).get("refs").toString());
            assertThat(after.has("amazon")).as("a Shopify sync keeps the amazon ref").isTrue();
            assertThat(after.has("shopify")).isTrue();
        }
    }

    private void syncShopify(Api.TenantToken tenant) {
        Api.Response accepted = api.post("/api/v1/connectors/shopify/sync", tenant.token(), null);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        await("Shopify sync").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(api.get("/api/v1/connectors/shopify/status", tenant.token()).json()
                        .at("/sync/state").asText()).isEqualTo("COMPLETED"));
        EventProcessors.awaitCaughtUp(api, "catalog", "channels");
    }

    private static Map<String, Object> product(Sql sql, Api.TenantToken tenant, String sku) {
        return sql.query("SELECT title, vendor, channel_refs::text AS refs FROM product_view WHERE tenant_id = ? AND sku = ?",
                UUID.fromString(tenant.tenantId()), sku).get(0);
    }
}
