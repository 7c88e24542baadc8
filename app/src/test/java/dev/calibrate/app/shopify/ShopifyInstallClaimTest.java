package dev.calibrate.app.shopify;

import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.ShopifyFake;
import dev.calibrate.app.support.Sql;
import dev.calibrate.connectors.shopify.fake.FakeShop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.support.ProblemAssertions.assertInvalidField;
import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An install no tenant asked for (Shopify's install request, or an App Store install with no state of
 * Calibrate's) never creates or links a tenant: its tokens wait, sealed, until a tenant administrator
 * claims the shop with the one-time code the install page showed.
 */
class ShopifyInstallClaimTest extends IntegrationTest {

    private static final String CLAIMS = "/api/v1/connectors/shopify/claims";

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
    void anInstallFromShopifyIsHeldForAClaimAndLinksNoTenant() throws Exception {
        long tenantsBefore = sql.count("SELECT count(*) FROM tenant_view");

        Api.Response page = flow.consentAndCallback(flow.install(shop));

        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.json().path("status").asText()).isEqualTo("AWAITING_CLAIM");
        assertThat(page.json().path("shop").asText()).isEqualTo(shop.domain());
        assertThat(page.json().path("claimCode").asText()).matches("[A-Z2-9]{4}(-[A-Z2-9]{4}){4}");
        assertThat(page.json().has("tenantId")).isFalse();
        assertThat(sql.query("SELECT 1 FROM shopify_connection WHERE shop = ?", shop.domain())).isEmpty();
        assertThat(sql.count("SELECT count(*) FROM tenant_view")).as("no tenant was created").isEqualTo(tenantsBefore);
        assertThat(shop.webhookSubscriptions()).as("nothing subscribed before a tenant has the shop").isEmpty();
        Map<String, Object> held = sql.query("SELECT encode(access_token, 'escape') AS token,"
                + " encode(claim_code_hash, 'escape') AS hash FROM shopify_pending_install WHERE shop = ?", shop.domain()).get(0);
        assertThat(held.get("token").toString()).as("the token is sealed").doesNotContain("shpat_");
        assertThat(held.get("hash").toString()).doesNotContain(page.json().path("claimCode").asText().replace("-", ""));
    }

    @Test
    void anAppStoreInstallWithoutStateIsHeldToo() throws Exception {
        Api.Response page = flow.consentAndCallback(flow.appStoreConsent(shop));

        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.json().path("status").asText()).isEqualTo("AWAITING_CLAIM");
        assertThat(sql.query("SELECT 1 FROM shopify_connection WHERE shop = ?", shop.domain())).isEmpty();
    }

    @Test
    void theClaimCodeLinksTheShopToTheClaimingTenantOnce() throws Exception {
        String code = heldInstall();
        Api.TenantToken tenant = api.newTenant("Claimer " + UUID.randomUUID());

        Api.Response claim = api.post(CLAIMS, tenant.token(), Map.of("claimCode", code));

        assertThat(claim.status()).as(claim.body()).isEqualTo(201);
        assertThat(claim.json().path("shop").asText()).isEqualTo(shop.domain());
        assertThat(claim.json().path("kind").asText()).isEqualTo("OAUTH");
        assertThat(sql.single("SELECT tenant_id::text FROM shopify_connection WHERE shop = ?", shop.domain()))
                .isEqualTo(tenant.tenantId());
        assertThat(shop.webhookSubscriptions()).hasSize(4);
        assertThat(sql.query("SELECT 1 FROM shopify_pending_install WHERE shop = ?", shop.domain())).isEmpty();
        assertThat(api.get("/api/v1/connectors/shopify/status", tenant.token()).status()).isEqualTo(200);

        Api.TenantToken other = api.newTenant("Second claimer " + UUID.randomUUID());
        assertInvalidField(api.post(CLAIMS, other.token(), Map.of("claimCode", code)), "claimCode");
        assertInvalidField(api.post(CLAIMS, tenant.token(), Map.of("claimCode", code)), "claimCode");
    }

    @Test
    void aWrongCodeClaimsNothingAndLeavesTheInstallToItsCode() throws Exception {
        String code = heldInstall();
        Api.TenantToken intruder = api.newTenant("Intruder " + UUID.randomUUID());
        String wrong = (code.startsWith("A") ? "B" : "A") + code.substring(1);

        assertInvalidField(api.post(CLAIMS, intruder.token(), Map.of("claimCode", wrong)), "claimCode");
        assertInvalidField(api.post(CLAIMS, intruder.token(), Map.of("claimCode", "not a code")), "claimCode");
        assertInvalidField(api.post(CLAIMS, intruder.token(), Map.of()), "claimCode");
        assertInvalidField(api.post(CLAIMS, intruder.token(), Map.of("claimCode", 42)), "claimCode");
        assertInvalidField(api.post(CLAIMS, intruder.token(), Map.of("claimCode", wrong, "tenantId", "x")), "tenantId");
        assertInvalidField(api.post(CLAIMS, intruder.token(), Map.of("claimCode", "A\u0000B")), "claimCode");
        assertThat(sql.query("SELECT 1 FROM shopify_connection WHERE shop = ?", shop.domain())).isEmpty();

        Api.TenantToken owner = api.newTenant("Owner " + UUID.randomUUID());
        Api.Response claim = api.post(CLAIMS, owner.token(), Map.of("claimCode", code.toLowerCase().replace("-", " ")));
        assertThat(claim.status()).as(claim.body()).isEqualTo(201);
    }

    @Test
    void anExpiredCodeClaimsNothing() throws Exception {
        String code = heldInstall();
        sql.execute("UPDATE shopify_pending_install SET claimable_until = now() - interval '1 second' WHERE shop = '"
                + shop.domain() + "'");
        Api.TenantToken tenant = api.newTenant("Late " + UUID.randomUUID());

        assertInvalidField(api.post(CLAIMS, tenant.token(), Map.of("claimCode", code)), "claimCode");
        assertThat(sql.query("SELECT 1 FROM shopify_connection WHERE shop = ?", shop.domain())).isEmpty();
    }

    @Test
    void aClaimAfterTheHeldTokenExpiredRefreshesItFirst() throws Exception {
        String code = heldInstall();
        // Shopify's expiring offline tokens live an hour; the claim comes later
        shop.expireAccessTokens();
        sql.execute("UPDATE shopify_pending_install SET access_expires_at = now() - interval '1 minute' WHERE shop = '"
                + shop.domain() + "'");
        Api.TenantToken tenant = api.newTenant("Late claimer " + UUID.randomUUID());

        Api.Response claim = api.post(CLAIMS, tenant.token(), Map.of("claimCode", code));

        assertThat(claim.status()).as(claim.body()).isEqualTo(201);
        assertThat(shop.webhookSubscriptions()).hasSize(4);
    }

    @Test
    void aClaimThatFailsAfterRefreshingKeepsTheNewTokensSoItCanBeTriedAgain() throws Exception {
        String code = heldInstall();
        Api.TenantToken squatter = api.newTenant("Squatter " + UUID.randomUUID());
        ShopifyFake.connect(api, squatter, shop);
        sql.execute("UPDATE shopify_pending_install SET access_expires_at = now() - interval '1 minute' WHERE shop = '"
                + shop.domain() + "'");
        Api.TenantToken tenant = api.newTenant("Patient claimer " + UUID.randomUUID());

        // refreshing spends the held refresh token (Shopify rotates it); connecting then fails: the shop is taken
        assertThat(api.post(CLAIMS, tenant.token(), Map.of("claimCode", code)).status()).isEqualTo(409);
        assertThat(api.delete("/api/v1/connectors/shopify", squatter.token()).status()).isEqualTo(200);

        Api.Response claim = api.post(CLAIMS, tenant.token(), Map.of("claimCode", code));
        assertThat(claim.status()).as(claim.body()).isEqualTo(201);
        assertThat(sql.single("SELECT tenant_id::text FROM shopify_connection WHERE shop = ?", shop.domain()))
                .isEqualTo(tenant.tenantId());
    }

    @Test
    void aNewerInstallOfTheShopReplacesTheOlderCode() throws Exception {
        String older = heldInstall();
        String newer = heldInstall();
        Api.TenantToken tenant = api.newTenant("Claimer " + UUID.randomUUID());

        assertInvalidField(api.post(CLAIMS, tenant.token(), Map.of("claimCode", older)), "claimCode");
        assertThat(api.post(CLAIMS, tenant.token(), Map.of("claimCode", newer)).status()).isEqualTo(201);
    }

    @Test
    void claimingNeedsTheConnectorsAdminScope() throws Exception {
        String code = heldInstall();
        Api.TenantToken tenant = api.newTenant("Reader " + UUID.randomUUID());
        Api.TenantToken reader = api.token(tenant.tenantId(), "catalog:read");

        assertProblem(api.post(CLAIMS, reader.token(), Map.of("claimCode", code)), 403, null);
        assertProblem(api.post(CLAIMS, null, Map.of("claimCode", code)), 401, null);
        assertThat(sql.query("SELECT 1 FROM shopify_pending_install WHERE shop = ?", shop.domain())).hasSize(1);
    }

    private String heldInstall() throws Exception {
        Api.Response page = flow.consentAndCallback(flow.install(shop));
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        return page.json().path("claimCode").asText();
    }
}
