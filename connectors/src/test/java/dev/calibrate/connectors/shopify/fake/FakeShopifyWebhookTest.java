package dev.calibrate.connectors.shopify.fake;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FakeShopifyWebhookTest {

    private static final String SECRET = "whsec-test-secret";
    private static final String CREATE = """
            mutation($topic: WebhookSubscriptionTopic!, $uri: String!) {
              webhookSubscriptionCreate(topic: $topic, webhookSubscription: {uri: $uri, format: JSON}) {
                webhookSubscription { id topic uri format apiVersion { handle } }
                userErrors { field message }
              }
            }""";

    private final FakeClock clock = new FakeClock(Instant.parse("2026-07-01T14:30:00Z"));
    private final FakeShopify shopify = new FakeShopify(clock).oauthApp("client-1", SECRET);
    private final FakeShop shop = shopify.addShop("hooks.myshopify.com", "shpat_hooks", "USD").timezone(ZoneId.of("America/New_York"));
    private final TestClient client = new TestClient(shop);
    private final WebhookReceiver receiver = new WebhookReceiver();

    @AfterEach
    void stop() {
        receiver.close();
        shopify.close();
    }

    @Test
    void a_products_update_delivery_is_the_rest_product_signed_with_the_client_secret() throws Exception {
        FakeProduct product = shop.addProduct("Mug", "29.99", "31.00");
        shop.updateProduct(product.gid(), p -> p.withTags(List.of("sale", "ceramic")));

        WebhookDelivery delivery = shop.webhooks().deliveryFor("products/update", product.gid());

        assertThat(delivery.hmacSha256()).isEqualTo(hmac(SECRET, delivery.bodyBytes()));
        assertThat(delivery.headers()).containsEntry("X-Shopify-Topic", "products/update")
                .containsEntry("X-Shopify-Shop-Domain", "hooks.myshopify.com")
                .containsEntry("X-Shopify-API-Version", "2026-07")
                .containsKeys("X-Shopify-Webhook-Id", "X-Shopify-Event-Id", "X-Shopify-Triggered-At");
        JsonNode body = TestClient.JSON.readTree(delivery.body());
        assertThat(body.get("id").isNumber()).isTrue();
        assertThat(body.get("id").asLong()).isEqualTo(product.legacyId());
        assertThat(body.get("admin_graphql_api_id").asText()).isEqualTo(product.gid());
        assertThat(body.get("tags").asText()).isEqualTo("ceramic, sale");
        assertThat(body.get("updated_at").asText()).isEqualTo("2026-07-01T10:30:00-04:00");
        assertThat(body.at("/variants/0/price").isTextual()).isTrue();
        assertThat(body.at("/variants/0/price").asText()).isEqualTo("29.99");
        assertThat(body.at("/variants/1/product_id").asLong()).isEqualTo(product.legacyId());
        assertThat(body.at("/variants/0/admin_graphql_api_id").asText()).startsWith("gid://shopify/ProductVariant/");
    }

    @Test
    void deletes_carry_only_the_id_and_uninstalls_the_shop() throws Exception {
        FakeProduct product = shop.addProduct("Gone", "1.00");
        shop.deleteProduct(product.gid());

        WebhookDelivery deleted = shop.webhooks().deliveryFor("products/delete", product.gid());
        WebhookDelivery uninstalled = shop.webhooks().deliveryFor("app/uninstalled", null);

        assertThat(deleted.body()).isEqualTo("{\"id\":" + product.legacyId() + "}");
        assertThat(TestClient.JSON.readTree(uninstalled.body()).get("myshopify_domain").asText()).isEqualTo(shop.domain());
    }

    @Test
    void sends_deliveries_and_replays_or_tampered_copies_keep_their_original_headers() {
        FakeProduct product = shop.addProduct("Lamp", "40.00");
        WebhookDelivery delivery = shop.webhooks().deliveryFor("products/update", product.gid());

        int status = shop.webhooks().send(receiver.uri(), delivery);
        shop.webhooks().send(receiver.uri(), delivery);
        shop.webhooks().send(receiver.uri(), delivery.withBody(delivery.body().replace("40.00", "4.00")));

        assertThat(status).isEqualTo(200);
        List<WebhookReceiver.Received> received = receiver.received();
        assertThat(received).hasSize(3);
        assertThat(received).extracting(r -> r.header("X-Shopify-Webhook-Id")).containsOnly(delivery.webhookId());
        assertThat(hmac(SECRET, received.get(0).body().getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(received.get(0).header("X-Shopify-Hmac-Sha256"));
        assertThat(hmac(SECRET, received.get(2).body().getBytes(StandardCharsets.UTF_8)))
                .as("a tampered body no longer matches its signature")
                .isNotEqualTo(received.get(2).header("X-Shopify-Hmac-Sha256"));
    }

    @Test
    void subscriptions_receive_webhooks_for_the_connectors_own_writes_and_merchant_edits() {
        FakeProduct product = shop.addProduct("Vase", "15.00");
        String variant = shop.variantsOf(product.gid()).get(0).gid();
        JsonNode created = client.graphQl(CREATE, Map.of("topic", "PRODUCTS_UPDATE", "uri", receiver.uri().toString()))
                .data().get("webhookSubscriptionCreate");
        assertThat(created.get("userErrors")).isEmpty();
        assertThat(created.at("/webhookSubscription/apiVersion/handle").asText()).isEqualTo("2026-07");

        client.graphQl(FakeShopifyGraphQlTest.UPDATE, Map.of("productId", product.gid(),
                "variants", List.of(Map.of("id", variant, "price", "16.00"))));
        clock.advance(Duration.ofMinutes(1));
        shop.setPriceBehindBack(variant, "17.00");
        shopify.awaitWebhookDeliveries();

        assertThat(shop.webhookAttempts()).extracting(FakeShop.WebhookAttempt::status).containsExactly(200, 200);
        List<WebhookReceiver.Received> received = receiver.received();
        assertThat(received).extracting(r -> r.header("X-Shopify-Topic")).containsOnly("products/update");
        assertThat(received.get(0).body()).contains("\"price\":\"16.00\"");
        assertThat(received.get(1).body()).contains("\"price\":\"17.00\"");
        assertThat(received.get(0).header("X-Shopify-Webhook-Id")).isNotEqualTo(received.get(1).header("X-Shopify-Webhook-Id"));
        assertThat(hmac(SECRET, received.get(1).body().getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(received.get(1).header("X-Shopify-Hmac-Sha256"));
    }

    @Test
    void subscriptions_are_listed_unique_per_topic_and_address_and_deletable() {
        String uri = receiver.uri().toString();
        String id = client.graphQl(CREATE, Map.of("topic", "PRODUCTS_UPDATE", "uri", uri))
                .data().at("/webhookSubscriptionCreate/webhookSubscription/id").asText();
        JsonNode duplicate = client.graphQl(CREATE, Map.of("topic", "PRODUCTS_UPDATE", "uri", uri)).data().get("webhookSubscriptionCreate");
        JsonNode plainHttp = client.graphQl(CREATE, Map.of("topic", "PRODUCTS_UPDATE", "uri", "http://example.com/hooks"))
                .data().get("webhookSubscriptionCreate");
        client.graphQl(CREATE, Map.of("topic", "PRODUCTS_DELETE", "uri", uri));

        JsonNode listed = client.graphQl("{ webhookSubscriptions(first: 10) { nodes { id topic uri } } }")
                .data().at("/webhookSubscriptions/nodes");
        JsonNode deleted = client.graphQl("mutation($id: ID!) { webhookSubscriptionDelete(id: $id) { deletedWebhookSubscriptionId userErrors { message } } }",
                Map.of("id", id)).data().get("webhookSubscriptionDelete");

        assertThat(duplicate.at("/userErrors/0/message").asText()).isEqualTo("Address for this topic has already been taken");
        assertThat(plainHttp.at("/userErrors/0/message").asText()).contains("not supported");
        assertThat(listed).extracting(node -> node.get("topic").asText()).containsExactly("PRODUCTS_UPDATE", "PRODUCTS_DELETE");
        assertThat(deleted.get("deletedWebhookSubscriptionId").asText()).isEqualTo(id);
        assertThat(shop.webhookSubscriptions()).extracting(FakeWebhookSubscription::headerTopic).containsExactly("products/delete");
    }

    @Test
    void the_oauth_query_signature_matches_shopifys_documented_example() {
        Map<String, String> parameters = Map.of("code", "0907a61c0c8d55e99db179b68161bc00", "shop", "some-shop.myshopify.com",
                "state", "0.6784241404160823", "timestamp", "1337178173", "hmac", "ignored");

        assertThat(ShopifySignatures.signedQueryMessage(parameters))
                .isEqualTo("code=0907a61c0c8d55e99db179b68161bc00&shop=some-shop.myshopify.com&state=0.6784241404160823&timestamp=1337178173");
        assertThat(ShopifySignatures.queryHmac("hush", parameters))
                .isEqualTo("700e2dadb827fcc8609e9d5ce208b2e9cdaab9df07390d2cbca10d7c328fc4bf");
    }

    /** Computed independently of the fake, as the app's verifier would. */
    private static String hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
