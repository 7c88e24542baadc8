package dev.calibrate.app.console.pricechange;

import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.ConsoleClient;
import dev.calibrate.app.support.ConsoleClient.Page;
import dev.calibrate.app.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.calibrate.app.pricechange.PriceChangeSteps.product;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The price change page tells the approver which items' proposed prices are anomalous: a badge and
 * the reason on each such item, the count in the preview's summary, and the count again next to the
 * approve button, which only someone who may approve sees.
 */
class PreviewAnomaliesConsoleTest extends IntegrationTest {

    private static final String NOTICE = "2 items look anomalous: check them before approving.";

    @Test
    void theApproverSeesTheCountNextToTheApproveButtonAndABadgePerFlaggedItem() {
        String tenant = api.createTenant("Anomalous console", "USD");
        Api.TenantToken alice = token(tenant, "alice@acme.example", "catalog:read", "catalog:write", "prices:write");
        Api.TenantToken bob = token(tenant, "bob@acme.example", "prices:approve");
        Api.TenantToken viewer = token(tenant, "vic@acme.example", "audit:read");
        PriceChangeSteps steps = new PriceChangeSteps(api);
        // STEADY moves by about 2 % at a time; COSTLY costs 28.00; PLAIN has one price
        steps.catalog(alice.token(), List.of(product("STEADY", "25.00", null, "sale"),
                product("COSTLY", "30.00", "28.00", "sale"), product("PLAIN", "25.00", null, "sale")));
        for (int i = 0; i < 12; i++) {
            steps.catalog(alice.token(), List.of(product("STEADY", i % 2 == 0 ? "25.50" : "25.00", null, "sale")));
        }
        String id = steps.draft(alice.token(), "Clearance", Map.of(
                "selector", Map.of("all", List.of(Map.of("field", "tags", "op", "contains", "value", "sale"))),
                "transform", List.of(Map.of("op", "percent", "value", -84)), "currency", "USD"), Map.of());

        ConsoleClient author = signedIn(alice);
        author.get("/console/price-changes/" + id);
        Page preview = author.htmx("POST", "/console/price-changes/" + id + "/preview", Map.of());

        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        assertThat(preview.body()).contains(">Anomalous</th>")
                .contains("<td class=\"num\">2</td>")
                .contains(">Unusual move</span>").contains(">Below cost</span>")
                .contains("drops 84 % (25.00 → 4.00 USD), 42× its usual move of 2.0 %")
                .contains("would be priced 4.80 USD, 23.20 under its cost of 28.00 USD (83 % below)")
                .contains("PLAIN")
                .as("the author may not approve: no approve button, no notice beside it").doesNotContain(NOTICE);
        assertThat(badges(preview.body())).as("one badge per flagged item, none on PLAIN").isEqualTo(2);
        author.get("/console/price-changes/" + id);
        Page submitted = author.post("/console/price-changes/" + id + "/submit", Map.of());
        assertThat(submitted.status()).isEqualTo(302);

        // the redirect names the submit's position: the page reads the change once the read model shows it
        Page approving = signedIn(bob).get(submitted.location().replaceFirst("^https?://[^/]+", ""));
        assertThat(approving.status()).isEqualTo(200);
        assertThat(approving.body()).contains("Approve this preview").contains(NOTICE)
                .contains("aria-describedby=\"pc-anomalous\"");

        Page viewing = signedIn(viewer).get("/console/price-changes/" + id);
        assertThat(viewing.status()).isEqualTo(200);
        assertThat(viewing.body()).contains(">Anomalous</th>").doesNotContain("Approve this preview")
                .doesNotContain(NOTICE);
    }

    @Test
    void aPreviewWithNothingAnomalousSaysZeroAndNoNotice() {
        String tenant = api.createTenant("Calm console", "USD");
        Api.TenantToken alice = token(tenant, "alice@acme.example", "catalog:read", "catalog:write", "prices:write",
                "prices:approve");
        new PriceChangeSteps(api).catalog(alice.token(), List.of(product("TS-1", "40.00", "10.00", "summer")));
        String id = new PriceChangeSteps(api).draft(alice.token(), "Small cut", Map.of(
                "selector", Map.of("all", List.of(Map.of("field", "tags", "op", "contains", "value", "summer"))),
                "transform", List.of(Map.of("op", "percent", "value", -5)), "currency", "USD"), Map.of());
        ConsoleClient browser = signedIn(alice);
        browser.get("/console/price-changes/" + id);

        Page preview = browser.htmx("POST", "/console/price-changes/" + id + "/preview", Map.of());

        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        assertThat(preview.body()).contains(">Anomalous</th>").contains("<td class=\"num\">0</td>")
                .doesNotContain("look anomalous").doesNotContain("looks anomalous");
        assertThat(badges(preview.body())).isZero();
    }

    private static int badges(String body) {
        return body.split("class=\"badge pc-anomaly", -1).length - 1;
    }

    private ConsoleClient signedIn(Api.TenantToken token) {
        ConsoleClient browser = new ConsoleClient(port);
        Page signedIn = browser.signInWithToken(token.token());
        assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(302);
        return browser;
    }

    private Api.TenantToken token(String tenant, String subject, String... scopes) {
        Api.Response issued = api.post("/admin/v1/tenants/" + tenant + "/tokens", api.adminToken(),
                Map.of("name", "of " + subject, "scopes", List.of(scopes), "subject", subject));
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        return new Api.TenantToken(tenant, issued.json().get("id").asText(), issued.json().get("token").asText());
    }
}
