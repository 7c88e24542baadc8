package dev.calibrate.app.shopify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.EventProcessors;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.ShopifyFake;
import dev.calibrate.app.support.Sql;
import dev.calibrate.connectors.shopify.fake.FakeProduct;
import dev.calibrate.connectors.shopify.fake.FakeShop;
import dev.calibrate.connectors.shopify.fake.FakeVariant;
import dev.calibrate.connectors.shopify.fake.WebhookDelivery;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whose webhook a delivery is. Shopify signs the body only, and every OAuth install shares the app's
 * client secret, so the shop header is the sender's claim: it picks the connection whose own secret
 * must verify the delivery, and it must never let one shop's delivery act on another shop.
 */
class ShopifyWebhookOriginTest extends IntegrationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    Environment env;

    @Test
    void aDeliveryMustVerifyWithTheSecretOfTheConnectionItsShopHeaderNames() {
        FakeShop first = connectedWithSecret("first-shops-own-secret");
        FakeShop second = connectedWithSecret("second-shops-own-secret");
        WebhookDelivery fromFirst = first.webhooks().deliveryWithBody("shop/update", "{}").signedWith("first-shops-own-secret");

        assertThat(send(fromFirst).status()).as("its own shop's secret verifies").isEqualTo(200);
        assertThat(send(as(fromFirst, second.domain(), UUID.randomUUID().toString())).status())
                .as("the first shop's secret does not verify for the second shop").isEqualTo(401);
        assertThat(send(as(fromFirst.signedWith("second-shops-own-secret"), first.domain(),
                UUID.randomUUID().toString())).status()).as("nor the second's for the first").isEqualTo(401);
    }

    @Test
    void anUninstallOfOneShopNeverDisconnectsAnother() {
        ConnectedShop victim = ConnectedShop.connect(api, "USD", false);
        ConnectedShop other = ConnectedShop.connect(api, "USD", false);
        // both are signed with the same app secret, as every OAuth install's deliveries are
        WebhookDelivery otherUninstalled = other.shop().webhooks().deliveryFor("app/uninstalled", null);

        ShopifyWebhookTest.Answer replayed = send(as(otherUninstalled, victim.shop().domain(),
                otherUninstalled.webhookId()));

        assertThat(replayed.status()).isEqualTo(401);
        assertThat(api.get("/api/v1/connectors/shopify/status", victim.tenant().token()).status())
                .as("the victim's shop is still connected").isEqualTo(200);
        assertThat(send(otherUninstalled).json().path("outcome").asText()).isEqualTo("processed");
        assertThat(api.get("/api/v1/connectors/shopify/status", other.tenant().token()).status()).isEqualTo(404);
    }

    @Test
    void webhookIdsAreDedupedPerShop() {
        ConnectedShop first = ConnectedShop.connect(api, "USD", false);
        ConnectedShop second = ConnectedShop.connect(api, "USD", false);
        FakeProduct firstProduct = first.shop().addProduct("First's", "10.00");
        FakeProduct secondProduct = second.shop().addProduct("Second's", "20.00");
        String sharedId = UUID.randomUUID().toString();
        WebhookDelivery toFirst = first.shop().webhooks().deliveryFor("products/create", firstProduct.gid())
                .withWebhookId(sharedId);
        WebhookDelivery toSecond = second.shop().webhooks().deliveryFor("products/create", secondProduct.gid())
                .withWebhookId(sharedId);

        assertThat(send(toFirst).json().path("outcome").asText()).isEqualTo("processed");
        assertThat(send(toSecond).json().path("outcome").asText())
                .as("another shop's delivery with the same id is not a repeat").isEqualTo("processed");
        assertThat(send(toFirst).json().path("outcome").asText()).isEqualTo("duplicate");
        EventProcessors.awaitCaughtUp(api, "catalog");
        assertThat(activeFlags(second, secondProduct)).containsExactly(true);
    }

    @Test
    void aDeliveryWithoutASignatureOrFromAnUnknownShopIsRefusedBeforeItsBodyIsRead() throws Exception {
        ConnectedShop connected = ConnectedShop.connect(api, "USD", false);

        assertThat(statusLineOfAnEndlessBody(connected.shop().domain(), null)).contains(" 401 ");
        assertThat(statusLineOfAnEndlessBody("not-connected-" + UUID.randomUUID().toString().substring(0, 8)
                + ".myshopify.com", "c2lnbmF0dXJl")).contains(" 401 ");
    }

    @Test
    void aDeleteOlderThanTheLastUpdateTakenInIsStale() throws Exception {
        ConnectedShop connected = ConnectedShop.connect(api, "USD", false);
        FakeProduct product = connected.shop().addProduct("Recreated", "10.00", "11.00");
        Instant updatedAt = Instant.now().plus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        ObjectNode body = (ObjectNode) mapper.readTree(connected.shop().webhooks().deliveryFor("products/update",
                product.gid()).body());
        body.put("updated_at", updatedAt.toString());
        assertThat(send(connected.shop().webhooks().deliveryWithBody("products/update", body.toString())).json()
                .path("outcome").asText()).isEqualTo("processed");
        WebhookDelivery delete = connected.shop().webhooks().deliveryFor("products/delete", product.gid());

        ShopifyWebhookTest.Answer older = send(triggeredAt(delete, updatedAt.minusSeconds(30)));

        assertThat(older.json().path("outcome").asText()).isEqualTo("stale");
        EventProcessors.awaitCaughtUp(api, "catalog");
        assertThat(activeFlags(connected, product)).containsOnly(true);

        ShopifyWebhookTest.Answer newer = send(triggeredAt(delete, updatedAt.plusSeconds(30))
                .withWebhookId(UUID.randomUUID().toString()));

        assertThat(newer.json().path("outcome").asText()).isEqualTo("processed");
        EventProcessors.awaitCaughtUp(api, "catalog");
        assertThat(activeFlags(connected, product)).containsOnly(false);
    }

    // ---------------------------------------------------------------- helpers

    private ShopifyWebhookTest.Answer send(WebhookDelivery delivery) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/shopify"))
                .timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.bodyBytes()));
        delivery.headers().forEach(request::header);
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new ShopifyWebhookTest.Answer(response.statusCode(), response.body(), mapper);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private FakeShop connectedWithSecret(String apiSecret) {
        FakeShop shop = ShopifyFake.newShop("USD");
        Api.TenantToken tenant = api.newTenant("Shopify " + shop.domain());
        Api.Response connect = api.post("/api/v1/connectors/shopify", tenant.token(), Map.of("shop", shop.domain(),
                "accessToken", shop.accessToken(), "apiSecret", apiSecret));
        assertThat(connect.status()).as(connect.body()).isEqualTo(201);
        return shop;
    }

    /** The same signed delivery under another shop's header. */
    private static WebhookDelivery as(WebhookDelivery delivery, String shop, String webhookId) {
        return new WebhookDelivery(delivery.topic(), shop, delivery.apiVersion(), webhookId, delivery.eventId(),
                delivery.triggeredAt(), delivery.hmacSha256(), delivery.body());
    }

    private static WebhookDelivery triggeredAt(WebhookDelivery delivery, Instant at) {
        return new WebhookDelivery(delivery.topic(), delivery.shopDomain(), delivery.apiVersion(), delivery.webhookId(),
                delivery.eventId(), at.toString(), delivery.hmacSha256(), delivery.body());
    }

    private List<Boolean> activeFlags(ConnectedShop connected, FakeProduct product) {
        List<FakeVariant> variants = connected.shop().variantsOf(product.gid());
        try (Sql sql = Sql.connect(env)) {
            return variants.stream().map(v -> (Boolean) sql.single("SELECT active FROM product_view WHERE tenant_id = ?"
                    + " AND sku = ?", UUID.fromString(connected.tenant().tenantId()), v.sku())).toList();
        }
    }

    /**
     * Sends the headers of a delivery and the first bytes of a chunked body that never ends, and reads
     * the status line: a server that waited for the body (to check a signature it cannot check) would
     * never answer, and the read would time out.
     */
    private String statusLineOfAnEndlessBody(String shop, String signature) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            StringBuilder head = new StringBuilder("POST /webhooks/shopify HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                    .append("Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n")
                    .append("X-Shopify-Topic: products/update\r\nX-Shopify-Shop-Domain: ").append(shop).append("\r\n")
                    .append("X-Shopify-Webhook-Id: ").append(UUID.randomUUID()).append("\r\n");
            if (signature != null) {
                head.append("X-Shopify-Hmac-Sha256: ").append(signature).append("\r\n");
            }
            head.append("\r\n").append("400\r\n").append("{\"id\": 1, \"padding\": \"").append("x".repeat(1024 - 25)).append("\"");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }
}
