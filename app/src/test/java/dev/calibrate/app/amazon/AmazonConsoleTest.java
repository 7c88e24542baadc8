package dev.calibrate.app.amazon;

import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.support.AmazonFake;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.ConsoleClient;
import dev.calibrate.app.support.ConsoleClient.Page;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.connectors.amazon.fake.FakeListing;
import dev.calibrate.connectors.amazon.fake.FakeSeller;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.amazon.AmazonSteps.syncAndWait;
import static dev.calibrate.app.support.AmazonFake.CA;
import static dev.calibrate.app.support.AmazonFake.US;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's Amazon screen (console/connector): connecting a seller through the form (its secrets never
 * shown), its status, and after a price change the listings to update by hand in Seller Central.
 */
class AmazonConsoleTest extends IntegrationTest {

    private static final String AMAZON = "/console/connectors/amazon";

    @Test
    void aSellerIsConnectedThroughTheFormAndTheListingsToUpdateByHandAreShown() {
        FakeSeller seller = AmazonFake.newSeller();
        String sku = "CON-" + seller.sellerId();
        seller.put(new FakeListing(sku, "B0CONSOLE1", "Console listing", "Console item", "Console Brand", List.of(US),
                Map.of(US, new BigDecimal("20.00"))));
        Api.TenantToken manager = api.newTenant("Amazon console " + UUID.randomUUID());
        ConsoleClient browser = new ConsoleClient(port);
        browser.signInWithToken(manager.token());
        Page empty = browser.get(AMAZON);
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.body()).contains("No Amazon seller account is connected").contains("name=\"refreshToken\"");

        Page wrongRegion = browser.post(AMAZON, form(seller, "eu", US));
        assertThat(wrongRegion.status()).isEqualTo(422);
        assertThat(wrongRegion.body()).contains("id=\"marketplaceIds-error\"").contains("is not a marketplace of region eu")
                .doesNotContain(seller.clientSecret()).doesNotContain(seller.refreshToken())
                .contains("value=\"" + seller.sellerId() + "\"");

        Page connected = browser.post(AMAZON, form(seller, "na", US + ", " + CA));
        assertThat(connected.status()).as(connected.body()).isEqualTo(302);
        Page status = browser.get(AMAZON);
        assertThat(status.body()).contains("Connected seller " + seller.sellerId()).contains(US + ", " + CA)
                .doesNotContain(seller.clientSecret()).doesNotContain(seller.refreshToken())
                .contains("Nothing to update");

        assertThat(syncAndWait(api, manager).path("state").asText()).isEqualTo("COMPLETED");
        assertThat(browser.get(AMAZON + "?differs=all").body()).contains(sku).contains("20.00 USD").contains(">matches<");

        PriceChangeSteps changes = new PriceChangeSteps(api);
        Api.TenantToken approver = api.token(manager.tenantId(), "prices:approve");
        String id = changes.approved(manager.token(), approver.token(), "10% off",
                Map.of("selector", Map.of("all", List.of(Map.of("field", "vendor", "op", "in",
                                "value", List.of("Console Brand")))),
                        "transform", List.of(Map.of("op", "percent", "value", -10)), "currency", "USD"), Map.of());
        assertThat(changes.action(manager.token(), id, "apply", null).status()).isEqualTo(202);
        changes.awaitApplied(manager.token(), id);

        Page toUpdate = browser.get(AMAZON);
        assertThat(toUpdate.body()).contains(sku).contains("20.00 USD").contains("18.00 USD")
                .contains("update in Seller Central");

        Api.TenantToken reader = api.token(manager.tenantId(), "catalog:read");
        ConsoleClient readerBrowser = new ConsoleClient(port);
        readerBrowser.signInWithToken(reader.token());
        assertThat(readerBrowser.get(AMAZON).body()).contains(sku).contains("18.00 USD");
        assertThat(readerBrowser.post(AMAZON, form(seller, "na", US)).status()).isEqualTo(403);
    }

    @Test
    void connectingNeedsConnectorsAdminAndTheCsrfToken() {
        FakeSeller seller = AmazonFake.newSeller();
        Api.TenantToken manager = api.newTenant("Amazon console refusals " + UUID.randomUUID());
        Api.TenantToken reader = api.token(manager.tenantId(), "catalog:read");
        ConsoleClient browser = new ConsoleClient(port);
        browser.signInWithToken(reader.token());
        Page page = browser.get(AMAZON);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).doesNotContain("name=\"refreshToken\"");
        assertThat(browser.post(AMAZON, form(seller, "na", US)).status()).isEqualTo(403);

        ConsoleClient admin = new ConsoleClient(port);
        admin.signInWithToken(manager.token());
        admin.get(AMAZON);
        assertThat(admin.postRaw(AMAZON, form(seller, "na", US)).status()).isEqualTo(403);
        assertThat(admin.get(AMAZON).body()).contains("No Amazon seller account is connected");

        ConsoleClient noRead = new ConsoleClient(port);
        noRead.signInWithToken(api.token(manager.tenantId(), "prices:write").token());
        assertThat(noRead.get(AMAZON).status()).isEqualTo(403);
    }

    private static Map<String, String> form(FakeSeller seller, String region, String marketplaces) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("sellerId", seller.sellerId());
        form.put("region", region);
        form.put("marketplaceIds", marketplaces);
        form.put("clientId", seller.clientId());
        form.put("clientSecret", seller.clientSecret());
        form.put("refreshToken", seller.refreshToken());
        return form;
    }
}
