package dev.calibrate.app.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.AppProcesses;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.ShopifyFake;
import dev.calibrate.connectors.shopify.fake.FakeShop;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The application is killed (SIGKILL) while it is writing a price change to Shopify, and started
 * again: every price still reaches the shop, none is lost, and no variant ever gets an older price
 * after a newer one. Then the rollback restores the originals.
 */
@Tag("slow")
class ShopifyRestartTest {

    static final String ADMIN_TOKEN = "shopify-restart-admin-token-0123456789abcdef";

    @TempDir
    Path dataDir;

    @Test
    void aCrashMidWriteLosesNoPriceAndSendsNothingStale() throws Exception {
        FakeShop shop = ShopifyFake.newShop("USD");
        shop.generateCatalog(500, 3, 11);
        Map<String, String> originals = ShopifyPriceHistory.prices(shop);
        int port = AppProcesses.freePort();
        String[] settings = {
                "--calibrate.secrets.key=" + IntegrationTest.SECRETS_KEY,
                "--calibrate.shopify.base-url=" + ShopifyFake.server().baseUrlTemplate(),
                "--calibrate.shopify.public-url=http://127.0.0.1:" + port,
                "--calibrate.shopify.request-timeout=3s",
                // one call per product, so the crash lands between calls
                "--calibrate.shopify.bulk-mutation-threshold=100000",
                "--calibrate.consistency.max-wait=60s"};
        Process first = AppProcesses.start(dataDir, port, ADMIN_TOKEN, dataDir.resolve("first-run.log"), settings);
        Api.TenantToken manager;
        String change;
        // archived and draft products were synced inactive: no rule selects them, their price stays
        Map<String, String> intended = new TreeMap<>(originals);
        int writesBefore;
        try {
            Api api = new Api("http://localhost:" + port, ADMIN_TOKEN, new ObjectMapper());
            await("first run up").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions().until(() -> api.get("/actuator/health", null).status() == 200);
            PriceChangeSteps changes = new PriceChangeSteps(api);
            manager = api.newTenant("Crash " + shop.domain());
            Api.TenantToken approver = api.token(manager.tenantId(), "prices:approve");
            ShopifyFake.connect(api, manager, shop);
            assertThat(api.post("/api/v1/connectors/shopify/sync", manager.token(), null).status()).isEqualTo(202);
            await("catalog").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                    assertThat(api.get("/api/v1/products?size=1", manager.token()).json().path("total").asInt()).isEqualTo(1500));
            change = changes.approved(manager.token(), approver.token(), "Shopify -5%", Map.of(
                    "selector", Map.of("field", "channel", "op", "contains", "value", "shopify"),
                    "transform", List.of(Map.of("op", "percent", "value", -5)), "currency", "USD"), Map.of());
            for (JsonNode item : changes.items(manager.token(), change)) {
                intended.put(item.path("sku").asText(), item.path("proposedPrice").path("amount").asText());
            }
            // a slower shop, so that the write-back is still running when the process dies
            shop.plan(50);
            writesBefore = shop.writes().size();
            assertThat(changes.action(manager.token(), change, "apply", null).status()).isEqualTo(202);
            int from = writesBefore;
            await("part of the write-back done").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
                    .until(() -> shop.writes().size() - from >= 150);
        } finally {
            first.destroyForcibly();
            first.waitFor(1, TimeUnit.MINUTES);
        }
        int writtenBeforeCrash = ShopifyPriceHistory.writesSince(shop, writesBefore).size();
        assertThat(writtenBeforeCrash).as("variants written before the crash").isBetween(150, 1499);

        String[] again = new String[settings.length + 1];
        System.arraycopy(settings, 0, again, 0, settings.length);
        again[settings.length] = "--server.port=" + port;
        try (ConfigurableApplicationContext second = AppProcesses.startInProcess(dataDir, ADMIN_TOKEN, again)) {
            Api api = new Api("http://localhost:" + port, ADMIN_TOKEN, second.getBean(ObjectMapper.class));
            PriceChangeSteps changes = new PriceChangeSteps(api);
            shop.plan(1000);
            changes.awaitApplied(manager.token(), change);
            awaitShopHolds(shop, intended);

            assertThat(changes.action(manager.token(), change, "rollback", null).status()).isEqualTo(202);
            changes.awaitRolledBack(manager.token(), change);
            awaitShopHolds(shop, originals);

            ShopifyPriceHistory.assertInOrderAndNeverStale(ShopifyPriceHistory.writesSince(shop, writesBefore),
                    intended, originals);
            assertThat(ShopifyFake.server().invalidDocuments()).isEmpty();
        }
    }

    private static void awaitShopHolds(FakeShop shop, Map<String, String> expected) {
        await("prices at " + shop.domain()).atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(ShopifyPriceHistory.prices(shop)).isEqualTo(expected));
    }
}
