package dev.calibrate.connectors.shopify;

import dev.calibrate.connectors.shopify.ShopifyDeliveries.Row;
import dev.calibrate.connectors.tenancy.TenantTransactions;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelError;
import dev.calibrate.kernel.message.Paging;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tenant's price deliveries to Shopify: which prices are pending, synced or failed (with Shopify's
 * reason), and a retry of the failed ones once the merchant fixed the cause.
 */
@RestController
@RequestMapping(path = "/api/v1/connectors/shopify/deliveries", produces = MediaType.APPLICATION_JSON_VALUE)
class ShopifyDeliveryController {

    private final ShopifyDeliveries deliveries;
    private final TenantTransactions tenantTransactions;
    private final Clock clock;

    ShopifyDeliveryController(ShopifyDeliveries deliveries, TenantTransactions tenantTransactions,
                              Optional<Clock> clock) {
        this.deliveries = deliveries;
        this.tenantTransactions = tenantTransactions;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    @GetMapping
    @RequiresScope(Scope.CONNECTORS_ADMIN)
    Map<String, Object> list(@RequestParam(required = false) String status,
                             @RequestParam(defaultValue = "0") int page,
                             @RequestParam(defaultValue = "50") int size, Caller caller) {
        Paging paging = Paging.of(page, size);
        ShopifyDeliveries.Status wanted = ShopifyDeliveries.status(status);
        ShopifyDeliveries.Page found = tenantTransactions.read(caller.tenantId(),
                () -> deliveries.list(caller.tenantId(), wanted, paging));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", found.items().stream().map(ShopifyDeliveryController::describe).toList());
        body.put("page", paging.page());
        body.put("size", paging.size());
        body.put("total", found.total());
        return body;
    }

    /** Puts every failed delivery of the tenant back to pending, with its attempts starting over. */
    @PostMapping("/retry")
    @RequiresScope(Scope.CONNECTORS_ADMIN)
    Map<String, Object> retry(Caller caller) {
        int requeued = tenantTransactions.write(caller.tenantId(),
                () -> deliveries.retryFailed(caller.tenantId(), clock.instant()));
        return Map.of("requeued", requeued);
    }

    static Map<String, Object> describe(Row row) {
        DeliveryIntent intent = row.delivery().intent();
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("productId", intent.productId().toString());
        item.put("shopifyProductId", intent.productGid());
        item.put("shopifyVariantId", intent.variantGid());
        if (intent.priceChangeId() != null) {
            item.put("priceChangeId", intent.priceChangeId().toString());
        }
        item.put("action", intent.action().name());
        item.put("price", money(intent.price()));
        if (intent.compareAt() != null) {
            item.put("compareAt", money(intent.compareAt()));
        }
        item.put("status", row.status().name());
        item.put("attempts", row.delivery().attempts());
        if (row.lastError() != null) {
            item.put("reason", row.lastError());
        }
        if (!row.errors().isEmpty()) {
            item.put("errors", row.errors().stream().map(ShopifyDeliveryController::error).toList());
        }
        item.put("intendedAt", intent.intendedAt().toString());
        put(item, "nextAttemptAt", row.status() == ShopifyDeliveries.Status.PENDING ? row.nextAttemptAt() : null);
        put(item, "sentAt", row.sentAt());
        put(item, "syncedAt", row.syncedAt());
        if (row.bulkOperation() != null && !ShopifyDeliveries.startingMarker(row.bulkOperation())) {
            item.put("bulkOperation", row.bulkOperation());
        }
        return item;
    }

    private static Map<String, Object> money(Money money) {
        return Map.of("amount", money.amount().toPlainString(), "currency", money.currency());
    }

    private static Map<String, Object> error(ChannelError error) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (error.code() != null) body.put("code", error.code());
        if (error.field() != null) body.put("field", error.field());
        body.put("message", error.message());
        return body;
    }

    private static void put(Map<String, Object> body, String key, Instant at) {
        if (at != null) {
            body.put(key, at.toString());
        }
    }
}
