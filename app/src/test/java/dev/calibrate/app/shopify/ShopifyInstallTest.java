package dev.calibrate.app.shopify;

import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.ShopifyFake;
import dev.calibrate.app.support.Sql;
import dev.calibrate.connectors.shopify.fake.FakeShop;
import dev.calibrate.connectors.shopify.fake.FakeShopify;
import dev.calibrate.connectors.shopify.fake.ShopifySignatures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.web.util.UriComponentsBuilder;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static dev.calibrate.app.support.ProblemAssertions.assertInvalidField;
import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public app's install: Shopify's signed install request, the merchant's consent at the (fake)
 * shop, and the signed callback whose code Calibrate exchanges for an expiring offline token.
 */
class ShopifyInstallTest extends IntegrationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    Environment env;

    private Sql sql;
    private FakeShop shop;

    @BeforeEach
    void setUp() {
        sql = Sql.connect(env);
        shop = ShopifyFake.newShop("CAD");
    }

    @AfterEach
    void close() {
        sql.close();
    }

    @Test
    void anInstallFromShopifyEndsWithTheShopConnectedToANewTenant() throws Exception {
        HttpResponse<String> callback = consentAndCallback(install(signed(Map.of("shop", shop.domain()))));

        assertThat(callback.statusCode()).as(callback.body()).isEqualTo(200);
        var body = mapper.readTree(callback.body());
        assertThat(body.get("newTenant").asBoolean()).isTrue();
        assertThat(body.get("shop").asText()).isEqualTo(shop.domain());
        Map<String, Object> row = sql.query("SELECT tenant_id::text AS tenant, kind, currency, refresh_token IS NOT NULL AS refreshable,"
                + " access_expires_at > now() + interval '50 minutes' AS expires_in_an_hour FROM shopify_connection WHERE shop = ?",
                shop.domain()).get(0);
        assertThat(row).containsEntry("tenant", body.get("tenantId").asText()).containsEntry("kind", "OAUTH")
                .containsEntry("currency", "CAD").containsEntry("refreshable", true).containsEntry("expires_in_an_hour", true);
        assertThat(shop.webhookSubscriptions()).hasSize(4);
    }

    @Test
    void anInstallLinkConnectsTheTenantThatAskedForIt() throws Exception {
        Api.TenantToken tenant = api.newTenant("Installer " + UUID.randomUUID());
        Api.Response link = api.get("/api/v1/connectors/shopify/install-link?shop=" + shop.domain(), tenant.token());
        assertThat(link.status()).as(link.body()).isEqualTo(200);

        HttpResponse<String> callback = consentAndCallback(URI.create(link.json().get("url").asText()));

        assertThat(callback.statusCode()).as(callback.body()).isEqualTo(200);
        assertThat(mapper.readTree(callback.body()).get("tenantId").asText()).isEqualTo(tenant.tenantId());
        assertThat(mapper.readTree(callback.body()).get("newTenant").asBoolean()).isFalse();
    }

    @Test
    void aCallbackWorksOnceOnly() throws Exception {
        URI callback = consent(install(signed(Map.of("shop", shop.domain()))));
        assertThat(get(callback).statusCode()).isEqualTo(200);

        HttpResponse<String> replay = get(callback);

        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(replay.body()).contains("already used");
    }

    @Test
    void aCallbackWithATamperedParameterIsRefused() throws Exception {
        URI callback = consent(install(signed(Map.of("shop", shop.domain()))));
        Map<String, String> query = query(callback);
        query.put("code", "0000" + query.get("code").substring(4));

        HttpResponse<String> tampered = get(URI.create("http://127.0.0.1:" + port + "/connectors/shopify/callback?" + encode(query)));

        assertThat(tampered.statusCode()).isEqualTo(401);
        assertThat(tampered.body()).contains("hmac does not verify");
        assertThat(sql.query("SELECT 1 FROM shopify_connection WHERE shop = ?", shop.domain())).isEmpty();
    }

    @Test
    void aStateIssuedForAnotherShopIsRefused() throws Exception {
        FakeShop other = ShopifyFake.newShop("CAD");
        URI callback = consent(install(signed(Map.of("shop", shop.domain()))));
        Map<String, String> query = query(callback);
        query.put("shop", other.domain());
        query.put("code", other.issueOAuthCode(FakeShopify.DEFAULT_CLIENT_ID));
        query.remove("hmac");
        query.put("hmac", ShopifySignatures.queryHmac(FakeShopify.DEFAULT_CLIENT_SECRET, query));

        HttpResponse<String> answer = get(URI.create("http://127.0.0.1:" + port + "/connectors/shopify/callback?" + encode(query)));

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.body()).contains("another shop");
    }

    @Test
    void installRequestsMustBeSignedRecentAndForAShopifyDomain() throws Exception {
        Map<String, String> forged = new LinkedHashMap<>(signed(Map.of("shop", shop.domain())));
        forged.put("hmac", "00" + forged.get("hmac").substring(2));
        assertProblem(response(get(installUri(forged))), 401, null);

        Map<String, String> old = new LinkedHashMap<>(Map.of("shop", shop.domain(),
                "timestamp", Long.toString(Instant.now().minusSeconds(7200).getEpochSecond())));
        old.put("hmac", ShopifySignatures.queryHmac(FakeShopify.DEFAULT_CLIENT_SECRET, old));
        assertThat(get(installUri(old)).body()).contains("timestamp");

        assertInvalidField(response(get(installUri(signed(Map.of("shop", "attacker.example.com"))))), "shop");
    }

    @Test
    void anExpiringTokenIsRefreshedBeforeItIsUsed() throws Exception {
        assertThat(consentAndCallback(install(signed(Map.of("shop", shop.domain())))).statusCode()).isEqualTo(200);
        String tenantId = sql.single("SELECT tenant_id::text FROM shopify_connection WHERE shop = ?", shop.domain()).toString();
        // the token Shopify issued is dead, and Calibrate knows it is about to expire
        shop.expireAccessTokens();
        sql.execute("UPDATE shopify_connection SET access_expires_at = now() + interval '1 minute' WHERE shop = '" + shop.domain() + "'");
        Api.TenantToken admin = api.token(tenantId, "connectors:admin");

        Api.Response disconnect = api.delete("/api/v1/connectors/shopify", admin.token());

        // removing the webhooks needed a live token: the refreshed one
        assertThat(disconnect.status()).as(disconnect.body()).isEqualTo(200);
        assertThat(disconnect.json().get("warnings")).isEmpty();
        assertThat(shop.webhookSubscriptions()).isEmpty();
    }

    private Map<String, String> signed(Map<String, String> parameters) {
        Map<String, String> query = new LinkedHashMap<>(parameters);
        query.put("timestamp", Long.toString(Instant.now().getEpochSecond()));
        query.put("hmac", ShopifySignatures.queryHmac(FakeShopify.DEFAULT_CLIENT_SECRET, query));
        return query;
    }

    private URI installUri(Map<String, String> query) {
        return URI.create("http://127.0.0.1:" + port + "/connectors/shopify/install?" + encode(query));
    }

    /** Calibrate's answer to the install request: where it sends the merchant (the shop's consent screen). */
    private URI install(Map<String, String> query) throws Exception {
        HttpResponse<String> redirect = get(installUri(query));
        assertThat(redirect.statusCode()).as(redirect.body()).isEqualTo(302);
        URI authorize = URI.create(redirect.headers().firstValue("Location").orElseThrow());
        Map<String, String> parameters = query(authorize);
        assertThat(parameters).containsEntry("client_id", FakeShopify.DEFAULT_CLIENT_ID)
                .containsEntry("redirect_uri", "http://127.0.0.1:" + port + "/connectors/shopify/callback")
                .containsKey("state");
        return authorize;
    }

    /** The merchant approves at the shop, which redirects back to Calibrate's callback. */
    private URI consent(URI authorize) throws Exception {
        HttpResponse<String> approved = get(authorize);
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(302);
        return URI.create(approved.headers().firstValue("Location").orElseThrow());
    }

    private HttpResponse<String> consentAndCallback(URI authorize) throws Exception {
        return get(consent(authorize));
    }

    private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private Api.Response response(HttpResponse<String> http) {
        return new Api.Response(http.statusCode(), http.headers().map(), http.body(), mapper);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> query = new LinkedHashMap<>();
        UriComponentsBuilder.fromUri(uri).build().getQueryParams().forEach((k, v) ->
                query.put(k, java.net.URLDecoder.decode(v.get(0), StandardCharsets.UTF_8)));
        return query;
    }

    private static String encode(Map<String, String> query) {
        return query.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
