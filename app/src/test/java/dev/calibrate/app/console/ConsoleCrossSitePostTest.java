package dev.calibrate.app.console;

import dev.calibrate.app.support.ConsoleClient;
import dev.calibrate.app.support.ConsoleClient.Page;
import dev.calibrate.app.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A form posted from another site reaches the console without the session cookie (it is
 * {@code SameSite=Lax}). It is refused, and its answer must not set a new session cookie: the browser
 * would keep that one in place of the visitor's own and so be signed out by any site
 * (found by ConsoleSessionBrowserTest).
 */
class ConsoleCrossSitePostTest extends IntegrationTest {

    @Test
    void aPostWithoutASessionIsRefusedAndStartsNone() {
        for (String path : new String[] {"/console/logout", "/console/login/token"}) {
            ConsoleClient elsewhere = new ConsoleClient(port);
            Page refused = elsewhere.postRaw(path, Map.of("token", "anything"));

            assertThat(refused.status()).as(path).isEqualTo(403);
            assertThat(refused.headerValues("Set-Cookie")).as("cookies set by the answer to " + path)
                    .noneMatch(c -> c.startsWith("CALIBRATE_SESSION="));
            assertThat(elsewhere.sessionCookie()).isNull();
        }
    }

    @Test
    void theSignInPageStillStartsTheSessionItsFormNeeds() {
        ConsoleClient browser = new ConsoleClient(port);
        Page login = browser.get("/console/login");

        assertThat(login.status()).isEqualTo(200);
        assertThat(browser.sessionCookie()).isNotNull();
        assertThat(browser.csrf()).isNotBlank();
    }
}
