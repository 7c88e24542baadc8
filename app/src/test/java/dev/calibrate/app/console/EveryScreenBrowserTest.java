package dev.calibrate.app.console;

import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.browser.Axe;
import dev.calibrate.app.support.browser.BrowserTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
