package dev.calibrate.app.priorprice;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.StoredEvents;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.ProductCreated;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceChanged;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceObserved;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static dev.calibrate.app.support.PriceChangeSamples.EXPLAIN;
import static dev.calibrate.app.support.ProblemAssertions.assertInvalidField;
import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** GET /api/v1/reports/prior-prices over real HTTP, with histories of stored product events (issue 20 item 4). */
class PriorPriceReportTest extends IntegrationTest {

    @Autowired
    EventStore eventStore;
    @Autowired
    EventPositions positions;
    @Autowired
    JdbcTemplate jdbc;

    private StoredEvents events;
    private Api.TenantToken acme;
    private TenantId tenant;
    private Instant now;
    private long position;

    @BeforeEach
    void aTenant() {
        events = new StoredEvents(eventStore, positions, jdbc);
        acme = api.newTenant("Report " + UUID.randomUUID());
        tenant = TenantId.parse(acme.tenantId());
        now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    @Test
    void aReductionFromThePriorPriceIsListedWithoutViolations() {
        ProductId good = product("GOOD");
        observed(good, daysAgo(60), "100.00");
        changed(good, daysAgo(10), "100.00", null, "80.00", "100.00");
        ProductId plain = product("PLAIN");
        observed(plain, daysAgo(60), "50.00");

        JsonNode report = report("currency=USD");

        assertThat(report.get("items")).hasSize(1);
        JsonNode item = report.at("/items/0");
        assertThat(item.get("sku").asText()).isEqualTo("GOOD");
        assertThat(item.at("/priorPrice/amount").asText()).isEqualTo("100.00");
        assertThat(item.get("advertisedReductionPercent").asText()).isEqualTo("20.00");
        assertThat(item.get("reductionPercentFromPriorPrice").asText()).isEqualTo("20.00");
        assertThat(item.get("violations")).isEmpty();
        assertThat(Instant.parse(item.get("announcedSince").asText())).isEqualTo(daysAgo(10));
        assertThat(report.get("violating").asInt()).isZero();
        assertThat(report.get("timeZone").asText()).isEqualTo("UTC");
        assertThat(report.get("ruleApplies").asBoolean()).isFalse();
    }

    /** 80 → 100 → 90 shown as "was 100": overstated, wrong percentage, and no genuine reduction at all. */
    @Test
    void aCompareAtAboveThePriorPriceIsFlagged() {
        ProductId bad = product("BAD");
        observed(bad, daysAgo(29), "80.00");
        observed(bad, daysAgo(20), "100.00");
        changed(bad, daysAgo(5), "100.00", null, "90.00", "100.00");

        JsonNode item = report("currency=USD").at("/items/0");

        assertThat(item.at("/priorPrice/amount").asText()).isEqualTo("80.00");
        assertThat(names(item.get("violations"))).containsExactly("COMPARE_AT_ABOVE_PRIOR_PRICE",
                "REDUCTION_PERCENT_WRONG", "NO_GENUINE_REDUCTION");
        assertThat(item.get("advertisedReductionPercent").asText()).isEqualTo("10.00");
        assertThat(item.get("reductionPercentFromPriorPrice").asText()).isEqualTo("-12.50");
    }

    /** Progressive (the default): the second cut of a live campaign is checked against the campaign's start. */
    @Test
    void aSecondCutOfALiveCampaignIsCheckedAtTheCampaignsStart() {
        ProductId product = product("PROG");
        observed(product, daysAgo(90), "100.00");
        changed(product, daysAgo(25), "100.00", null, "80.00", "100.00");
        changed(product, daysAgo(5), "80.00", "100.00", "60.00", "100.00");

        JsonNode item = report("currency=USD").at("/items/0");

        assertThat(Instant.parse(item.get("announcedSince").asText())).isEqualTo(daysAgo(25));
        assertThat(item.get("violations")).isEmpty();
        assertThat(item.get("reductionPercentFromPriorPrice").asText()).isEqualTo("40.00");
    }

    @Test
    void theReportIsAsOfAt() {
        ProductId product = product("LATER");
        observed(product, daysAgo(60), "100.00");
        changed(product, daysAgo(10), "100.00", null, "80.00", "100.00");

        assertThat(report("currency=USD&at=" + daysAgo(20)).get("items")).isEmpty();
        assertThat(report("currency=USD&at=" + daysAgo(10)).get("items")).hasSize(1);
        assertThat(report("currency=EUR").get("items")).isEmpty();
    }

    @Test
    void pagesFollowTheCursor() {
        for (String sku : List.of("P-1", "P-2", "P-3")) {
            ProductId product = product(sku);
            observed(product, daysAgo(60), "100.00");
            changed(product, daysAgo(10), "100.00", null, "80.00", "100.00");
        }

        JsonNode first = report("currency=USD&size=2");
        JsonNode second = report("currency=USD&size=2&after=" + first.get("nextAfter").asText());

        assertThat(first.get("items")).hasSize(2);
        assertThat(second.get("items")).hasSize(1);
        assertThat(second.has("nextAfter") && !second.get("nextAfter").isNull()).isFalse();
    }

    @Test
    void theSamePageAsCsv() {
        ProductId bad = product("=BAD");
        observed(bad, daysAgo(29), "80.00");
        observed(bad, daysAgo(20), "100.00");
        changed(bad, daysAgo(5), "100.00", null, "90.00", "100.00");
        report("currency=USD");

        Api.Response csv = api.get("/api/v1/reports/prior-prices?currency=USD", acme.token(), "Accept", "text/csv");

        assertThat(csv.status()).as(csv.body()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).isEqualTo("productId,sku,currency,price,compareAt,announcedSince,priorPrice,"
                + "windowStart,historySince,advertisedReductionPercent,reductionPercentFromPriorPrice,violations");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).startsWith(bad + ",\"'=BAD\",USD,90.00,100.00,")
                .endsWith(",10.00,-12.50,COMPARE_AT_ABOVE_PRIOR_PRICE|REDUCTION_PERCENT_WRONG|NO_GENUINE_REDUCTION");
    }

    /** A leading tab or carriage return starts a formula in some spreadsheets too. */
    @Test
    void aSkuStartingWithATabOrCarriageReturnIsDefused() {
        for (String sku : List.of("\t=TAB", "\r=CR")) {
            ProductId product = product(sku);
            observed(product, daysAgo(60), "100.00");
            changed(product, daysAgo(10), "100.00", null, "80.00", "100.00");
        }
        report("currency=USD");

        String csv = api.get("/api/v1/reports/prior-prices?currency=USD", acme.token(), "Accept", "text/csv").body();

        assertThat(csv).contains(",\"'\t=TAB\",").contains(",\"'\r=CR\",")
                .doesNotContain(",\"\t=TAB\",").doesNotContain(",\"\r=CR\",");
    }

    /** Asked for CSV, a bad parameter is still a 400 problem, not a 406 or a 500. */
    @Test
    void aCsvRequestWithABadParameterIsA400Problem() {
        String path = "/api/v1/reports/prior-prices?";
        assertInvalidField(api.get(path + "currency=usd", acme.token(), "Accept", "text/csv"), "currency");
        assertInvalidField(api.get(path + "currency=USD&at=1999-01-01T00:00:00Z", acme.token(), "Accept", "text/csv"),
                "at");
        assertProblem(api.get(path + "currency=USD&size=many", acme.token(), "Accept", "text/csv"), 400, null);
    }

    @Test
    void anAuditReaderMayReadItAndAPricerMayNot() {
        Api.TenantToken auditor = api.token(acme.tenantId(), "audit:read");
        Api.TenantToken pricer = api.token(acme.tenantId(), "prices:write");

        assertThat(api.get("/api/v1/reports/prior-prices?currency=USD", auditor.token()).status()).isEqualTo(200);
        assertProblem(api.get("/api/v1/reports/prior-prices?currency=USD", pricer.token()), 403, "missing-scope");
        assertProblem(api.get("/api/v1/reports/prior-prices?currency=USD", null), 401, "unauthorized");
    }

    @Test
    void anotherTenantsProductsAreNeverListed() {
        ProductId product = product("MINE");
        observed(product, daysAgo(60), "100.00");
        changed(product, daysAgo(10), "100.00", null, "80.00", "100.00");
        report("currency=USD");
        Api.TenantToken globex = api.newTenant("Report other " + UUID.randomUUID());

        assertThat(api.get("/api/v1/reports/prior-prices?currency=USD", globex.token()).json().get("items")).isEmpty();
    }

    /** Half-even, 15.00 → 5.00 would advertise 66.67 %, more than the reduction is. */
    @Test
    void percentagesAreRoundedDown() {
        ProductId third = product("THIRD");
        observed(third, daysAgo(60), "15.00");
        changed(third, daysAgo(10), "15.00", null, "5.00", "15.00");

        JsonNode item = report("currency=USD").at("/items/0");

        assertThat(item.get("advertisedReductionPercent").asText()).isEqualTo("66.66");
        assertThat(item.get("reductionPercentFromPriorPrice").asText()).isEqualTo("66.66");
        assertThat(item.get("violations")).isEmpty();
    }

    /** A compare-at at or below the price announces no reduction: listed, never flagged. */
    @Test
    void aCompareAtThatAnnouncesNoReductionIsNotFlagged() {
        ProductId equal = product("EQUAL");
        observed(equal, daysAgo(60), "50.00");
        changed(equal, daysAgo(10), "50.00", null, "60.00", "60.00");
        ProductId below = product("BELOW");
        observed(below, daysAgo(60), "50.00");
        changed(below, daysAgo(10), "50.00", null, "70.00", "65.00");

        JsonNode report = report("currency=USD");

        assertThat(report.get("items")).hasSize(2);
        assertThat(report.get("items")).allSatisfy(item -> assertThat(item.get("violations")).isEmpty());
        assertThat(report.get("violating").asInt()).isZero();
    }

    @Test
    void badParametersAre400s() {
        String path = "/api/v1/reports/prior-prices?";
        assertProblem(api.get(path, acme.token()), 400, null);
        assertInvalidField(api.get(path + "currency=usd", acme.token()), "currency");
        assertInvalidField(api.get(path + "currency=USD&at=yesterday", acme.token()), "at");
        assertInvalidField(api.get(path + "currency=USD&after=nope", acme.token()), "after");
        // out of any sane range: Timestamp.from and PostgreSQL would overflow into a 500
        assertInvalidField(api.get(path + "currency=USD&at=1999-12-31T23:59:59Z", acme.token()), "at");
        assertInvalidField(api.get(path + "currency=USD&at=-999999999-01-01T00:00:00Z", acme.token()), "at");
        assertInvalidField(api.get(path + "currency=USD&at=%2B999999999-12-31T23:59:59Z", acme.token()), "at");
        assertInvalidField(api.get(path + "currency=USD&at=" + now.plus(Duration.ofDays(400)), acme.token()), "at");
        assertInvalidField(api.get(path + "currency=USD&size=0", acme.token()), "size");
        assertInvalidField(api.get(path + "currency=USD&size=501", acme.token()), "size");
    }

    private JsonNode report(String query) {
        Api.Response response = api.get("/api/v1/reports/prior-prices?" + query, acme.token(),
                EventPositions.WAIT_HEADER, Long.toString(position));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private ProductId product(String sku) {
        ProductId product = ProductId.forSku(tenant, sku);
        position = events.appendAt("Product", product.toString(), acme.tenantId(), acme.tokenId(), daysAgo(100),
                new ProductCreated(product, tenant, sku, new ProductDetails("Item " + sku, "Acme", null, List.of(),
                        null, Map.of()), true));
        return product;
    }

    private void observed(ProductId product, Instant at, String usd) {
        position = events.appendAt("Product", product.toString(), acme.tenantId(), acme.tokenId(), at,
                new ProductPriceObserved(product, tenant, usd(usd), null, "api"));
    }

    private void changed(ProductId product, Instant at, String oldPrice, String oldCompareAt, String newPrice,
                         String newCompareAt) {
        position = events.appendAt("Product", product.toString(), acme.tenantId(), "system", at,
                new ProductPriceChanged(product, tenant, PriceChangeId.random(), RunKind.APPLY, usd(oldPrice),
                        usd(newPrice), usd(oldCompareAt), usd(newCompareAt), EXPLAIN));
    }

    private Instant daysAgo(int days) {
        return now.minus(Duration.ofDays(days));
    }

    private static List<String> names(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static Money usd(String amount) {
        return amount == null ? null : new Money(new BigDecimal(amount), "USD");
    }
}
