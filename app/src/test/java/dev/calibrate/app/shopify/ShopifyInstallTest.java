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

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.support.ProblemAssertions.assertInvalidField;
import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public app's install: Shopify's signed install request, the merchant's consent at the (fake)
 * shop, and the signed callback whose code Calibrate exchanges for an expiring offline token, only
 * for the shop the install was started for. Installs no tenant asked for: {@link ShopifyInstallClaimTest}.
 */
class ShopifyInstallTest extends IntegrationTest {

    @Autowired
    Environment env;

    private Sql sql;
    private FakeShop shop;
    private InstallFlow flow;

    @BeforeEach
    void setUp() {
        sql = Sql.connect(env);
        shop = ShopifyFake.newShop("CAD");
        flow = new InstallFlow(port, mapper);
    }

    @AfterEach
    void close() {
        sql.close();
    }

    @Test
    void anInstallLinkConnectsTheTenantThatAskedForIt() throws Exception {
        Api.TenantToken tenant = api.newTenant("Installer " + UUID.randomUUID());

        Api.Response callback = flow.consentAndCallback(installLink(tenant, shop));

        assertThat(callback.status()).as(callback.body()).isEqualTo(200);
        assertThat(callback.json().path("status").asText()).isEqualTo("CONNECTED");
        assertThat(callback.json().path("tenantId").asText()).isEqualTo(tenant.tenantId());
        assertThat(callback.json().has("claimCode")).isFalse();
        Map<String, Object> row = sql.query("SELECT tenant_id::text AS tenant, kind, currency, refresh_token IS NOT NULL AS refreshable,"
                + " access_expires_at > now() + interval '50 minutes' AS expires_in_an_hour FROM shopify_connection WHERE shop = ?",
                shop.domain()).get(0);
        assertThat(row).containsEntry("tenant", tenant.tenantId()).containsEntry("kind", "OAUTH")
                .containsEntry("currency", "CAD").containsEntry("refreshable", true).containsEntry("expires_in_an_hour", true);
        assertThat(shop.webhookSubscriptions()).hasSize(4);
    }

    @Test
    void aCallbackForAnotherShopIsRefusedBeforeItsCodeIsExchangedAndLeavesTheStateToTheRightShop() throws Exception {
        Api.TenantToken tenant = api.newTenant("Installer " + UUID.randomUUID());
        FakeShop attackers = ShopifyFake.newShop("CAD");
        URI callback = flow.consent(installLink(tenant, shop));
        Map<String, String> query = InstallFlow.query(callback);
        query.put("shop", attackers.domain());
        query.put("code", attackers.issueOAuthCode(FakeShopify.DEFAULT_CLIENT_ID));

        Api.Response wrongShop = flow.callback(flow.callbackUri(flow.resigned(query)));

        assertProblem(wrongShop, 401, null);
        assertThat(wrongShop.json().path("detail").asText()).contains("another shop");
        assertThat(attackers.oauthCodeExchanges()).as("the attacker's code was never exchanged").isZero();
        assertThat(sql.query("SELECT 1 FROM shopify_connection WHERE shop IN (?, ?)", shop.domain(), attackers.domain()))
                .isEmpty();

        Api.Response rightShop = flow.callback(callback);

        assertThat(rightShop.status()).as("the state still works for its own shop: " + rightShop.body()).isEqualTo(200);
        assertThat(rightShop.json().path("tenantId").asText()).isEqualTo(tenant.tenantId());
    }

    @Test
    void aCallbackWorksOnceOnly() throws Exception {
        Api.TenantToken tenant = api.newTenant("Installer " + UUID.randomUUID());
        URI callback = flow.consent(installLink(tenant, shop));
        assertThat(flow.callback(callback).status()).isEqualTo(200);

        Api.Response replay = flow.callback(callback);

        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.body()).contains("already used");
    }

    @Test
    void aCallbackWithATamperedParameterIsRefused() throws Exception {
        URI callback = flow.consent(flow.install(shop));
        Map<String, String> query = InstallFlow.query(callback);
        query.put("code", "0000" + query.get("code").substring(4));

        Api.Response tampered = flow.callback(flow.callbackUri(query));

        assertThat(tampered.status()).isEqualTo(401);
        assertThat(tampered.body()).contains("hmac does not verify");
        assertThat(sql.query("SELECT 1 FROM shopify_connection WHERE shop = ?", shop.domain())).isEmpty();
        assertThat(sql.query("SELECT 1 FROM shopify_pending_install WHERE shop = ?", shop.domain())).isEmpty();
    }

    @Test
    void installRequestsMustBeSignedRecentAndForAShopifyDomain() throws Exception {
        Map<String, String> forged = new LinkedHashMap<>(flow.signed(Map.of("shop", shop.domain())));
        // two hex digits changed: "00" would leave one hmac in 256 as it was
        String hmac = forged.get("hmac");
        forged.put("hmac", (hmac.startsWith("00") ? "ff" : "00") + hmac.substring(2));
        assertProblem(flow.response(InstallFlow.get(flow.installUri(forged))), 401, null);

        Map<String, String> old = new LinkedHashMap<>(Map.of("shop", shop.domain(),
                "timestamp", Long.toString(Instant.now().minusSeconds(7200).getEpochSecond())));
        old.put("hmac", ShopifySignatures.queryHmac(FakeShopify.DEFAULT_CLIENT_SECRET, old));
        assertThat(InstallFlow.get(flow.installUri(old)).body()).contains("timestamp");

        assertInvalidField(flow.response(InstallFlow.get(flow.installUri(flow.signed(Map.of("shop", "attacker.example.com"))))),
                "shop");
    }

    @Test
    void anExpiringTokenIsRefreshedBeforeItIsUsed() throws Exception {
        Api.TenantToken tenant = api.newTenant("Installer " + UUID.randomUUID());
        assertThat(flow.consentAndCallback(installLink(tenant, shop)).status()).isEqualTo(200);
        // the token Shopify issued is dead, and Calibrate knows it is about to expire
        shop.expireAccessTokens();
        sql.execute("UPDATE shopify_connection SET access_expires_at = now() + interval '1 minute' WHERE shop = '" + shop.domain() + "'");
        Api.TenantToken admin = api.token(tenant.tenantId(), "connectors:admin");

        Api.Response disconnect = api.delete("/api/v1/connectors/shopify", admin.token());

        // removing the webhooks needed a live token: the refreshed one
        assertThat(disconnect.status()).as(disconnect.body()).isEqualTo(200);
        assertThat(disconnect.json().get("warnings")).isEmpty();
        assertThat(shop.webhookSubscriptions()).isEmpty();
    }

    private URI installLink(Api.TenantToken tenant, FakeShop target) {
        Api.Response link = api.get("/api/v1/connectors/shopify/install-link?shop=" + target.domain(), tenant.token());
        assertThat(link.status()).as(link.body()).isEqualTo(200);
        return URI.create(link.json().get("url").asText());
    }
}
