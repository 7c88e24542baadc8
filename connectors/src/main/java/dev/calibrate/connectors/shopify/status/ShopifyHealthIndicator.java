package dev.calibrate.connectors.shopify.status;

import dev.calibrate.connectors.shopify.api.ShopHealth;
import dev.calibrate.connectors.shopify.api.ShopifyGraphQl;
import dev.calibrate.connectors.shopify.connection.ShopConnection;
import dev.calibrate.connectors.shopify.connection.ShopifyConnections;
import dev.calibrate.connectors.shopify.writeback.ShopifyDeliveryViews;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code /actuator/health} component {@code shopify}: per connected shop, the connection's status,
 * token validity, last successful call, cost-bucket headroom, circuit breaker, and prices pending or
 * failed at Shopify. A shop in trouble does not take this node out of service, so the component stays
 * UP and lists the shops that need attention under {@code attention} (all of them; {@code shops} shows the
 * 50 connected most recently); alert on the gauges
 * {@code calibrate.shopify.deliveries.pending|failed} and {@code calibrate.shopify.connections.attention}.
 */
@Component("shopifyHealthIndicator")
class ShopifyHealthIndicator extends AbstractHealthIndicator {

    private static final int LISTED_SHOPS = 50;

    private final ShopifyConnections connections;
    private final ShopifyGraphQl shopify;
    private final ShopifyDeliveryViews deliveries;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    ShopifyHealthIndicator(ShopifyConnections connections, ShopifyGraphQl shopify, ShopifyDeliveryViews deliveries,
                           JdbcTemplate jdbc, Optional<Clock> clock, MeterRegistry meters) {
        this.connections = connections;
        this.shopify = shopify;
        this.deliveries = deliveries;
        this.clock = clock.orElse(Clock.systemUTC());
        this.jdbc = jdbc;
        Gauge.builder("calibrate.shopify.deliveries.pending", this, h -> h.deliveries("PENDING"))
                .description("prices waiting to be written to Shopify, all shops").register(meters);
        Gauge.builder("calibrate.shopify.deliveries.failed", this, h -> h.deliveries("FAILED"))
                .description("prices Shopify refused or that failed every attempt, all shops").register(meters);
        Gauge.builder("calibrate.shopify.connections.attention", this,
                        h -> h.attention(h.connections.all(), c -> h.deliveries.summary(c.tenantId())).size())
                .description("connected shops with a refused token, an uninstalled app, an open circuit breaker or failed prices")
                .register(meters);
        Gauge.builder("calibrate.shopify.bucket.lowest", this, ShopifyHealthIndicator::lowestBucket)
                .description("percent of its cost bucket the most drained shop this node calls has now (NaN: none"
                        + " called yet); near 0, calls to that shop wait for points to restore")
                .baseUnit("percent").register(meters);
    }

    /**
     * The lowest share of its bucket any shop this node has called has now, restored since Shopify last
     * described it; no shop name, so the series does not grow with the shops.
     */
    double lowestBucket() {
        Instant now = clock.instant();
        return shopify.knownShops().stream().map(ShopHealth::throttleStatus)
                .filter(status -> status != null && status.maximumAvailable() > 0)
                .mapToDouble(status -> 100 * status.availableAt(now) / status.maximumAvailable())
                .min().orElse(Double.NaN);
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        // newest first: the shops listed (at most 50) are the ones an operator just connected
        List<ShopConnection> all = connections.all().stream()
                .sorted(java.util.Comparator.comparing(ShopConnection::connectedAt).reversed()).toList();
        // one summary query per shop, shared by the listing and the attention check
        Map<ShopConnection, ShopifyDeliveryViews.Summary> summaries = new java.util.HashMap<>();
        Function<ShopConnection, ShopifyDeliveryViews.Summary> summary =
                c -> summaries.computeIfAbsent(c, k -> deliveries.summary(k.tenantId()));
        List<Map<String, Object>> shops = new ArrayList<>();
        for (ShopConnection connection : all.subList(0, Math.min(all.size(), LISTED_SHOPS))) {
            Map<String, Object> shop = new LinkedHashMap<>();
            shop.put("shop", connection.shop());
            shop.put("status", connection.status().name());
            shop.putAll(details(ShopifyStatus.api(connection, shopify.health(connection.shop()), clock.instant())));
            shop.put("pendingWrites", summary.apply(connection).pending());
            shop.put("failedWrites", summary.apply(connection).failed());
            shops.add(shop);
        }
        builder.up().withDetail("connections", all.size()).withDetail("attention", attention(all, summary))
                .withDetail("shops", shops);
    }

    private long deliveries(String status) {
        Long count = jdbc.queryForObject("SELECT count(*) FROM shopify_delivery WHERE status = ?", Long.class, status);
        return count == null ? 0 : count;
    }

    /** Shops that need someone: the reason per shop. */
    private Map<String, String> attention(List<ShopConnection> all,
                                          Function<ShopConnection, ShopifyDeliveryViews.Summary> summary) {
        Map<String, String> attention = new LinkedHashMap<>();
        for (ShopConnection connection : all) {
            ShopHealth health = shopify.health(connection.shop());
            if (!connection.active()) {
                attention.put(connection.shop(), connection.status() + (connection.statusReason() == null ? ""
                        : ": " + connection.statusReason()));
            } else if (health.tokenRejected()) {
                attention.put(connection.shop(), "Shopify refused the access token");
            } else if ("OPEN".equals(health.circuitState())) {
                attention.put(connection.shop(), "circuit breaker open: " + health.lastFailure());
            } else if (summary.apply(connection).failed() > 0) {
                attention.put(connection.shop(), "prices failed at Shopify; see GET /api/v1/connectors/shopify/deliveries?status=FAILED");
            }
        }
        return attention;
    }

    /** The API status flattened into the shop's entry; health details show what was not seen yet as null. */
    private static Map<String, Object> details(ShopifyStatusApi.ShopifyApiHealth api) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("tokenValid", api.tokenValid());
        details.put("lastSuccessAt", text(api.lastSuccessAt()));
        details.put("lastFailureAt", text(api.lastFailureAt()));
        details.put("lastFailure", api.lastFailure());
        details.put("circuitBreaker", api.circuitBreaker());
        ShopifyStatusApi.ShopifyCostBucket bucket = api.costBucket();
        if (bucket != null) {
            Map<String, Object> costBucket = new LinkedHashMap<>();
            costBucket.put("available", bucket.available());
            costBucket.put("maximum", bucket.maximum());
            costBucket.put("restoreRatePerSecond", bucket.restoreRatePerSecond());
            costBucket.put("headroomPercent", bucket.headroomPercent());
            costBucket.put("reportedAt", bucket.reportedAt().toString());
            details.put("costBucket", costBucket);
        }
        return details;
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }
}
