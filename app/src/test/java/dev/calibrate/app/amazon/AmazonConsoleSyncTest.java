package dev.calibrate.app.amazon;

import dev.calibrate.app.support.AmazonFake;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.ConsoleClient;
import dev.calibrate.app.support.ConsoleClient.Page;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.connectors.amazon.fake.FakeListing;
import dev.calibrate.connectors.amazon.fake.FakeSeller;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.support.AmazonFake.US;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console's Amazon screen beyond connecting: starting a listings sync (connectors:admin or
 * catalog:write, as the API's sync) and following its progress box, and disconnecting the seller
 * account after a confirmation page (connectors:admin); each refused when forged or without CSRF.
 */
class AmazonConsoleSyncTest extends IntegrationTest {

    private static final String AMAZON = "/console/connectors/amazon";

    @Test
    void aSyncStartsFromTheConsoleAndItsProgressBoxPollsUntilItCompletes() {
        FakeSeller seller = AmazonFake.newSeller();
        String sku = "SYNC-" + seller.sellerId();
        seller.put(new FakeListing(sku, "B0SYNC0001", "Synced listing", "Synced item", "Sync Brand", List.of(US),
                Map.of(US, new BigDecimal("12.00"))));
        Api.TenantToken admin = api.newTenant("Amazon console sync " + UUID.randomUUID());
        AmazonFake.connect(api, admin, seller, List.of(US));
        ConsoleClient browser = signedIn(api.token(admin.tenantId(), "catalog:read", "catalog:write"));

        Page page = browser.get(AMAZON);
        assertThat(page.body()).contains("The listings have not been synced yet.").contains("Sync the listings")
                .contains("hx-post=\"/console/connectors/amazon/sync\"").doesNotContain("/amazon/disconnect");

        Page started = browser.htmx("POST", AMAZON + "/sync", Map.of());
        assertThat(started.status()).isEqualTo(200);
        assertThat(started.body()).doesNotContain("<html").contains("id=\"amazon-sync\"")
                .containsPattern(">(queued|running|completed)<");

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            Page box = browser.htmx("GET", AMAZON + "/sync", Map.of());
            assertThat(box.status()).isEqualTo(200);
            assertThat(box.body()).contains(">completed<").doesNotContain("hx-trigger");
        });
        Page done = browser.htmx("GET", AMAZON + "/sync", Map.of());
        assertThat(done.body()).contains("Listings read").contains("aria-label=\"Listings sync complete\"");
        assertThat(AmazonSteps.status(api, admin).path("sync").path("state").asText()).isEqualTo("COMPLETED");

        Page withoutJs = browser.post(AMAZON + "/sync", Map.of());
        assertThat(withoutJs.status()).isEqualTo(302);
        assertThat(withoutJs.location()).endsWith(AMAZON);
    }

    @Test
    void aSyncNeedsAWritePermissionAndTheCsrfTokenAndNoAccountIsShownInTheBox() {
        FakeSeller seller = AmazonFake.newSeller();
        Api.TenantToken admin = api.newTenant("Amazon console sync refused " + UUID.randomUUID());
        AmazonFake.connect(api, admin, seller, List.of(US));
        ConsoleClient reader = signedIn(api.token(admin.tenantId(), "catalog:read"));
        Page page = reader.get(AMAZON);
        assertThat(page.body()).contains("The listings have not been synced yet.").doesNotContain("Sync the listings");
        assertThat(reader.post(AMAZON + "/sync", Map.of()).status()).isEqualTo(403);
        assertThat(reader.htmx("POST", AMAZON + "/sync", Map.of()).status()).isEqualTo(403);

        ConsoleClient writer = signedIn(admin);
        writer.get(AMAZON);
        assertThat(writer.postRaw(AMAZON + "/sync", Map.of()).status()).isEqualTo(403);
        assertThat(AmazonSteps.status(api, admin).path("sync").path("state").asText()).isEqualTo("NEVER");

        ConsoleClient unconnected = signedIn(api.newTenant("Amazon console no seller " + UUID.randomUUID()));
        unconnected.get(AMAZON);
        Page refused = unconnected.htmx("POST", AMAZON + "/sync", Map.of());
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.body()).contains("class=\"alert\"").contains("no Amazon seller account is connected");
    }

    @Test
    void anAdminDisconnectsTheSellerAfterConfirmingAndAViewerCannot() {
        FakeSeller seller = AmazonFake.newSeller();
        Api.TenantToken admin = api.newTenant("Amazon console disconnect " + UUID.randomUUID());
        AmazonFake.connect(api, admin, seller, List.of(US));

        ConsoleClient viewer = signedIn(api.token(admin.tenantId(), "catalog:read", "catalog:write"));
        assertThat(viewer.get(AMAZON + "/disconnect").status()).isEqualTo(403);
        assertThat(viewer.post(AMAZON + "/disconnect", Map.of()).status()).isEqualTo(403);

        ConsoleClient browser = signedIn(admin);
        assertThat(browser.get(AMAZON).body()).contains("href=\"/console/connectors/amazon/disconnect\"");
        Page confirm = browser.get(AMAZON + "/disconnect");
        assertThat(confirm.status()).isEqualTo(200);
        assertThat(confirm.body()).contains("Disconnect the Amazon seller account?").contains(seller.sellerId());
        assertThat(browser.postRaw(AMAZON + "/disconnect", Map.of()).status()).isEqualTo(403);
        assertThat(api.get(AmazonSteps.STATUS, admin.token()).status()).isEqualTo(200);

        Page done = browser.post(AMAZON + "/disconnect", Map.of());
        assertThat(done.status()).isEqualTo(302);
        assertThat(done.location()).endsWith(AMAZON);
        assertThat(browser.get(AMAZON).body()).contains("Disconnected the Amazon seller account.")
                .contains("No Amazon seller account is connected");
        assertThat(api.get(AmazonSteps.STATUS, admin.token()).status()).isEqualTo(404);
    }

    private ConsoleClient signedIn(Api.TenantToken token) {
        ConsoleClient browser = new ConsoleClient(port);
        Page page = browser.signInWithToken(token.token());
        assertThat(page.status()).as(page.body()).isEqualTo(302);
        return browser;
    }
}
