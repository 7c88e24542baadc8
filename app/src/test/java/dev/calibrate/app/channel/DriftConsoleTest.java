package dev.calibrate.app.channel;

import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.ConsoleClient;
import dev.calibrate.app.support.ConsoleClient.Page;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.kernel.message.EventPositions;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.Map;

import static dev.calibrate.app.channel.ChannelSteps.TEN_PERCENT_OFF;
import static dev.calibrate.app.channel.ChannelSteps.id;
import static dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind.APPLY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's drift list (console/connector): SH-1 was set to 18.00, Shopify confirmed it, then showed
 * 19.50. Whoever reads the catalog sees the drift; accept and repair need prices:apply or connectors:admin.
 */
class DriftConsoleTest extends IntegrationTest {

    private static final String DRIFT = "/console/connectors/shopify/drift";

    @Autowired
    CommandGateway commands;
    @Autowired
    EventPositions positions;

    private ChannelSteps channel;
    private Api.TenantToken manager;

    @BeforeEach
    void drifted() {
        PriceChangeSteps steps = new PriceChangeSteps(api);
        channel = new ChannelSteps(api, commands, positions);
        manager = api.newTenant("Console Drift");
        Api.TenantToken approver = api.token(manager.tenantId(), "prices:approve");
        channel.ingest(manager, "SH-1", "20.00", true);
        steps.awaitCatalog(manager.token(), positions.head());
        String change = steps.approved(manager.token(), approver.token(), "Summer", TEN_PERCENT_OFF, Map.of());
        steps.action(manager.token(), change, "apply", null);
        steps.awaitApplied(manager.token(), change);
        channel.synced(manager, "SH-1", change, APPLY, "18.00");
        channel.ingest(manager, "SH-1", "19.50", true);
        assertThat(channel.drifts(manager, "").get("total").asInt()).isEqualTo(1);
    }

    @Test
    void aDriftIsListedAndAcceptingItTakesShopifysPrice() {
        ConsoleClient browser = new ConsoleClient(port);
        browser.signInWithToken(manager.token());
        Page list = browser.get(DRIFT);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains("SH-1").contains("18.00 USD").contains("19.50 USD").contains(">open<")
                .contains(DRIFT + "/" + id(manager, "SH-1") + "/accept");

        Page accepted = browser.post(DRIFT + "/" + id(manager, "SH-1") + "/accept", Map.of());
        assertThat(accepted.status()).isEqualTo(302);
        Page after = browser.get(DRIFT);
        assertThat(after.body()).contains("price is now Calibrate").contains("No drift");
        assertThat(browser.get(DRIFT + "?state=ACCEPTED,REPAIRED").body()).contains("SH-1").contains(">accepted<");
        assertThat(channel.catalogPrice(manager, "SH-1")).isEqualTo("19.50");

        Page again = browser.post(DRIFT + "/" + id(manager, "SH-1") + "/repair", Map.of());
        assertThat(again.status()).as("settling a settled drift is a message, not an error page").isEqualTo(302);
        assertThat(browser.get(DRIFT).body()).contains("class=\"alert\"");
        assertThat(browser.post(DRIFT + "/not-a-product/accept", Map.of()).status()).isEqualTo(404);
    }

    @Test
    void aReaderSeesTheDriftButCannotSettleIt() {
        Api.TenantToken reader = api.token(manager.tenantId(), "catalog:read");
        ConsoleClient browser = new ConsoleClient(port);
        browser.signInWithToken(reader.token());
        Page list = browser.get(DRIFT);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains("SH-1").doesNotContain("/accept").doesNotContain("/repair");

        assertThat(browser.post(DRIFT + "/" + id(manager, "SH-1") + "/accept", Map.of()).status()).isEqualTo(403);
        assertThat(browser.post(DRIFT + "/" + id(manager, "SH-1") + "/repair", Map.of()).status()).isEqualTo(403);
        assertThat(channel.drifts(manager, "").get("total").asInt()).isEqualTo(1);

        Api.TenantToken pricer = api.token(manager.tenantId(), "prices:write");
        ConsoleClient noRead = new ConsoleClient(port);
        noRead.signInWithToken(pricer.token());
        assertThat(noRead.get(DRIFT).status()).isEqualTo(403);
    }

    @Test
    void settlingWithoutTheCsrfTokenIsRefused() {
        ConsoleClient browser = new ConsoleClient(port);
        browser.signInWithToken(manager.token());
        browser.get(DRIFT);
        assertThat(browser.postRaw(DRIFT + "/" + id(manager, "SH-1") + "/accept", Map.of()).status()).isEqualTo(403);
        assertThat(channel.drifts(manager, "").get("total").asInt()).isEqualTo(1);
    }
}
