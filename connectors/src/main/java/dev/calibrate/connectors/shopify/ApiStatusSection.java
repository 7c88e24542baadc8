package dev.calibrate.connectors.shopify;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code api} member of the status: is the token accepted, when did a call last succeed or fail,
 * how much of the cost bucket is left, and is the circuit breaker letting calls through. These are
 * what this server saw (each node keeps its own); a shop it has not called yet shows no calls.
 */
@Component
@Order(5)
class ApiStatusSection implements ShopifyStatus.Section {

    private final ShopifyGraphQl shopify;
    private final Clock clock;

    ApiStatusSection(ShopifyGraphQl shopify, Optional<Clock> clock) {
        this.shopify = shopify;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    @Override
    public String name() {
        return "api";
    }

    @Override
    public Object describe(ShopConnection connection) {
        return describe(connection, shopify.health(connection.shop()), clock.instant());
    }

    static Map<String, Object> describe(ShopConnection connection, ShopHealth health, Instant now) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tokenValid", connection.status() != ShopConnection.Status.TOKEN_INVALID && !health.tokenRejected());
        body.put("lastSuccessAt", text(health.lastSuccessAt()));
        body.put("lastFailureAt", text(health.lastFailureAt()));
        body.put("lastFailure", health.lastFailure());
        body.put("circuitBreaker", health.circuitState());
        ThrottleStatus throttle = health.throttleStatus();
        if (throttle != null) {
            Map<String, Object> bucket = new LinkedHashMap<>();
            bucket.put("available", Math.round(throttle.availableAt(now)));
            bucket.put("maximum", Math.round(throttle.maximumAvailable()));
            bucket.put("restoreRatePerSecond", throttle.restoreRate());
            bucket.put("headroomPercent", throttle.maximumAvailable() <= 0 ? null
                    : Math.round(100 * throttle.availableAt(now) / throttle.maximumAvailable()));
            bucket.put("reportedAt", throttle.at().toString());
            body.put("costBucket", bucket);
        }
        return body;
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }
}
