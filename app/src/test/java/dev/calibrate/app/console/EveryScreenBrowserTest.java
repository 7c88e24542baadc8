package dev.calibrate.app.console;

import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.ProductBodies;
import dev.calibrate.app.support.browser.Axe;
import dev.calibrate.app.support.browser.BrowserTest;
import dev.calibrate.app.support.browser.Screen;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every screen of {@link ConsoleScreens} in a real browser, at 1280×800 and, where listed, 390 px wide:
 * it stays where it was asked for, logs no console error (a CSP violation, a missing asset), has no
 * serious or critical axe-core violation, and leaves a screenshot in app/target/console-screenshots.
 */
class EveryScreenBrowserTest extends BrowserTest {

    @Test
    void theSignedOutScreens() {
        browser.visitAll(ConsoleScreens.SIGNED_OUT);
    }

    @Test
    void theScreensOfATenantUserWithEveryScope() {
        Api.TenantToken acme = api.newTenant("Acme Pricing");
        browser.signInWithToken(acme.token());
        assertThat(browser.path()).isEqualTo("/console");

        browser.visitAll(ConsoleScreens.SIGNED_IN);
    }

    @Test
    void theScreensOfThePlatformAdministrator() {
        browser.signInWithToken(api.adminToken());
        browser.visitAll(ConsoleScreens.PLATFORM_ADMIN);
    }

    /**
     * A price change's page needs a change: drafted and previewed through the API, then seen with its
     * preview; and a product's page, a product.
     */
    @Test
    void aPriceChangeWithItsPreview() {
        Api.TenantToken acme = api.newTenant("Acme Previewed");
        Api.Response product = api.post("/api/v1/products", acme.token(), ProductBodies.product("TS-1", "25.00"));
        assertThat(product.status()).as(product.body()).isEqualTo(201);
        Api.Response drafted = api.post("/api/v1/price-changes", acme.token(), Map.of("name", "Storage -10%",
                "rule", Map.of("selector", Map.of("field", "tags", "op", "contains", "value", "storage"),
                        "transform", List.of(Map.of("op", "percent", "value", -10)), "currency", "USD")));
        assertThat(drafted.status()).as(drafted.body()).isEqualTo(201);
        String id = drafted.json().get("id").asText();
        Api.Response previewed = api.post("/api/v1/price-changes/" + id + "/preview", acme.token(), null,
                "X-Calibrate-Wait-For", Long.toString(product.position()));
        assertThat(previewed.status()).as(previewed.body()).isEqualTo(200);

        browser.signInWithToken(acme.token());
        browser.visitAll(List.of(Screen.of("price-change", "/console/price-changes/" + id)));
        assertThat(browser.find("#preview").getText()).contains("Preview hash").contains("TS-1");
        String productId = product.json().get("id").asText();
        browser.visitAll(List.of(Screen.of("product", "/console/products/" + productId).alsoOnPhone()));
    }

    /** The checks can fail: a blocked inline script, a missing asset and an unlabelled field are each reported. */
    @Test
    void theChecksSeeWhatTheyLookFor() {
        browser.signInWithToken(api.newTenant("Acme Broken").token());
        browser.consoleErrors();

        browser.script("""
                var script = document.createElement('script');
                script.textContent = 'document.title = "injected"';
                document.body.appendChild(script);
                var image = document.createElement('img');
                image.src = '/console/assets/no-such-image.png';
                image.alt = 'missing';
                document.body.appendChild(image);
                document.querySelector('main').insertAdjacentHTML('beforeend', '<input type="text" name="unlabelled">');
                """);

        List<String> errors = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            errors.addAll(browser.consoleErrors());
            assertThat(errors).anyMatch(m -> m.contains("Content Security Policy"))
                    .anyMatch(m -> m.contains("no-such-image.png") && m.contains("404"));
        });
        assertThat(browser.title()).as("the inline script did not run").isEqualTo("Dashboard · Calibrate");
        assertThat(browser.axe()).extracting(Axe.Violation::id).contains("label");
    }
}
