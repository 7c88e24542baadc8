package dev.calibrate.app.shopify;

import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.ConsoleClient;
import dev.calibrate.app.support.ConsoleClient.Page;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.ShopifyFake;
import dev.calibrate.connectors.shopify.fake.FakeShop;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's Shopify connection beyond connecting: claiming an install no tenant asked for with its
 * claim code, and disconnecting the shop after a confirmation page, both only for connectors:admin and
 * only with the session's CSRF token, through the services the API's claim and DELETE call.
 */
class ShopifyConsoleConnectionTest extends IntegrationTest {

    private static final String CONNECTORS = "/console/connectors";

    @Test
    void anAdminClaimsAHeldInstallWithItsCodeAndAWrongCodeIsShownBesideTheField() throws Exception {
        FakeShop shop = ShopifyFake.newShop("CAD");
        String code = new InstallFlow(port, mapper).consentAndCallback(new InstallFlow(port, mapper).install(shop))
                .json().path("claimCode").asText();
        Api.TenantToken owner = api.newTenant("Console claim");
        ConsoleClient browser = signedIn(owner);
        Page page = browser.get(CONNECTORS);
        assertThat(page.body()).contains("No Shopify shop is connected").contains("name=\"claimCode\"");

        Page wrong = browser.post(CONNECTORS + "/shopify/claims", Map.of("claimCode", "AAAA-BBBB-CCCC-DDDD-EEEE"));
        assertThat(wrong.status()).isEqualTo(422);
        assertThat(wrong.body()).contains("id=\"claimCode-error\"").contains("No Shopify shop is connected")
                .doesNotContain("AAAA-BBBB-CCCC-DDDD-EEEE");
        Page blank = browser.post(CONNECTORS + "/shopify/claims", Map.of("claimCode", ""));
        assertThat(blank.status()).isEqualTo(422);
        assertThat(blank.body()).contains("id=\"claimCode-error\"");

        Page claimed = browser.post(CONNECTORS + "/shopify/claims", Map.of("claimCode", code));
        assertThat(claimed.status()).as(claimed.body()).isEqualTo(302);
        assertThat(browser.get(CONNECTORS).body()).contains("Connected " + shop.domain()).contains(shop.domain())
                .contains("Sync the catalog");
        assertThat(api.get("/api/v1/connectors/shopify/status", owner.token()).json().path("connection")
                .path("shop").asText()).isEqualTo(shop.domain());
    }

    @Test
    void anAdminDisconnectsAfterConfirmingAndWithoutTheCsrfTokenNothingHappens() {
        FakeShop shop = ShopifyFake.newShop("USD");
        Api.TenantToken admin = api.newTenant("Console disconnect");
        assertThat(ShopifyFake.connect(api, admin, shop).status()).isEqualTo(201);
        ConsoleClient browser = signedIn(admin);
        assertThat(browser.get(CONNECTORS).body()).contains("href=\"/console/connectors/shopify/disconnect\"");

        Page confirm = browser.get(CONNECTORS + "/shopify/disconnect");
        assertThat(confirm.status()).isEqualTo(200);
        assertThat(confirm.body()).contains("Disconnect the Shopify shop?").contains(shop.domain())
                .contains("action=\"/console/connectors/shopify/disconnect\"").contains("Keep it connected");

        assertThat(browser.postRaw(CONNECTORS + "/shopify/disconnect", Map.of()).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/connectors/shopify/status", admin.token()).status()).isEqualTo(200);

        Page done = browser.post(CONNECTORS + "/shopify/disconnect", Map.of());
        assertThat(done.status()).isEqualTo(302);
        assertThat(done.location()).endsWith("/console/connectors");
        assertThat(browser.get(CONNECTORS).body()).contains("Disconnected the Shopify shop.")
                .contains("No Shopify shop is connected");
        assertThat(api.get("/api/v1/connectors/shopify/status", admin.token()).status()).isEqualTo(404);

        Page again = browser.get(CONNECTORS + "/shopify/disconnect");
        assertThat(again.status()).isEqualTo(302);
        assertThat(browser.get(CONNECTORS).body()).contains("Nothing to disconnect");
    }

    @Test
    void aViewerSeesNeitherDisconnectNorClaimAndForgedPostsAreRefused() {
        FakeShop shop = ShopifyFake.newShop("USD");
        Api.TenantToken admin = api.newTenant("Console disconnect viewer");
        assertThat(ShopifyFake.connect(api, admin, shop).status()).isEqualTo(201);
        Api.TenantToken writer = api.token(admin.tenantId(), "catalog:read", "catalog:write");
        ConsoleClient browser = signedIn(writer);

        Page page = browser.get(CONNECTORS);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains(shop.domain()).contains("Sync the catalog").doesNotContain("/shopify/disconnect");
        assertThat(browser.get(CONNECTORS + "/shopify/disconnect").status()).isEqualTo(403);
        assertThat(browser.post(CONNECTORS + "/shopify/disconnect", Map.of()).status()).isEqualTo(403);
        assertThat(browser.post(CONNECTORS + "/shopify/claims", Map.of("claimCode", "AAAA-BBBB-CCCC-DDDD-EEEE"))
                .status()).isEqualTo(403);
        assertThat(api.get("/api/v1/connectors/shopify/status", admin.token()).status()).isEqualTo(200);

        ConsoleClient other = signedIn(api.token(api.createTenant("No shop", "USD"), "catalog:read"));
        assertThat(other.get(CONNECTORS).body()).contains("No Shopify shop is connected")
                .doesNotContain("name=\"claimCode\"");
    }

    private ConsoleClient signedIn(Api.TenantToken token) {
        ConsoleClient browser = new ConsoleClient(port);
        Page page = browser.signInWithToken(token.token());
        assertThat(page.status()).as(page.body()).isEqualTo(302);
        return browser;
    }
}
