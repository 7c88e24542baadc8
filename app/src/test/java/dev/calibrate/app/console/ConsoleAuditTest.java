package dev.calibrate.app.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.ConsoleClient;
import dev.calibrate.app.support.ConsoleClient.Page;
import dev.calibrate.app.support.IntegrationTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /console/audit}: the timeline with its filters and explain traces, and price at an instant. */
class ConsoleAuditTest extends IntegrationTest {

    private static final Pattern EXPLAIN_LINK = Pattern.compile("hx-get=\"([^\"]+)\"");

    private ConsoleClient signedIn(String token) {
        ConsoleClient browser = new ConsoleClient(port);
        assertThat(browser.signInWithToken(token).status()).isEqualTo(302);
        return browser;
    }

    /** The API's audit entries of the product, once the audit projection has caught up with the apply. */
    private JsonNode auditOf(AppliedSaleScenario sale, String productId) {
        JsonNode[] entries = {null};
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            entries[0] = api.get("/api/v1/audit?entityType=product&entityId=" + productId, sale.manager.token())
                    .json().get("items");
            assertThat(entries[0].toString()).contains("ProductPriceChanged");
        });
        return entries[0];
    }

    @Test
    void theTimelineShowsTheApisEntriesFiltersThemAndLoadsAnExplainOnDemand() {
        AppliedSaleScenario sale = new AppliedSaleScenario(api, "Console audit");
        JsonNode entries = auditOf(sale, sale.tee);
        ConsoleClient browser = signedIn(sale.manager.token());

        Page all = browser.get("/console/audit");
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.body()).contains("ProductCreated").contains("PriceChangeApproved").contains("ProductPriceChanged")
                .contains("newest first");

        Page product = browser.get("/console/audit?entityType=product&entityId=" + sale.tee);
        assertThat(product.status()).isEqualTo(200);
        assertThat(product.body()).contains(entries.size() == 1 ? "1 entry" : entries.size() + " entries")
                .doesNotContain("PriceChangeApproved").contains("href=\"/console/products/" + sale.tee + "\"");

        Page byApprover = browser.get("/console/audit?actor=" + sale.approver.tokenId());
        assertThat(byApprover.body()).contains("PriceChangeApproved").doesNotContain("ProductCreated");
        assertThat(browser.get("/console/audit?from=2999-01-01T00:00").body()).contains("Nothing in the audit log matches");
        assertThat(browser.get("/console/audit?to=2000-01-01T00:00:00Z").body()).contains("0 entries");

        Matcher link = EXPLAIN_LINK.matcher(product.body());
        assertThat(link.find()).as("an explain link").isTrue();
        Page explain = browser.htmx("GET", link.group(1).replace("&amp;", "&"), Map.of());
        assertThat(explain.status()).isEqualTo(200);
        assertThat(explain.body()).contains("percent").contains("min_margin").contains("Matched")
                .doesNotContain("<html");

        Page missing = browser.htmx("GET", "/console/audit/explain?entityType=product&entityId=" + sale.tee
                + "&eventId=nope&at=2026-01-01T00:00:00Z", Map.of());
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body()).contains("no explain trace");
    }

    @Test
    void invalidFiltersShowTheFormAgainWithTheError() {
        ConsoleClient browser = signedIn(api.newTenant("Console audit invalid " + UUID.randomUUID()).token());
        Page from = browser.get("/console/audit?from=yesterday&actor=kept");
        assertThat(from.status()).isEqualTo(400);
        assertThat(from.body()).contains("id=\"from-error\"").contains("value=\"kept\"").contains("value=\"yesterday\"");
        assertThat(browser.get("/console/audit?page=-1").status()).isEqualTo(400);
        assertThat(browser.get("/console/audit?actor=%00").status()).isEqualTo(400);
        Page empty = browser.get("/console/audit?entityType=product");
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.body()).contains("Nothing in the audit log matches");
    }

    @Test
    void priceAtAnInstantAnswersFromTheEventsWithTheChangeThatSetIt() {
        AppliedSaleScenario sale = new AppliedSaleScenario(api, "Console price at");
        ConsoleClient browser = signedIn(sale.manager.token());
        String now = URLEncoder.encode(java.time.Instant.now().plusSeconds(1).toString(), StandardCharsets.UTF_8);

        Page bySku = browser.get("/console/audit/price-at?product=TS-1&currency=usd&at=" + now);
        assertThat(bySku.status()).isEqualTo(200);
        assertThat(bySku.body()).contains("16.99 USD at").contains("ProductPriceChanged")
                .contains("/console/price-changes/" + sale.change).contains("How the price was computed");
        Page before = browser.get("/console/audit/price-at?product=" + sale.tee + "&currency=USD&at=2000-01-01T00:00");
        assertThat(before.status()).isEqualTo(404);
        assertThat(before.body()).contains("had no USD price at that time");

        Page invalid = browser.get("/console/audit/price-at?product=TS-1&currency=US&at=later");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body()).contains("id=\"currency-error\"").contains("id=\"at-error\"").contains("value=\"TS-1\"");
        Page unknown = browser.get("/console/audit/price-at?product=NOPE&currency=USD&at=2026-01-01T00:00");
        assertThat(unknown.body()).contains("No product has this SKU.");
    }

    @Test
    void withoutAuditReadTheTimelineIsRefused() {
        Api.TenantToken acme = api.newTenant("Console audit scope " + UUID.randomUUID());
        ConsoleClient browser = signedIn(api.token(acme.tenantId(), "catalog:read").token());
        Page page = browser.get("/console/audit");
        assertThat(page.status()).isEqualTo(403);
        assertThat(page.body()).contains("audit:read");
        assertThat(browser.htmx("GET", "/console/audit/explain?entityType=product&entityId=x&eventId=y&at=2026-01-01T00:00:00Z",
                Map.of()).status()).isEqualTo(403);
        ConsoleClient prices = signedIn(api.token(acme.tenantId(), "prices:write").token());
        assertThat(prices.get("/console/audit/price-at").status()).isEqualTo(403);
    }
}
