package dev.calibrate.app.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.ConsoleClient;
import dev.calibrate.app.support.ConsoleClient.Page;
import dev.calibrate.app.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Why this price" ({@code /console/products/{id}/provenance}): the API's provenance of a price on a
 * page, linked from the product's page, behind the same scopes (catalog:read or audit:read).
 */
class ConsoleProvenanceTest extends IntegrationTest {

    private AppliedSaleScenario sale;
    private Instant beforeTheChange;

    @BeforeEach
    void aSummerSaleApplied() {
        sale = new AppliedSaleScenario(api, "Console provenance");
        beforeTheChange = Instant.parse(api.get("/api/v1/products/" + sale.tee + "/provenance?currency=USD",
                sale.manager.token()).json().at("/setBy/time").asText()).minusMillis(1);
    }

    private ConsoleClient signedIn(String token) {
        ConsoleClient browser = new ConsoleClient(port);
        assertThat(browser.signInWithToken(token).status()).isEqualTo(302);
        return browser;
    }

    @Test
    void theProductPageLinksEachPriceToItsProvenanceWhichShowsTheChangeItsApprovalAndExplain() {
        ConsoleClient browser = signedIn(sale.manager.token());
        String link = "/console/products/" + sale.tee + "/provenance?currency=USD";
        assertThat(browser.get("/console/products/" + sale.tee).body()).contains(link.replace("&", "&amp;"))
                .contains("Why this price");
        JsonNode api = this.api.get(link.replace("/console", "/api/v1"), sale.manager.token()).json();

        Page page = browser.get(link);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<h1>Why this price</h1>")
                .contains(api.get("amount").asText() + " USD")
                .contains("Set by a price change")
                .contains("Summer sale").contains("/console/price-changes/" + sale.change)
                .contains(sale.approver.tokenId()).contains(sale.manager.tokenId())
                .contains(api.at("/priceChange/previewHash").asText())
                .contains("Cost used").contains("8.00")
                .contains("How the price was computed").contains("percent")
                .contains("The price before").contains("20.00 USD")
                .contains("No channel shows another price.");
    }

    @Test
    void aPriceSetByAChangeDraftedFromASavedRuleNamesTheRuleAndItsVersion() {
        Api.Response saved = api.post("/api/v1/rules", sale.manager.token(), Map.of("name", "Winter minus 5 %",
                "rule", Map.of("selector", Map.of("all", List.of(Map.of("field", "tags", "op", "contains", "value",
                        "winter"))), "transform", List.of(Map.of("op", "percent", "value", -5)), "currency", "USD")));
        assertThat(saved.status()).as(saved.body()).isEqualTo(201);
        Api.Response drafted = api.post("/api/v1/price-changes", sale.manager.token(), Map.of("name", "Winter sale",
                "ruleRef", Map.of("id", saved.json().get("id").asText())));
        assertThat(drafted.status()).as(drafted.body()).isEqualTo(201);
        String change = drafted.json().get("id").asText();
        PriceChangeSteps steps = new PriceChangeSteps(api);
        String hash = steps.preview(sale.manager.token(), change).get("previewHash").asText();
        assertThat(steps.action(sale.manager.token(), change, "submit", null).status()).isEqualTo(200);
        assertThat(steps.action(sale.approver.token(), change, "approve", Map.of("previewHash", hash)).status())
                .isEqualTo(200);
        steps.action(sale.manager.token(), change, "apply", null);
        steps.awaitApplied(sale.manager.token(), change);

        Page page = signedIn(sale.manager.token()).get("/console/products/" + sale.winter + "/provenance?currency=USD");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Winter sale").contains("<dt>Saved rule</dt>")
                .contains("Winter minus 5 % (version 1)");
        assertThat(signedIn(sale.manager.token()).get("/console/products/" + sale.tee + "/provenance?currency=USD")
                .body()).as("a rule written into the change names no saved rule").doesNotContain("<dt>Saved rule</dt>");
    }

    @Test
    void anInstantBeforeTheChangeShowsTheObservedPrice() {
        Page page = signedIn(sale.manager.token()).get("/console/products/" + sale.tee
                + "/provenance?currency=USD&at=" + beforeTheChange);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("20.00 USD").contains("<dd>Observed</dd>").contains("<dd>api</dd>")
                .doesNotContain("The price change");
    }

    @Test
    void aMalformedCurrencyOrInstantIsTheFormAgainWithTheErrorBesideItsField() {
        ConsoleClient browser = signedIn(sale.manager.token());

        Page currency = browser.get("/console/products/" + sale.tee + "/provenance?currency=%3Cscript%3Ex");
        assertThat(currency.status()).isEqualTo(400);
        assertThat(currency.body()).contains("id=\"currency-error\"").contains("value=\"&lt;script&gt;x\"")
                .doesNotContain("<script>x");

        Page at = browser.get("/console/products/" + sale.tee + "/provenance?currency=USD&at=yesterday");
        assertThat(at.status()).isEqualTo(400);
        assertThat(at.body()).contains("id=\"at-error\"").contains("ISO-8601").contains("value=\"yesterday\"");
    }

    @Test
    void noPriceInTheCurrencyOrNoProductYetIsANotFoundNotice() {
        ConsoleClient browser = signedIn(sale.manager.token());

        Page gbp = browser.get("/console/products/" + sale.tee + "/provenance?currency=GBP");
        assertThat(gbp.status()).isEqualTo(404);
        assertThat(gbp.body()).contains("no GBP price");

        Page early = browser.get("/console/products/" + sale.tee + "/provenance?currency=USD&at=2020-01-01T00:00:00Z");
        assertThat(early.status()).isEqualTo(404);
        assertThat(early.body()).contains("did not exist yet");
    }

    @Test
    void anotherTenantsOrAnUnknownOrMalformedProductIsNotFoundAndOtherScopesAreForbidden() {
        Api.TenantToken other = api.newTenant("Console provenance other " + UUID.randomUUID());
        ConsoleClient stranger = signedIn(other.token());
        assertThat(stranger.get("/console/products/" + sale.tee + "/provenance?currency=USD").status())
                .isEqualTo(404);
        assertThat(stranger.get("/console/products/" + UUID.randomUUID() + "/provenance?currency=USD").status())
                .isEqualTo(404);
        assertThat(stranger.get("/console/products/TS-1/provenance?currency=USD").status()).isEqualTo(404);

        ConsoleClient pricesOnly = signedIn(api.token(sale.manager.tenantId(), "prices:write").token());
        assertThat(pricesOnly.get("/console/products/" + sale.tee + "/provenance?currency=USD").status())
                .isEqualTo(403);
        ConsoleClient auditor = signedIn(api.token(sale.manager.tenantId(), "audit:read").token());
        assertThat(auditor.get("/console/products/" + sale.tee + "/provenance?currency=USD").status())
                .isEqualTo(200);
    }
}
