package dev.calibrate.app.support.browser;

import dev.calibrate.app.support.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;

/**
 * Base of the browser tests: the application of {@link IntegrationTest} (embedded PostgreSQL, the
 * fake Shopify and Amazon) driven through one headless Chromium per test class, started once and
 * signed out before each test. Tagged slow: {@code ./mvnw verify -Pslow} runs them (see
 * docs/console.md, "Browser tests").
 */
@Tag("slow")
public abstract class BrowserTest extends IntegrationTest {

    protected static ConsoleBrowser browser;

    @BeforeAll
    static void startBrowser() {
        browser = ConsoleBrowser.start(BrowserSettings.fromSystemProperties());
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    @BeforeEach
    void signedOutAtThisApp() {
        browser.at(port).forgetSession();
        browser.viewport(Viewport.DESKTOP);
    }
}
