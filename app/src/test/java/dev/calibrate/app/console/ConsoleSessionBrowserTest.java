package dev.calibrate.app.console;

import com.sun.net.httpserver.HttpServer;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.browser.BrowserTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's session in a real browser: signing in through the token form, signing out, htmx
 * sending the CSRF header, and a form posted from another site being refused.
 */
class ConsoleSessionBrowserTest extends BrowserTest {

    /**
     * An htmx POST to the sign-out URL from the current page; {@code arguments[0]} strips the CSRF
     * header console.js added. Answers the header htmx sent and the status it got.
     */
    private static final String HTMX_SIGN_OUT = """
            var strip = arguments[0], done = arguments[arguments.length - 1];
            var header = document.querySelector('meta[name="csrf-header"]').content;
            var sent = null, status = null;
            function configure(e) {
                if (strip) { delete e.detail.headers[header]; }
                sent = e.detail.headers[header] || null;
            }
            function after(e) { status = e.detail.xhr.status; }
            // registered after console.js's listener on the document, so it sees the header that one added
            document.addEventListener('htmx:configRequest', configure);
            document.addEventListener('htmx:afterRequest', after);
            htmx.ajax('POST', '/console/logout', {target: 'body', swap: 'none'}).then(function () {
                document.removeEventListener('htmx:configRequest', configure);
                document.removeEventListener('htmx:afterRequest', after);
                done({sent: sent, status: status});
            });
            """;

    @Test
    void aTokenPastedIntoTheSignInFormOpensTheDashboard() {
        Api.TenantToken acme = api.newTenant("Browser Acme");
        browser.open("/console");
        assertThat(browser.path()).as("a signed-out visitor is sent to sign in").isEqualTo("/console/login");
        browser.consoleErrors();

        browser.signInWithToken(acme.token());

        assertThat(browser.path()).isEqualTo("/console");
        assertThat(browser.title()).isEqualTo("Dashboard · Calibrate");
        assertThat(browser.find("h1").getText()).isEqualTo("Dashboard");
        assertThat(browser.find("nav[aria-label=Main] a[aria-current=page]").getText()).isEqualTo("Dashboard");
        assertThat(browser.consoleErrors()).as("console errors while signing in").isEmpty();
    }

    @Test
    void aReadOnlyTokenSeesNoAdminScreensAndNoButtonButSignOut() {
        Api.TenantToken acme = api.newTenant("Browser Viewer");
        Api.TenantToken viewer = api.token(acme.tenantId(), "catalog:read");
        browser.signInWithToken(viewer.token());

        assertThat(browser.path()).isEqualTo("/console");
        assertThat(browser.findAll("nav[aria-label=Main] a")).extracting(WebElement::getText)
                .contains("Dashboard", "Products").doesNotContain("Policy", "People");
        assertThat(browser.findAll("main button, main input[type=submit]")).isEmpty();
        assertThat(browser.findAll("button")).extracting(WebElement::getText).containsExactly("Sign out");
    }

    @Test
    void aTokenThatDoesNotSignInIsNamedNextToTheField() {
        browser.open("/console/login");
        browser.fill("token", "clb_00000000000000000000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        browser.press("Sign in with token");

        assertThat(browser.path()).isEqualTo("/console/login/token");
        assertThat(browser.find("#token-error").getText()).isEqualTo("That token does not sign in: invalid token.");
        assertThat(browser.find("#token").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.find("#token").getAttribute("aria-describedby")).isEqualTo("token-error");
        browser.open("/console");
        assertThat(browser.path()).isEqualTo("/console/login");
    }

    @Test
    void signingOutEndsTheSession() {
        Api.TenantToken acme = api.newTenant("Browser Signout");
        browser.signInWithToken(acme.token());

        browser.signOut();

        browser.waitForText("[role=status]", "You are signed out.", Duration.ofSeconds(5));
        assertThat(browser.path()).isEqualTo("/console/login?signedOut");
        browser.open("/console");
        assertThat(browser.path()).as("the dashboard after signing out").isEqualTo("/console/login");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void htmxRequestsCarryTheSessionsCsrfTokenAndAreRefusedWithoutIt() {
        Api.TenantToken acme = api.newTenant("Browser Htmx");
        browser.signInWithToken(acme.token());
        String token = browser.find("meta[name=csrf-token]").getAttribute("content");
        assertThat(token).isNotBlank();
        assertThat(browser.find("meta[name=csrf-header]").getAttribute("content")).isEqualTo("X-CSRF-TOKEN");
        assertThat(browser.script("return typeof htmx === 'object' && typeof htmx.ajax === 'function';"))
                .as("htmx loaded").isEqualTo(true);
        assertThat(browser.script("""
                return performance.getEntriesByType('resource')
                    .filter(function (r) { return r.name.endsWith('/console/assets/console.js'); })
                    .map(function (r) { return r.responseStatus; });""")).as("console.js loaded").isEqualTo(List.of(200L));

        Map<?, ?> stripped = (Map<?, ?>) browser.asyncScript(HTMX_SIGN_OUT, true);
        assertThat(stripped.get("sent")).isNull();
        assertThat(stripped.get("status")).as("without the header").isEqualTo(403L);
        browser.open("/console");
        assertThat(browser.path()).as("still signed in").isEqualTo("/console");
        browser.consoleErrors();

        Map<?, ?> sent = (Map<?, ?>) browser.asyncScript(HTMX_SIGN_OUT, false);
        assertThat(sent.get("sent")).isEqualTo(browser.find("meta[name=csrf-token]").getAttribute("content"));
        assertThat(sent.get("status")).as("with the header (the sign-in page, after the redirect)").isEqualTo(200L);
        browser.open("/console");
        assertThat(browser.path()).as("signed out by the htmx request").isEqualTo("/console/login");
    }

    @Test
    void aFormPostedFromAnotherSiteDoesNotSignOut() throws IOException {
        Api.TenantToken acme = api.newTenant("Browser Forgery");
        browser.signInWithToken(acme.token());
        String logout = browser.base() + "/console/logout";
        String page = """
                <!DOCTYPE html><html lang="en"><head><title>You won</title></head><body>
                <form id="bare" method="post" action="%1$s"><button>Claim</button></form>
                <form id="guessed" method="post" action="%1$s"><input type="hidden" name="_csrf" value="guessed">
                <button>Claim again</button></form></body></html>""".formatted(logout);

        HttpServer elsewhere = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        elsewhere.createContext("/", exchange -> {
            byte[] body = page.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        elsewhere.start();
        try {
            // same site (localhost), another origin: the browser sends the session cookie, only the CSRF token is missing
            String otherOrigin = "http://localhost:" + elsewhere.getAddress().getPort() + "/";
            for (String form : List.of("#bare", "#guessed")) {
                browser.open(otherOrigin);
                browser.consoleErrors();
                browser.find(form + " button").click();
                browser.waitForPath("/console/logout");
                assertThat(browser.consoleErrors()).as("the post from " + form).anyMatch(e -> e.contains("403"));
                browser.open("/console");
                assertThat(browser.path()).as("still signed in after " + form).isEqualTo("/console");
            }
        } finally {
            elsewhere.stop(0);
        }

        // another site altogether (an opaque data: origin)
        browser.open("data:text/html;charset=utf-8," + URLEncoder.encode(page, StandardCharsets.UTF_8).replace("+", "%20"));
        browser.find("#bare button").click();
        browser.waitForPath("/console/logout");
        browser.open("/console");
        assertThat(browser.path()).as("still signed in after a post from a data: page").isEqualTo("/console");
    }
}
