package dev.calibrate.app.console;

import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.browser.BrowserTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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
}
