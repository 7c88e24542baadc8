package dev.calibrate.app.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.ConsoleClient;
import dev.calibrate.app.support.ConsoleClient.Page;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.StoredEvents;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.support.LongStreams.created;
import static dev.calibrate.app.support.LongStreams.observed;
import static dev.calibrate.app.support.LongStreams.then;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code /console/products}: the list with its filters and pages, and a product's page, over real HTTP. */
class ConsoleProductsTest extends IntegrationTest {

    @Autowired
    EventStore eventStore;
    @Autowired
    EventPositions positions;
    @Autowired
    JdbcTemplate jdbc;

    private static Map<String, Object> product(String sku, String title, String vendor, boolean active, String price,
                                               String... tags) {
        Map<String, Object> product = new LinkedHashMap<>();
        product.put("sku", sku);
        product.put("title", title);
        product.put("vendor", vendor);
        product.put("tags", List.of(tags));
        product.put("active", active);
        product.put("prices", List.of(Map.of("currency", "USD", "amount", price)));
        return product;
    }

    private Api.TenantToken catalog(String name, List<Map<String, Object>> products) {
        Api.TenantToken tenant = api.newTenant(name + " " + UUID.randomUUID());
        new PriceChangeSteps(api).catalog(tenant.token(), products);
        return tenant;
    }

    private ConsoleClient signedIn(String token) {
        ConsoleClient browser = new ConsoleClient(port);
        assertThat(browser.signInWithToken(token).status()).isEqualTo(302);
        return browser;
    }

    @Test
    void theListShowsWhatTheApiListsAndTheFiltersNarrowItTheSameWay() {
        Api.TenantToken acme = catalog("Console list", List.of(
                product("TS-1", "Summer tee", "Acme", true, "20.00", "summer"),
                product("TS-2", "Striped tee", "Bolt", true, "25.00", "summer", "stripes"),
                product("WN-1", "Winter coat", "Acme", false, "99.00", "winter")));
        ConsoleClient browser = signedIn(acme.token());

        Page all = browser.get("/console/products");
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.body()).contains("3 products").contains("TS-1").contains("Summer tee").contains("TS-2")
                .contains("WN-1").contains("20.00 USD").contains("aria-current=\"page\"");
        JsonNode api = this.api.get("/api/v1/products", acme.token()).json();
        api.get("items").forEach(item -> assertThat(all.body()).contains("/console/products/" + item.get("id").asText()));

        assertThat(browser.get("/console/products?tag=stripes").body()).contains("1 product").contains("TS-2")
                .doesNotContain("TS-1<");
        assertThat(browser.get("/console/products?vendor=Acme").body()).contains("2 products").contains("WN-1")
                .doesNotContain("Striped tee");
        assertThat(browser.get("/console/products?sku=WN-1").body()).contains("1 product").contains("Winter coat");
        assertThat(browser.get("/console/products?q=tee").body()).contains("2 products").doesNotContain("Winter coat");
        Page inactive = browser.get("/console/products?active=false");
        assertThat(inactive.body()).contains("1 product").contains("Winter coat").contains("Inactive");
        assertThat(inactive.body()).contains("<option value=\"false\" selected=\"selected\">");
        assertThat(browser.get("/console/products?q=nothing-like-this").body()).contains("No products match");
    }

    @Test
    void theListPagesKeepingItsFilters() {
        List<Map<String, Object>> products = new ArrayList<>();
        for (int i = 0; i < 53; i++) {
            products.add(product(String.format("PG-%03d", i), "Paged " + i, "Acme", true, "10.00", "paged"));
        }
        Api.TenantToken acme = catalog("Console pages", products);
        ConsoleClient browser = signedIn(acme.token());

        Page first = browser.get("/console/products?tag=paged");
        assertThat(first.body()).contains("53 products").contains("PG-000").contains("PG-049").doesNotContain("PG-050")
                .contains("Page 1 of 2").contains("href=\"/console/products?tag=paged&amp;page=1\"");
        Page second = browser.get("/console/products?tag=paged&page=1");
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.body()).contains("PG-050").contains("PG-052").doesNotContain("PG-049").contains("Page 2 of 2")
                .contains("href=\"/console/products?tag=paged\"");
        assertThat(browser.get("/console/products?tag=paged&page=7").body()).contains("This page is past the last product");
    }

    @Test
    void aTenantWithoutProductsSeesTheEmptyState() {
        ConsoleClient browser = signedIn(api.newTenant("Console empty " + UUID.randomUUID()).token());
        Page empty = browser.get("/console/products");
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.body()).contains("0 products").contains("No products match");
    }

    @Test
    void invalidFiltersShowTheFormAgainWithTheErrorNeverAServerError() {
        ConsoleClient browser = signedIn(api.newTenant("Console invalid " + UUID.randomUUID()).token());

        Page negative = browser.get("/console/products?page=-1&q=kept");
        assertThat(negative.status()).isEqualTo(400);
        assertThat(negative.body()).contains("id=\"page-error\"").contains("The page must be a whole number from 0.")
                .contains("value=\"kept\"");
        Page word = browser.get("/console/products?page=abc");
        assertThat(word.status()).isEqualTo(400);
        assertThat(browser.get("/console/products?page=100000").body())
                .contains("id=\"page-error\"").contains("Must be at most 2000 with size 50");
        Page active = browser.get("/console/products?active=maybe");
        assertThat(active.status()).isEqualTo(400);
        assertThat(active.body()).contains("id=\"active-error\"");
        Page control = browser.get("/console/products?q=%01bad");
        assertThat(control.status()).isEqualTo(400);
        Page tooLong = browser.get("/console/products?vendor=" + "v".repeat(201));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body()).contains("id=\"vendor-error\"");
    }

    @Test
    void aTitleWithMarkupIsShownAsText() {
        Api.TenantToken acme = catalog("Console xss", List.of(
                product("XSS-1", "<script>alert(1)</script>", "<b>Bold</b>", true, "5.00", "<i>tag</i>")));
        ConsoleClient browser = signedIn(acme.token());
        String id = api.get("/api/v1/products?sku=XSS-1", acme.token()).json().at("/items/0/id").asText();

        for (Page page : List.of(browser.get("/console/products"), browser.get("/console/products/" + id))) {
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).doesNotContain("<script>alert(1)</script>").doesNotContain("<b>Bold</b>")
                    .contains("&lt;script&gt;alert(1)&lt;/script&gt;").contains("&lt;b&gt;Bold&lt;/b&gt;");
        }
    }

    @Test
    void aProductPageShowsItsPricesWhyTheChartItsCompetitorsAndItsEvents() {
        AppliedSaleScenario sale = new AppliedSaleScenario(api, "Console product");
        JsonNode product = api.get("/api/v1/products/" + sale.tee, sale.manager.token()).json();
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                api.get("/api/v1/products/" + sale.tee, sale.manager.token()).json().at("/prices/0/amount").asText())
                .isEqualTo("16.99"));
        ConsoleClient browser = signedIn(sale.manager.token());

        Page page = browser.get("/console/products/" + sale.tee);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains(product.get("title").asText()).contains("16.99 USD")
                .contains("compare at 20.00")
                .contains("Set by the price change").contains("Summer sale").contains("/console/price-changes/" + sale.change)
                // who wrote and approved it by their tokens' names (both "test" here), not by token ids
                .contains(", written by <span class=\"actor\" title=\"API token\">test</span>")
                .contains(", approved by <span class=\"actor\" title=\"API token\">test</span>")
                .doesNotContain("by " + sale.approver.tokenId()).doesNotContain("by " + sale.manager.tokenId())
                .contains("How the price was computed").contains("percent").contains("min_margin")
                .contains("<svg role=\"img\"").contains("<title id=\"chart-USD-title\">Price history in USD</title>")
                .contains("<desc id=\"chart-USD-desc\">2 prices in USD").contains("class=\"chart-line\" d=\"M")
                .contains("Price history as a table").contains("No competitor has been seen selling this product.")
                .contains("ProductCreated").contains("ProductPriceChanged");

        Page winter = browser.get("/console/products/" + sale.winter);
        assertThat(winter.body()).contains("99.00 USD").contains("Observed (ProductPriceObserved)")
                .contains("1 price in USD");
    }

    @Test
    void anotherTenantsProductIsNotFoundAsInTheApi() {
        Api.TenantToken other = catalog("Console other", List.of(product("OT-1", "Theirs", "Acme", true, "5.00")));
        String theirs = api.get("/api/v1/products?sku=OT-1", other.token()).json().at("/items/0/id").asText();
        Api.TenantToken acme = api.newTenant("Console mine " + UUID.randomUUID());
        ConsoleClient browser = signedIn(acme.token());

        assertThat(api.get("/api/v1/products/" + theirs, acme.token()).status()).isEqualTo(404);
        Page page = browser.get("/console/products/" + theirs);
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.body()).contains("Not found").doesNotContain("Theirs");
        assertThat(browser.get("/console/products/not-a-uuid").status()).isEqualTo(404);
    }

    @Test
    void withoutCatalogReadTheProductScreensAreRefused() {
        Api.TenantToken acme = api.newTenant("Console scope " + UUID.randomUUID());
        Api.TenantToken auditor = api.token(acme.tenantId(), "audit:read");
        ConsoleClient browser = signedIn(auditor.token());

        Page list = browser.get("/console/products");
        assertThat(list.status()).isEqualTo(403);
        assertThat(list.body()).contains("Not allowed").contains("catalog:read");
        assertThat(browser.get("/console/products/" + UUID.randomUUID()).status()).isEqualTo(403);
    }

    @Test
    void aViewerSeesWhichPermissionsTheOtherSectionsNeed() {
        Api.TenantToken acme = catalog("Console viewer", List.of(product("VW-1", "Viewed", "Acme", true, "5.00")));
        Api.TenantToken viewer = api.token(acme.tenantId(), "catalog:read");
        String id = api.get("/api/v1/products?sku=VW-1", acme.token()).json().at("/items/0/id").asText();
        Page page = signedIn(viewer.token()).get("/console/products/" + id);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Viewed").contains("5.00 USD")
                .contains("Competitor prices need the competitors:read permission.")
                .contains("The event history needs the audit:read permission.");
    }

    /** A product read carries a currency's newest 500 prices: the page says so, and where the older ones are. */
    @Test
    void aProductPricedMoreOftenThanThePageShowsSaysWhereTheOlderPricesAre() {
        Api.TenantToken acme = api.newTenant("Console long history " + UUID.randomUUID());
        TenantId tenant = TenantId.parse(acme.tenantId());
        ProductId product = ProductId.forSku(tenant, "LONG-1");
        Object[] events = then(created(product, tenant, "LONG-1"),
                observed(product, tenant, "USD", 501, i -> (i + 1) + ".00"));
        long head = new StoredEvents(eventStore, positions, jdbc).appendAt("Product", product.toString(),
                acme.tenantId(), acme.tokenId(), Instant.parse("2026-11-01T00:00:00Z"), events);
        api.get("/api/v1/products/" + product, acme.token(), "X-Calibrate-Wait-For", String.valueOf(head));

        ConsoleClient browser = signedIn(acme.token());
        Page page = browser.get("/console/products/" + product);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("The newest 500 prices of each currency").contains("older")
                .contains("/console/audit/price-at?product=" + product).contains("501.00 USD");
        Page priceAt = browser.get("/console/audit/price-at?product=" + product);
        assertThat(priceAt.status()).as("the link fills the form in, it asks nothing yet").isEqualTo(200);
        assertThat(priceAt.body()).contains("value=\"" + product + "\"").doesNotContain("Enter a currency");

        Api.TenantToken brief = catalog("Console short history", List.of(product("SH-1", "Short", "Acme", true,
                "5.00")));
        String id = api.get("/api/v1/products?sku=SH-1", brief.token()).json().at("/items/0/id").asText();
        assertThat(signedIn(brief.token()).get("/console/products/" + id).body())
                .doesNotContain("The newest 500 prices of each currency");
    }
}
