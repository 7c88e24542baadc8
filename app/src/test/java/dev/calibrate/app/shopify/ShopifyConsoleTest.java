package dev.calibrate.app.shopify;

import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.ConsoleClient;
import dev.calibrate.app.support.ConsoleClient.Page;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.ShopifyFake;
import dev.calibrate.connectors.shopify.fake.FakeShop;
import dev.calibrate.connectors.shopify.fake.FakeShopify;
import dev.calibrate.connectors.shopify.fake.FakeVariant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console's Shopify screens (console/connector) against the fake Shopify: connecting through the
 * custom-app form (its secrets never shown), a sync with its polled progress, and the failed deliveries
 * with their retry.
 */
class ShopifyConsoleTest extends IntegrationTest {

    private static final String CONNECTORS = "/console/connectors";

    @AfterEach
    void everyCallWasValidShopify() {
        assertThat(ShopifyFake.server().invalidDocuments()).isEmpty();
    }

    @Test
    void aShopIsConnectedThroughTheFormAndItsCatalogSyncedWithProgress() {
        FakeShop shop = ShopifyFake.newShop("USD");
        shop.addProduct("Console tee", "20.00", "22.00");
        shop.addProduct("Console cap", "10.00");
        Api.TenantToken tenant = api.newTenant("Console " + shop.domain());
        ConsoleClient browser = new ConsoleClient(port);
        browser.signInWithToken(tenant.token());

        Page empty = browser.get(CONNECTORS);
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.body()).contains("No Shopify shop is connected").contains("name=\"accessToken\"");

        Page wrongToken = browser.post(CONNECTORS + "/shopify", connectForm(shop.domain(), "shpat_wrong"));
        assertThat(wrongToken.status()).isEqualTo(422);
        assertThat(wrongToken.body()).contains("id=\"accessToken-error\"").doesNotContain("shpat_wrong")
                .doesNotContain(FakeShopify.DEFAULT_CLIENT_SECRET).contains("value=\"" + shop.domain() + "\"");
        Page badDomain = browser.post(CONNECTORS + "/shopify", connectForm("acme.example.com", shop.accessToken()));
        assertThat(badDomain.status()).isEqualTo(422);
        assertThat(badDomain.body()).contains("id=\"shop-error\"").doesNotContain(shop.accessToken());

        Page connected = browser.post(CONNECTORS + "/shopify", connectForm(shop.domain(), shop.accessToken()));
        assertThat(connected.status()).as(connected.body()).isEqualTo(302);
        Page status = browser.get(CONNECTORS);
        assertThat(status.body()).contains("Connected " + shop.domain()).contains(shop.domain()).contains(">active<")
                .contains("The catalog has not been synced yet").contains("Sync the catalog")
                .doesNotContain(shop.accessToken()).doesNotContain(FakeShopify.DEFAULT_CLIENT_SECRET);

        Page started = browser.htmx("POST", CONNECTORS + "/shopify/sync", Map.of());
        assertThat(started.status()).isEqualTo(200);
        assertThat(started.body()).contains("id=\"sync\"").doesNotContain("<html");
        if (started.body().contains("running") || started.body().contains("queued")) {
            assertThat(started.body()).contains("hx-trigger=\"every 1s\"").contains("<progress");
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                assertThat(browser.htmx("GET", CONNECTORS + "/shopify/sync", Map.of()).body()).contains(">completed<"));
        Page done = browser.htmx("GET", CONNECTORS + "/shopify/sync", Map.of());
        assertThat(done.body()).doesNotContain("hx-trigger").contains("value=\"1\" max=\"1\"")
                .containsPattern("Products read</dt><dd class=\"num\">2<")
                .containsPattern("Variants read</dt><dd class=\"num\">3<");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(api.get("/api/v1/products?size=1", tenant.token()).json().path("total").asInt()).isEqualTo(3));

        Page again = browser.post(CONNECTORS + "/shopify/sync", Map.of());
        assertThat(again.status()).as("without htmx the form redirects back").isEqualTo(302);
        assertThat(again.location()).endsWith(CONNECTORS);
    }

    @Test
    void anInstallLinkIsGivenForAShopDomainAndABadDomainIsShownBesideItsField() {
        FakeShop shop = ShopifyFake.newShop("USD");
        Api.TenantToken tenant = api.newTenant("Console install " + shop.domain());
        ConsoleClient browser = new ConsoleClient(port);
        browser.signInWithToken(tenant.token());
        browser.get(CONNECTORS);

        Page link = browser.post(CONNECTORS + "/shopify/install-link", Map.of("shop", shop.domain()));
        assertThat(link.status()).isEqualTo(200);
        assertThat(link.body()).contains("Install on " + shop.domain()).contains("/admin/oauth/authorize")
                .contains("client_id=" + FakeShopify.DEFAULT_CLIENT_ID);

        Page bad = browser.post(CONNECTORS + "/shopify/install-link", Map.of("shop", "<b>acme</b>"));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("id=\"installShop-error\"").contains("value=\"&lt;b&gt;acme&lt;/b&gt;\"")
                .doesNotContain("<b>acme</b>");
    }

    @Test
    void aReaderSeesTheStatusButNoActionsAndIsRefusedThem() {
        FakeShop shop = ShopifyFake.newShop("USD");
        Api.TenantToken tenant = api.newTenant("Console reader " + shop.domain());
        ShopifyFake.connect(api, tenant, shop);
        Api.TenantToken reader = api.token(tenant.tenantId(), "catalog:read");
        ConsoleClient browser = new ConsoleClient(port);
        browser.signInWithToken(reader.token());

        Page status = browser.get(CONNECTORS);
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.body()).contains(shop.domain()).doesNotContain("Sync the catalog")
                .doesNotContain("/console/connectors/shopify/deliveries");
        assertThat(browser.post(CONNECTORS + "/shopify/sync", Map.of()).status()).isEqualTo(403);
        assertThat(browser.post(CONNECTORS + "/shopify", connectForm(shop.domain(), shop.accessToken())).status())
                .isEqualTo(403);
        assertThat(browser.get(CONNECTORS + "/shopify/deliveries").status()).isEqualTo(403);
        assertThat(browser.post(CONNECTORS + "/shopify/deliveries/retry", Map.of()).status()).isEqualTo(403);

        Api.TenantToken pricer = api.token(tenant.tenantId(), "prices:write");
        ConsoleClient noRead = new ConsoleClient(port);
        noRead.signInWithToken(pricer.token());
        assertThat(noRead.get(CONNECTORS).status()).isEqualTo(403);
    }

    @Test
    void connectingOrSyncingWithoutTheCsrfTokenIsRefused() {
        FakeShop shop = ShopifyFake.newShop("USD");
        Api.TenantToken tenant = api.newTenant("Console csrf " + shop.domain());
        ConsoleClient browser = new ConsoleClient(port);
        browser.signInWithToken(tenant.token());
        browser.get(CONNECTORS);
        assertThat(browser.postRaw(CONNECTORS + "/shopify", connectForm(shop.domain(), shop.accessToken())).status())
                .isEqualTo(403);
        assertThat(browser.get(CONNECTORS).body()).contains("No Shopify shop is connected");
        assertThat(browser.postRaw(CONNECTORS + "/shopify/sync", Map.of()).status()).isEqualTo(403);
    }

    @Test
    void aFailedDeliveryIsListedWithItsReasonAndARetrySendsItAgain() {
        WriteBackSteps steps = new WriteBackSteps(api);
        WriteBackSteps.Shop shop = steps.syncedShop(2, "20.00", "30.00");
        FakeVariant refused = shop.fake().variants().get(1);
        shop.fake().rejectPrice(refused.gid(), "INVALID_INPUT", "Product is suspended");
        String change = steps.apply(shop, -10);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(steps.deliveries(shop.manager(), "FAILED")).containsOnlyKeys(refused.gid()));

        ConsoleClient browser = new ConsoleClient(port);
        browser.signInWithToken(shop.manager().token());
        Page failed = browser.get(CONNECTORS + "/shopify/deliveries?status=failed");
        assertThat(failed.status()).isEqualTo(200);
        assertThat(failed.body()).contains("Product is suspended").contains(">failed<").contains("27.00 USD")
                .doesNotContain(">synced<");
        assertThat(browser.get(CONNECTORS + "/shopify/deliveries?status=bogus").status()).isEqualTo(200);

        shop.fake().clearRejections();
        Page retried = browser.post(CONNECTORS + "/shopify/deliveries/retry", Map.of());
        assertThat(retried.status()).isEqualTo(302);
        assertThat(browser.get(CONNECTORS + "/shopify/deliveries").body())
                .contains("1 failed price goes to Shopify again.");
        steps.awaitShopPrices(shop.fake(), steps.proposed(shop, change));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(browser.get(CONNECTORS + "/shopify/deliveries?status=FAILED").body())
                        .contains("No prices here"));

        browser.get(CONNECTORS + "/shopify/deliveries");
        assertThat(browser.postRaw(CONNECTORS + "/shopify/deliveries/retry", Map.of()).status()).isEqualTo(403);
    }

    private static Map<String, String> connectForm(String domain, String accessToken) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("shop", domain);
        form.put("accessToken", accessToken);
        form.put("apiSecret", FakeShopify.DEFAULT_CLIENT_SECRET);
        return form;
    }
}
