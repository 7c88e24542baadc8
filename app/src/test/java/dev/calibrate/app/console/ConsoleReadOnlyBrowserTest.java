package dev.calibrate.app.console;

import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.ShopifyFake;
import dev.calibrate.app.support.browser.BrowserTest;
import dev.calibrate.connectors.shopify.fake.FakeShop;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a read-only person sees in a real browser (no action offered) and that what a catalog holds is
 * shown as text: a product named like a script is printed, never run.
 */
class ConsoleReadOnlyBrowserTest extends BrowserTest {

    private static final String SCRIPT = "<script>alert(1)</script>";

    @Test
    void aViewerSeesNoActionOnAPriceChangeOrTheConnectors() {
        Api.TenantToken acme = api.newTenant("Browser read-only");
        FakeShop shop = ShopifyFake.newShop("USD");
        ShopifyFake.connect(api, acme, shop);
        String change = previewedChange(acme, product("TS-1", "Storage box"));
        // the viewer role's reading scopes: a price change is read with audit:read, as in the API
        Api.TenantToken viewer = api.token(acme.tenantId(), "catalog:read", "audit:read", "competitors:read");

        browser.signInWithToken(viewer.token());
        browser.open("/console/price-changes/" + change);
        assertThat(browser.find("#actions").getText()).contains("Nothing you may do");
        assertThat(browser.findAll("main form, #actions a, #actions button")).isEmpty();
        assertThat(browser.findAll("main button")).extracting(WebElement::getText)
                .as("only the preview's Explain buttons, which read").containsOnly("Explain");
        assertThat(browser.find("#preview").getText()).contains("TS-1");

        browser.open("/console/connectors");
        assertThat(browser.find("main").getText()).contains(shop.domain()).doesNotContain("Sync the catalog");
        assertThat(browser.findAll("main form, main button, main input")).isEmpty();
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void aProductTitledLikeAScriptIsShownAsTextAndNeverRuns() {
        Api.TenantToken acme = api.newTenant("Browser script title");
        String change = previewedChange(acme, product(SCRIPT, SCRIPT));

        browser.signInWithToken(acme.token());
        browser.consoleErrors();
        browser.open("/console/price-changes/" + change);
        // an alert would have left a prompt open, which fails every later WebDriver call
        assertThat(browser.title()).isEqualTo("Script title -10% · Price changes · Calibrate");
        assertThat(browser.find("#preview-items table").getText()).contains(SCRIPT);
        assertThat(browser.findAll("main script")).isEmpty();

        browser.find("#preview-items button").click();
        browser.settle();
        assertThat(browser.find("#preview-items").getText()).contains(SCRIPT);
        assertThat(browser.findAll("main script")).isEmpty();
        assertThat(browser.title()).isEqualTo("Script title -10% · Price changes · Calibrate");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    private static Map<String, Object> product(String sku, String title) {
        return Map.of("sku", sku, "title", title, "vendor", "Acme", "tags", List.of("storage"),
                "prices", List.of(Map.of("currency", "USD", "amount", "25.00")));
    }

    /** A change of every storage product's price, drafted and previewed through the API. */
    private String previewedChange(Api.TenantToken tenant, Map<String, Object> body) {
        Api.Response product = api.post("/api/v1/products", tenant.token(), body);
        assertThat(product.status()).as(product.body()).isEqualTo(201);
        Api.Response drafted = api.post("/api/v1/price-changes", tenant.token(), Map.of("name", "Script title -10%",
                "rule", Map.of("selector", Map.of("field", "tags", "op", "contains", "value", "storage"),
                        "transform", List.of(Map.of("op", "percent", "value", -10)), "currency", "USD")));
        assertThat(drafted.status()).as(drafted.body()).isEqualTo(201);
        String id = drafted.json().get("id").asText();
        Api.Response previewed = api.post("/api/v1/price-changes/" + id + "/preview", tenant.token(), null,
                "X-Calibrate-Wait-For", Long.toString(product.position()));
        assertThat(previewed.status()).as(previewed.body()).isEqualTo(200);
        return id;
    }
}
