package dev.calibrate.app.console;

import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.ConsoleClient;
import dev.calibrate.app.support.ConsoleClient.Page;
import dev.calibrate.app.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.pricechange.PriceChangeSteps.SUMMER_SALE;
import static dev.calibrate.app.pricechange.PriceChangeSteps.product;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code /console}: the dashboard's blocks, each from the API's reads and each with its empty state. */
class ConsoleDashboardTest extends IntegrationTest {

    private ConsoleClient signedIn(String token) {
        ConsoleClient browser = new ConsoleClient(port);
        assertThat(browser.signInWithToken(token).status()).isEqualTo(302);
        return browser;
    }

    @Test
    void aNewTenantSeesEveryBlockEmpty() {
        Page page = signedIn(api.newTenant("Dashboard empty " + UUID.randomUUID()).token()).get("/console");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Nothing waits for your approval.")
                .contains("No price change is running or scheduled.")
                .contains("No price change has been applied yet.")
                .contains("No shop is connected.").contains("No seller account is connected.")
                .contains("Every channel shows the prices Calibrate set.");
    }

    @Test
    void aSubmittedChangeWaitsForTheOtherApproverNotForItsAuthor() {
        Api.TenantToken author = api.token(api.createTenant("Dashboard four eyes " + UUID.randomUUID(), "USD"),
                "catalog:read", "catalog:write", "prices:write", "prices:approve");
        Api.TenantToken approver = api.token(author.tenantId(), "prices:approve");
        PriceChangeSteps steps = new PriceChangeSteps(api);
        steps.catalog(author.token(), List.of(product("TS-1", "20.00", "8.00", "summer")));
        String change = steps.draft(author.token(), "Waiting <sale>", SUMMER_SALE, Map.of());
        steps.preview(author.token(), change);
        assertThat(steps.action(author.token(), change, "submit", null).status()).isEqualTo(200);
        steps.view(author.token(), change, "SUBMITTED");

        Page forApprover = signedIn(approver.token()).get("/console");
        assertThat(forApprover.body()).contains("Waiting for your approval").contains("Waiting &lt;sale&gt;")
                .contains("/console/price-changes/" + change)
                // the author by the token's name (the test tokens are all named "test"), not its id
                .contains("by <span class=\"actor\" title=\"API token\">test</span>")
                .doesNotContain(author.tokenId())
                .contains("1 prices change");
        Page forAuthor = signedIn(author.token()).get("/console");
        assertThat(forAuthor.body()).contains("Nothing waits for your approval.").doesNotContain("Waiting &lt;sale&gt;");

        Page forViewer = signedIn(api.token(author.tenantId(), "catalog:read").token()).get("/console");
        assertThat(forViewer.status()).isEqualTo(200);
        assertThat(forViewer.body()).doesNotContain("Waiting for your approval")
                .contains("Needs the prices:write, prices:approve, prices:apply or audit:read permission.");
    }

    /** Over a threshold, the first of two approvals waits for another person, not for the one who gave it. */
    @Test
    void aChangeWaitingForItsSecondApprovalIsNotListedToItsFirstApprover() {
        Api.TenantToken author = api.token(api.createTenant("Dashboard second approval " + UUID.randomUUID(), "USD"),
                "catalog:read", "catalog:write", "prices:write", "admin");
        assertThat(api.send("PUT", "/api/v1/policy", author.token(),
                Map.of("approvalThresholds", Map.of("maxDecreasePercent", "5"))).status()).isEqualTo(200);
        Api.TenantToken first = api.token(author.tenantId(), "prices:approve");
        Api.TenantToken second = api.token(author.tenantId(), "prices:approve");
        PriceChangeSteps steps = new PriceChangeSteps(api);
        steps.catalog(author.token(), List.of(product("TS-1", "20.00", "8.00", "summer")));
        String change = steps.draft(author.token(), "Deep sale", SUMMER_SALE, Map.of());
        String hash = steps.preview(author.token(), change).get("previewHash").asText();
        assertThat(steps.action(author.token(), change, "submit", null).status()).isEqualTo(200);
        Api.Response firstApproval = steps.action(first.token(), change, "approve", Map.of("previewHash", hash));
        assertThat(firstApproval.json().get("state").asText()).as(firstApproval.body()).isEqualTo("SUBMITTED");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> api.get(
                "/api/v1/price-changes/" + change, author.token()).json().at("/approvalNeed/firstApproval").isObject());

        assertThat(signedIn(first.token()).get("/console").body()).contains("Nothing waits for your approval.")
                .doesNotContain("Deep sale");
        assertThat(signedIn(second.token()).get("/console").body()).contains("Waiting for your approval")
                .contains("Deep sale");
    }

    @Test
    void anAppliedChangeIsListedWithItsOutcome() {
        AppliedSaleScenario sale = new AppliedSaleScenario(api, "Dashboard applied");
        Page page = signedIn(sale.manager.token()).get("/console");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Recently applied").contains("Summer sale")
                .contains("/console/price-changes/" + sale.change).contains("1 prices")
                .contains("No price change is running or scheduled.");
    }
}
