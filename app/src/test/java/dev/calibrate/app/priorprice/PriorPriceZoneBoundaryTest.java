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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.support.PriceChangeSamples.EXPLAIN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The prior-price window's exact start in a tenant outside UTC, over HTTP (issue 20 items 2 and 4): the tenant is
 * put in Europe/Berlin through the admin API, and the report is asked at a fixed instant, so the boundary is held
 * to the second (a preview runs on the real clock; {@code PriorPricePreviewTest} keeps an hour either side).
 * The reduction is announced on 2026-11-20 at 12:00 in Berlin (CET); thirty Berlin days before is 2026-10-21 at
 * 12:00 CEST, 10:00 UTC, an hour before thirty times 24 hours would put it: a price in effect at that start
 * counts, one that ended exactly there does not.
 */
class PriorPriceZoneBoundaryTest extends IntegrationTest {

    private static final Instant ANNOUNCED = Instant.parse("2026-11-20T11:00:00Z");
    private static final Instant WINDOW_START = Instant.parse("2026-10-21T10:00:00Z");
    private static final Instant LONG_BEFORE = Instant.parse("2026-09-01T08:00:00Z");

    @Autowired
    EventStore eventStore;
    @Autowired
    EventPositions positions;
    @Autowired
    JdbcTemplate jdbc;

    private StoredEvents events;
    private Api.TenantToken acme;
    private TenantId tenant;
    private long position;

    @BeforeEach
    void aTenantInBerlin() {
        events = new StoredEvents(eventStore, positions, jdbc);
        acme = api.newTenant("Berlin boundary " + UUID.randomUUID());
        tenant = TenantId.parse(acme.tenantId());
        Api.Response zone = api.send("PUT", "/admin/v1/tenants/" + acme.tenantId() + "/time-zone", api.adminToken(),
                Map.of("timeZone", "Europe/Berlin"));
        assertThat(zone.status()).as(zone.body()).isEqualTo(200);
        // the tenant reads its zone back once the tenant read model (which the report reads it from) has it
        assertThat(api.get("/api/v1/policy", acme.token(), EventPositions.WAIT_HEADER, Long.toString(zone.position()))
                .json().get("timeZone").asText()).isEqualTo("Europe/Berlin");
    }

    @Test
    void aPriceInEffectAtTheLocalWindowStartCountsAndOneThatEndedThereDoesNot() {
        // 70 from the window's first second to its second: in effect at a moment of the window
        ProductId counts = product("STARTS-AT-WINDOW");
        observed(counts, LONG_BEFORE, "100.00");
        observed(counts, WINDOW_START, "70.00");
        observed(counts, WINDOW_START.plusSeconds(1), "100.00");
        announced(counts);
        // 70 for the second before the window: replaced exactly at its start, never in effect inside it
        ProductId ended = product("ENDS-AT-WINDOW");
        observed(ended, LONG_BEFORE, "100.00");
        observed(ended, WINDOW_START.minusSeconds(1), "70.00");
        observed(ended, WINDOW_START, "100.00");
        announced(ended);

        JsonNode report = report();

        assertThat(report.get("timeZone").asText()).isEqualTo("Europe/Berlin");
        JsonNode inside = item(report, "STARTS-AT-WINDOW");
        assertThat(Instant.parse(inside.get("windowStart").asText())).isEqualTo(WINDOW_START);
        assertThat(inside.at("/priorPrice/amount").asText()).isEqualTo("70.00");
        assertThat(inside.get("violations").toString()).contains("COMPARE_AT_ABOVE_PRIOR_PRICE");
        JsonNode outside = item(report, "ENDS-AT-WINDOW");
        assertThat(Instant.parse(outside.get("windowStart").asText())).isEqualTo(WINDOW_START);
        assertThat(outside.at("/priorPrice/amount").asText()).isEqualTo("100.00");
        assertThat(outside.get("violations")).isEmpty();
    }

    private JsonNode report() {
        Api.Response response = api.get("/api/v1/reports/prior-prices?currency=USD&at=" + ANNOUNCED.plusSeconds(86_400),
                acme.token(), EventPositions.WAIT_HEADER, Long.toString(position));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static JsonNode item(JsonNode report, String sku) {
        for (JsonNode item : report.get("items")) {
            if (item.get("sku").asText().equals(sku)) {
                return item;
            }
        }
        throw new AssertionError(sku + " is not in " + report);
    }

    private ProductId product(String sku) {
        ProductId product = ProductId.forSku(tenant, sku);
        position = events.appendAt("Product", product.toString(), acme.tenantId(), acme.tokenId(), LONG_BEFORE,
                new ProductCreated(product, tenant, sku, new ProductDetails("Item " + sku, "Acme", null, List.of(),
                        null, Map.of()), true));
        return product;
    }

    private void observed(ProductId product, Instant at, String usd) {
        position = events.appendAt("Product", product.toString(), acme.tenantId(), acme.tokenId(), at,
                new ProductPriceObserved(product, tenant, usd(usd), null, "api"));
    }

    /** 100 → 80, announced as "was 100". */
    private void announced(ProductId product) {
        position = events.appendAt("Product", product.toString(), acme.tenantId(), "system", ANNOUNCED,
                new ProductPriceChanged(product, tenant, PriceChangeId.random(), RunKind.APPLY, usd("100.00"),
                        usd("80.00"), null, usd("100.00"), EXPLAIN));
    }

    private static Money usd(String amount) {
        return new Money(new BigDecimal(amount), "USD");
    }
}
