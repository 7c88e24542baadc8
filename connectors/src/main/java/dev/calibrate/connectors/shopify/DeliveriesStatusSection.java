package dev.calibrate.connectors.shopify;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The {@code deliveries} member of the status: prices pending and failed at Shopify, and the last confirmed one. */
@Component
@Order(20)
class DeliveriesStatusSection implements ShopifyStatus.Section {

    private final ShopifyDeliveries deliveries;
    private final Clock clock;

    DeliveriesStatusSection(ShopifyDeliveries deliveries, Optional<Clock> clock) {
        this.deliveries = deliveries;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    @Override
    public String name() {
        return "deliveries";
    }

    @Override
    public Object describe(ShopConnection connection) {
        return describe(deliveries.summary(connection.tenantId()), clock.instant());
    }

    static Map<String, Object> describe(ShopifyDeliveries.Summary summary, Instant now) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pending", summary.pending());
        body.put("failed", summary.failed());
        body.put("oldestPendingSince", text(summary.oldestPendingSince()));
        body.put("oldestPendingAgeSeconds", summary.oldestPendingAge(now).toSeconds());
        body.put("lastSyncedAt", text(summary.lastSyncedAt()));
        body.put("outcomesToRecord", summary.outcomesToRecord());
        return body;
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }
}
