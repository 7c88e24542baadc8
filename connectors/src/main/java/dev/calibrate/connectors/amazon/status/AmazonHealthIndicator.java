package dev.calibrate.connectors.amazon.status;

import dev.calibrate.connectors.amazon.api.SpApi;
import dev.calibrate.connectors.amazon.connection.AmazonConnections;
import dev.calibrate.connectors.amazon.connection.SellerConnection;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /actuator/health} component {@code amazon}: per connected seller account, whether its
 * credentials still work, when calls last succeeded or failed, and its circuit breaker. A broken account does not take this
 * node out of service, so the component stays UP and lists the accounts that need someone under
 * {@code attention}; alert on the gauge {@code calibrate.amazon.connections.broken}.
 */
@Component("amazonHealthIndicator")
class AmazonHealthIndicator extends AbstractHealthIndicator {

    private static final int LISTED_SELLERS = 50;

    private final AmazonConnections connections;
    private final SpApi spApi;

    AmazonHealthIndicator(AmazonConnections connections, SpApi spApi, MeterRegistry meters) {
        this.connections = connections;
        this.spApi = spApi;
        Gauge.builder("calibrate.amazon.connections.broken", this,
                        h -> h.connections.all().stream().filter(c -> !c.active()).count())
                .description("connected Amazon seller accounts whose credentials Login with Amazon refused")
                .register(meters);
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        List<SellerConnection> all = connections.all();
        Map<String, String> attention = new LinkedHashMap<>();
        List<Map<String, Object>> sellers = new ArrayList<>();
        for (SellerConnection connection : all) {
            SpApi.Health api = spApi.health(connection.tenantId());
            if (!connection.active()) {
                attention.put(connection.sellerId(), connection.status() + (connection.statusReason() == null ? ""
                        : ": " + connection.statusReason()) + "; reconnect with POST /api/v1/connectors/amazon");
            } else if ("OPEN".equals(api.circuitBreaker())) {
                attention.put(connection.sellerId(), "circuit breaker open: " + api.lastFailure());
            }
            if (sellers.size() < LISTED_SELLERS) {
                Map<String, Object> seller = new LinkedHashMap<>();
                seller.put("sellerId", connection.sellerId());
                seller.put("region", connection.region().wireName());
                seller.putAll(details(AmazonStatusApi.AmazonApiHealth.of(connection, api)));
                sellers.add(seller);
            }
        }
        builder.up().withDetail("readOnly", true).withDetail("connections", all.size())
                .withDetail("attention", attention).withDetail("sellers", sellers);
    }

    /** The API health flattened into the seller's entry; health details show what was not seen yet as null. */
    private static Map<String, Object> details(AmazonStatusApi.AmazonApiHealth health) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("status", health.status().name());
        details.put("credentialsValid", health.credentialsValid());
        details.put("reason", health.reason());
        details.put("lastSuccessAt", text(health.lastSuccessAt()));
        details.put("lastFailureAt", text(health.lastFailureAt()));
        details.put("lastFailure", health.lastFailure());
        details.put("circuitBreaker", health.circuitBreaker());
        return details;
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }
}
