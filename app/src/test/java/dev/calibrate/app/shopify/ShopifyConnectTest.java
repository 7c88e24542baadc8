package dev.calibrate.app.shopify;

import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.ShopifyFake;
import dev.calibrate.app.support.Sql;
import dev.calibrate.connectors.shopify.fake.FakeShop;
import dev.calibrate.connectors.shopify.fake.FakeShopify;
import dev.calibrate.connectors.shopify.fake.FakeWebhookSubscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.support.ProblemAssertions.assertInvalidField;
import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Connecting a custom app's shop: the token is checked at Shopify, secrets are sealed, webhooks subscribed. */
class ShopifyConnectTest extends IntegrationTest {

    @Autowired
    Environment env;

    private Sql sql;
    private FakeShop shop;
    private Api.TenantToken tenant;

    @BeforeEach
    void setUp() {
        sql = Sql.connect(env);
        shop = ShopifyFake.newShop("EUR");
        tenant = api.newTenant("Connector " + UUID.randomUUID());
    }

    @AfterEach
    void close() {
        sql.close();
    }

    @Test
    void connectingAnswersTheShopAndNeverTheSecrets() {
        Api.Response response = ShopifyFake.connect(api, tenant, shop);

        assertThat(response.json().get("shop").asText()).isEqualTo(shop.domain());
        assertThat(response.json().get("currency").asText()).isEqualTo("EUR");
        assertThat(response.json().get("status").asText()).isEqualTo("ACTIVE");
        assertThat(response.body()).doesNotContain(shop.accessToken()).doesNotContain(FakeShopify.DEFAULT_CLIENT_SECRET);
        assertThat(response.header("Location")).isEqualTo("/api/v1/connectors/shopify/status");
    }

    @Test
    void theSecretsAreStoredSealedAndStayOutOfTheEventStore() {
        ShopifyFake.connect(api, tenant, shop);

        Map<String, Object> row = sql.query("SELECT access_token, api_secret FROM shopify_connection WHERE shop = ?",
                shop.domain()).get(0);
        assertThat(new String((byte[]) row.get("access_token"), StandardCharsets.ISO_8859_1)).doesNotContain(shop.accessToken());
        assertThat(new String((byte[]) row.get("api_secret"), StandardCharsets.ISO_8859_1))
                .doesNotContain(FakeShopify.DEFAULT_CLIENT_SECRET);
        Object events = sql.single("SELECT count(*) FROM domainevententry WHERE convert_from(payload, 'UTF8') LIKE ?"
                + " OR convert_from(payload, 'UTF8') LIKE ?", "%" + shop.accessToken() + "%",
                "%" + FakeShopify.DEFAULT_CLIENT_SECRET + "%");
        assertThat(((Number) events).longValue()).isZero();
        Object connected = sql.single("SELECT count(*) FROM domainevententry WHERE payloadtype LIKE '%ChannelConnected'"
                + " AND convert_from(payload, 'UTF8') LIKE ?", "%" + shop.domain() + "%");
        assertThat(((Number) connected).longValue()).isEqualTo(1);
    }

    @Test
    void connectingSubscribesTheProductAndUninstallWebhooksToCalibrate() {
        ShopifyFake.connect(api, tenant, shop);

        assertThat(shop.webhookSubscriptions()).extracting(FakeWebhookSubscription::topic)
                .containsExactlyInAnyOrder("PRODUCTS_CREATE", "PRODUCTS_UPDATE", "PRODUCTS_DELETE", "APP_UNINSTALLED");
        assertThat(shop.webhookSubscriptions()).extracting(FakeWebhookSubscription::uri)
                .containsOnly("http://127.0.0.1:" + port + "/webhooks/shopify");
    }

    @Test
    void aTokenShopifyRefusesIsABadAccessToken() {
        Api.Response response = api.post("/api/v1/connectors/shopify", tenant.token(), Map.of("shop", shop.domain(),
                "accessToken", "shpat_wrong", "apiSecret", "secret"));

        assertInvalidField(response, "accessToken");
        assertThat(response.body()).doesNotContain("shpat_wrong");
        assertThat(sql.query("SELECT 1 FROM shopify_connection WHERE shop = ?", shop.domain())).isEmpty();
    }

    @Test
    void aShopThatDoesNotExistIsABadShop() {
        Api.Response response = api.post("/api/v1/connectors/shopify", tenant.token(), Map.of(
                "shop", "nobody-here.myshopify.com", "accessToken", "shpat_x", "apiSecret", "secret"));

        assertInvalidField(response, "shop");
    }

    @Test
    void badBodiesAreRefusedBeforeCallingShopify() {
        int before = shop.requestCount();

        assertInvalidField(api.post("/api/v1/connectors/shopify", tenant.token(), Map.of("shop", "evil.example.com",
                "accessToken", "a", "apiSecret", "b")), "shop");
        assertInvalidField(api.post("/api/v1/connectors/shopify", tenant.token(), Map.of("shop", shop.domain(),
                "apiSecret", "b")), "accessToken");
        assertInvalidField(api.post("/api/v1/connectors/shopify", tenant.token(), Map.of("shop", shop.domain(),
                "accessToken", "a", "apiSecret", "b", "extra", 1)), "extra");
        assertThat(shop.requestCount()).isEqualTo(before);
    }

    @Test
    void shopifyDownIsABadGatewayAndStoresNothing() {
        shop.failNext(50, 503);

        Api.Response response = api.post("/api/v1/connectors/shopify", tenant.token(), Map.of("shop", shop.domain(),
                "accessToken", shop.accessToken(), "apiSecret", "secret"));

        assertProblem(response, 502, null);
        assertThat(sql.query("SELECT 1 FROM shopify_connection WHERE shop = ?", shop.domain())).isEmpty();
        shop.failNext(0, 503);
    }

    @Test
    void aShopBelongsToOneTenant() {
        ShopifyFake.connect(api, tenant, shop);
        Api.TenantToken other = api.newTenant("Other " + UUID.randomUUID());

        Api.Response response = api.post("/api/v1/connectors/shopify", other.token(), Map.of("shop", shop.domain(),
                "accessToken", shop.accessToken(), "apiSecret", "secret"));

        assertProblem(response, 409, null);
        assertThat(response.json().get("detail").asText()).contains("another Calibrate tenant");
    }

    @Test
    void connectingNeedsTheConnectorsAdminScope() {
        Api.TenantToken reader = api.token(tenant.tenantId(), "catalog:read", "catalog:write");

        assertProblem(api.post("/api/v1/connectors/shopify", reader.token(), Map.of("shop", shop.domain(),
                "accessToken", shop.accessToken(), "apiSecret", "secret")), 403, null);
        assertProblem(api.delete("/api/v1/connectors/shopify", reader.token()), 403, null);
    }

    @Test
    void disconnectingRemovesTheWebhooksAndTheSecrets() {
        ShopifyFake.connect(api, tenant, shop);

        Api.Response response = api.delete("/api/v1/connectors/shopify", tenant.token());

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(shop.webhookSubscriptions()).isEmpty();
        assertThat(sql.query("SELECT 1 FROM shopify_connection WHERE shop = ?", shop.domain())).isEmpty();
        Object disconnected = sql.single("SELECT count(*) FROM domainevententry WHERE payloadtype LIKE '%ChannelDisconnected'"
                + " AND convert_from(payload, 'UTF8') LIKE ?", "%" + shop.domain() + "%");
        assertThat(((Number) disconnected).longValue()).isEqualTo(1);
        assertProblem(api.delete("/api/v1/connectors/shopify", tenant.token()), 404, null);
    }
}
