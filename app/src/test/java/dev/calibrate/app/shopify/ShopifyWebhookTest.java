package dev.calibrate.app.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.ShopifyFake;
import dev.calibrate.app.support.EventProcessors;
import dev.calibrate.app.support.Sql;
import dev.calibrate.connectors.shopify.fake.FakeProduct;
import dev.calibrate.connectors.shopify.fake.FakeShop;
import dev.calibrate.connectors.shopify.fake.FakeVariant;
import dev.calibrate.connectors.shopify.fake.WebhookDelivery;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code POST /webhooks/shopify}: deliveries built and signed by the fake Shopify, sent over real HTTP. */
class ShopifyWebhookTest extends IntegrationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    Environment env;

    @Autowired
    MeterRegistry meters;

    /** A connected shop whose catalog one sync brought in. */
    ConnectedShop syncedShop(int products, int variantsPerProduct) {
        return syncedShop(products, variantsPerProduct, false);
    }

    ConnectedShop syncedShop(int products, int variantsPerProduct, boolean autoWebhooks) {
        ConnectedShop connected = ConnectedShop.connect(api, "USD", autoWebhooks);
        connected.shop().generateCatalog(products, variantsPerProduct, 99);
        Api.Response sync = api.post("/api/v1/connectors/shopify/sync", connected.tenant().token(), null);
        assertThat(sync.status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                api.get("/api/v1/connectors/shopify/status", connected.tenant().token()).json().path("sync").path("state")
                        .asText().equals("COMPLETED"));
        EventProcessors.awaitCaughtUp(api, "catalog", "shopify-channel");
        return connected;
    }

    @Test
    void aProductUpdateChangesTheProducts() {
        ConnectedShop connected = syncedShop(3, 2);
        FakeShop shop = connected.shop();
        FakeProduct product = activeProduct(shop);
        FakeVariant variant = shop.variantsOf(product.gid()).get(0);
        shop.updateProduct(product.gid(), p -> p.withTitle("Renamed in Shopify").withTags(List.of("new", "tags")));
        shop.setPriceBehindBack(variant.gid(), "42.50");

        Answer answer = send(shop.webhooks().deliveryFor("products/update", product.gid()));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().path("outcome").asText()).isEqualTo("processed");
        EventProcessors.awaitCaughtUp(api, "catalog");
        Map<String, Object> row = product(connected, variant.sku());
        assertThat(row).containsEntry("title", "Renamed in Shopify").containsEntry("tags", "new,tags")
                .containsEntry("price", "42.50").containsEntry("source", "shopify");
        assertThat(row.get("cost")).as("the cost a webhook does not carry is kept")
                .isEqualTo(variant.unitCost() == null ? null : ShopifySyncTest.money(variant.unitCost()));
    }

    @Test
    void controlCharactersInAWebhookAreDroppedFromTheProduct() {
        ConnectedShop connected = syncedShop(2, 1);
        FakeShop shop = connected.shop();
        FakeProduct product = activeProduct(shop);
        FakeVariant variant = shop.variantsOf(product.gid()).get(0);
        shop.updateProduct(product.gid(), p -> p.withTitle("Renamed\u0000 in Shopify").withTags(List.of("n\u0000ew")));

        Answer answer = send(shop.webhooks().deliveryFor("products/update", product.gid()));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        EventProcessors.awaitCaughtUp(api, "catalog", "shopify-channel");
        assertThat(product(connected, variant.sku())).containsEntry("title", "Renamed in Shopify")
                .containsEntry("tags", "new");
    }

    @Test
    void theShopsOwnDeliveriesKeepTheCatalogInStep() {
        ConnectedShop connected = syncedShop(3, 2, true);
        FakeShop shop = connected.shop();
        FakeVariant variant = shop.variantsOf(activeProduct(shop).gid()).get(1);

        shop.setPriceBehindBack(variant.gid(), "55.55");
        ShopifyFake.server().awaitWebhookDeliveries();

        assertThat(shop.webhookAttempts()).last().satisfies(attempt -> assertThat(attempt.status()).isEqualTo(200));
        EventProcessors.awaitCaughtUp(api, "catalog");
        assertThat(product(connected, variant.sku())).containsEntry("price", "55.55");
    }

    @Test
    void aBadSignatureIs401AndChangesNothing() {
        ConnectedShop connected = syncedShop(2, 1);
        FakeShop shop = connected.shop();
        FakeVariant variant = shop.variants().get(0);
        String before = (String) product(connected, variant.sku()).get("price");
        shop.setPriceBehindBack(variant.gid(), "1.00");
        WebhookDelivery delivery = shop.webhooks().deliveryFor("products/update", variant.productGid());

        Answer wrongSecret = send(delivery.signedWith("not-the-app-secret"));
        Answer tampered = send(delivery.withBody(delivery.body().replace("\"1.00\"", "\"0.01\"")));
        Answer unsigned = send(delivery.withHmac(""));

        for (Answer answer : List.of(wrongSecret, tampered, unsigned)) {
            assertThat(answer.status()).isEqualTo(401);
            assertThat(answer.json().path("type").asText()).isEqualTo("https://calibrate.dev/problems/unauthorized");
        }
        EventProcessors.awaitCaughtUp(api, "catalog");
        assertThat(product(connected, variant.sku()).get("price")).isEqualTo(before);
        assertThat(receipts(delivery.webhookId())).isZero();
    }

    @Test
    void anUnknownShopIs401LikeABadSignature() {
        ConnectedShop connected = syncedShop(1, 1);
        WebhookDelivery delivery = connected.shop().webhooks().deliveryFor("products/update",
                connected.shop().products().get(0).gid());
        WebhookDelivery elsewhere = new WebhookDelivery(delivery.topic(), "not-connected.myshopify.com",
                delivery.apiVersion(), delivery.webhookId(), delivery.eventId(), delivery.triggeredAt(),
                delivery.hmacSha256(), delivery.body());

        Answer answer = send(elsewhere);

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.json().path("detail").asText()).isEqualTo("the webhook's signature does not verify");
    }

    @Test
    void aRepeatedDeliveryIsTakenInOnce() {
        ConnectedShop connected = syncedShop(2, 2);
        FakeShop shop = connected.shop();
        FakeVariant variant = shop.variants().get(0);
        shop.setPriceBehindBack(variant.gid(), "33.30");
        WebhookDelivery delivery = shop.webhooks().deliveryFor("products/update", variant.productGid());

        assertThat(send(delivery).json().path("outcome").asText()).isEqualTo("processed");
        EventProcessors.awaitCaughtUp(api, "catalog");
        long events = productEvents(connected);
        Answer repeat = send(delivery);

        assertThat(repeat.status()).isEqualTo(200);
        assertThat(repeat.json().path("outcome").asText()).isEqualTo("duplicate");
        assertThat(productEvents(connected)).isEqualTo(events);
        assertThat(receipts(delivery.webhookId())).isEqualTo(1);
        assertThat(meters.find("calibrate.shopify.webhooks").tag("topic", "products/update").tag("outcome", "duplicate")
                .counter()).isNotNull().satisfies(counter -> assertThat(counter.count()).isPositive());
    }

    @Test
    void anOlderPayloadThanTheLastOneTakenInIsStale() {
        ConnectedShop connected = syncedShop(2, 1);
        FakeShop shop = connected.shop();
        FakeVariant variant = shop.variants().get(0);
        shop.setPriceBehindBack(variant.gid(), "10.00");
        WebhookDelivery older = shop.webhooks().deliveryFor("products/update", variant.productGid());
        awaitNextSecond();
        shop.setPriceBehindBack(variant.gid(), "20.00");
        WebhookDelivery newer = shop.webhooks().deliveryFor("products/update", variant.productGid());

        assertThat(send(newer).json().path("outcome").asText()).isEqualTo("processed");
        Answer late = send(older);

        assertThat(late.status()).isEqualTo(200);
        assertThat(late.json().path("outcome").asText()).isEqualTo("stale");
        EventProcessors.awaitCaughtUp(api, "catalog");
        assertThat(product(connected, variant.sku()).get("price")).isEqualTo("20.00");
    }

    @Test
    void aPayloadNoNewerThanWhatTheSyncSawIsStale() {
        ConnectedShop connected = syncedShop(2, 1);
        FakeShop shop = connected.shop();

        Answer answer = send(shop.webhooks().deliveryFor("products/update", shop.products().get(0).gid()));

        assertThat(answer.json().path("outcome").asText()).isEqualTo("stale");
    }

    @Test
    void aDeletedProductsVariantsAreDeactivated() {
        ConnectedShop connected = syncedShop(3, 2);
        FakeShop shop = connected.shop();
        FakeProduct product = activeProduct(shop);
        List<FakeVariant> variants = shop.variantsOf(product.gid());
        shop.deleteProduct(product.gid());

        Answer answer = send(shop.webhooks().deliveryFor("products/delete", product.gid()));

        assertThat(answer.json().path("outcome").asText()).isEqualTo("processed");
        EventProcessors.awaitCaughtUp(api, "catalog");
        variants.forEach(v -> assertThat(product(connected, v.sku()).get("active")).isEqualTo(false));
    }

    @Test
    void aCreatedProductIsAddedAndAVariantLeftOutOfAnUpdateIsDeactivated() throws IOException {
        ConnectedShop connected = syncedShop(1, 1);
        FakeShop shop = connected.shop();
        FakeProduct created = shop.addProduct("Fresh from Shopify", "5.00", "6.00", "7.00");
        List<FakeVariant> variants = shop.variantsOf(created.gid());

        assertThat(send(shop.webhooks().deliveryFor("products/create", created.gid())).json().path("outcome").asText())
                .isEqualTo("processed");
        EventProcessors.awaitCaughtUp(api, "catalog", "shopify-channel");
        variants.forEach(v -> assertThat(product(connected, v.sku())).containsEntry("active", true)
                .containsEntry("title", "Fresh from Shopify"));

        ObjectNode body = (ObjectNode) mapper.readTree(shop.webhooks().deliveryFor("products/update", created.gid()).body());
        ((ArrayNode) body.get("variants")).remove(2);
        body.put("updated_at", Instant.now().plus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString());
        Answer update = send(shop.webhooks().deliveryWithBody("products/update", body.toString()));

        assertThat(update.json().path("outcome").asText()).isEqualTo("processed");
        EventProcessors.awaitCaughtUp(api, "catalog");
        assertThat(product(connected, variants.get(0).sku())).containsEntry("active", true);
        assertThat(product(connected, variants.get(2).sku())).containsEntry("active", false);
    }

    @Test
    void aProductWithManyVariantsIsQueuedAndTakenInAfterTheAnswer() {
        ConnectedShop connected = syncedShop(1, 1);
        FakeShop shop = connected.shop();
        String[] prices = new String[260];
        java.util.Arrays.fill(prices, "3.00");
        FakeProduct big = shop.addProduct("Many variants", prices);

        Answer answer = send(shop.webhooks().deliveryFor("products/create", big.gid()));

        assertThat(answer.json().path("outcome").asText()).isEqualTo("queued");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> countProducts(connected) == 261);
    }

    @Test
    void uninstallingTheAppDisconnectsTheShop() {
        ConnectedShop connected = syncedShop(1, 1);

        Answer answer = send(connected.shop().webhooks().deliveryFor("app/uninstalled", null));

        assertThat(answer.json().path("outcome").asText()).isEqualTo("processed");
        assertProblem(api.get("/api/v1/connectors/shopify/status", connected.tenant().token()), 404, "not-found");
        try (Sql sql = Sql.connect(env)) {
            assertThat(sql.count("SELECT count(*) FROM shopify_connection WHERE tenant_id = ?",
                    UUID.fromString(connected.tenant().tenantId()))).isZero();
        }
        assertThat(send(connected.shop().webhooks().deliveryFor("app/uninstalled", null)).status())
                .as("the shop is unknown now").isEqualTo(401);
    }

    @Test
    void anotherTopicIsIgnoredAndAMalformedBodyIs400() {
        ConnectedShop connected = syncedShop(1, 1);

        Answer other = send(connected.shop().webhooks().deliveryWithBody("orders/create", "{\"id\": 1}"));
        Answer malformed = send(connected.shop().webhooks().deliveryWithBody("products/update", "{\"id\": 1,"));
        Answer noProduct = send(connected.shop().webhooks().deliveryWithBody("products/update", "{\"title\": \"x\"}"));

        assertThat(other.status()).isEqualTo(200);
        assertThat(other.json().path("outcome").asText()).isEqualTo("ignored");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().path("type").asText()).isEqualTo("https://calibrate.dev/problems/malformed-json");
        assertThat(noProduct.status()).isEqualTo(400);
    }

    @Test
    void aWebhookNeedsNoApiToken() {
        ConnectedShop connected = syncedShop(1, 1);

        Answer answer = send(connected.shop().webhooks().deliveryWithBody("shop/update", "{}"));

        assertThat(answer.status()).as("no Authorization header, and no 401 for it").isEqualTo(200);
    }

    // ---------------------------------------------------------------- helpers

    record Answer(int status, String body, com.fasterxml.jackson.databind.ObjectMapper mapper) {
        JsonNode json() {
            try {
                return mapper.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(body, e);
            }
        }
    }

    Answer send(WebhookDelivery delivery) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/shopify"))
                .timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.bodyBytes()));
        delivery.headers().forEach(request::header);
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), mapper);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static FakeProduct activeProduct(FakeShop shop) {
        return shop.products().stream().filter(p -> p.status().equals("ACTIVE")).findFirst().orElseThrow();
    }

    /** Shopify's timestamps are whole seconds: a change in the same second as the last one looks no newer. */
    static void awaitNextSecond() {
        Instant second = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        await().pollInterval(Duration.ofMillis(20)).until(() -> Instant.now().truncatedTo(ChronoUnit.SECONDS).isAfter(second));
    }

    Map<String, Object> product(ConnectedShop connected, String sku) {
        try (Sql sql = Sql.connect(env)) {
            List<Map<String, Object>> rows = sql.query("""
                    SELECT v.title, array_to_string(v.tags, ',') AS tags, v.active, v.cost_amount, p.amount, p.source
                    FROM product_view v LEFT JOIN product_price p ON p.product_id = v.product_id AND p.currency = 'USD'
                    WHERE v.tenant_id = ? AND v.sku = ?""", UUID.fromString(connected.tenant().tenantId()), sku);
            assertThat(rows).as("product %s", sku).hasSize(1);
            Map<String, Object> row = new java.util.HashMap<>(rows.get(0));
            row.put("price", ShopifySyncTest.money(row.remove("amount")));
            row.put("cost", ShopifySyncTest.money(row.remove("cost_amount")));
            return row;
        }
    }

    long countProducts(ConnectedShop connected) {
        try (Sql sql = Sql.connect(env)) {
            return sql.count("SELECT count(*) FROM product_view WHERE tenant_id = ?",
                    UUID.fromString(connected.tenant().tenantId()));
        }
    }

    long productEvents(ConnectedShop connected) {
        try (Sql sql = Sql.connect(env)) {
            return sql.count("SELECT count(*) FROM domainevententry WHERE aggregateidentifier IN"
                    + " (SELECT product_id::text FROM product_view WHERE tenant_id = ?)",
                    UUID.fromString(connected.tenant().tenantId()));
        }
    }

    long receipts(String webhookId) {
        try (Sql sql = Sql.connect(env)) {
            return sql.count("SELECT count(*) FROM shopify_webhook_receipt WHERE webhook_id = ?", webhookId);
        }
    }

}
