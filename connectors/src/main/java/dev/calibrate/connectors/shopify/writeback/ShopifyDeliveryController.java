package dev.calibrate.connectors.shopify.writeback;

import dev.calibrate.connectors.shopify.writeback.ShopifyDeliveryApi.ShopifyDelivery;
import dev.calibrate.connectors.shopify.writeback.ShopifyDeliveryApi.ShopifyDeliveryPage;
import dev.calibrate.connectors.shopify.writeback.ShopifyDeliveryApi.ShopifyDeliveryRetry;
import dev.calibrate.kernel.message.Paging;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.kernel.tenant.TenantScope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.util.Optional;

/**
 * The tenant's price deliveries to Shopify: which prices are pending, synced or failed (with Shopify's
 * reason), and a retry of the failed ones once the merchant fixed the cause.
 */
@RestController
@RequestMapping(path = "/api/v1/connectors/shopify/deliveries", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Shopify")
class ShopifyDeliveryController {

    private final ShopifyDeliveries deliveries;
    private final ShopifyDeliveryViews views;
    private final TenantScope tenantScope;
    private final Clock clock;

    ShopifyDeliveryController(ShopifyDeliveries deliveries, ShopifyDeliveryViews views,
                              TenantScope tenantScope, Optional<Clock> clock) {
        this.deliveries = deliveries;
        this.views = views;
        this.tenantScope = tenantScope;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    @GetMapping
    @RequiresScope(Scope.CONNECTORS_ADMIN)
    @Operation(operationId = "listShopifyDeliveries", summary = "Prices pending, synced or failed at Shopify")
    ShopifyDeliveryPage list(
            @Parameter(description = "only deliveries in this state (any case)",
                    schema = @Schema(allowableValues = {"PENDING", "SYNCED", "FAILED"}))
            @RequestParam(required = false) String status,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size, Caller caller) {
        Paging paging = Paging.of(page, size);
        ShopifyDeliveries.Status wanted = ShopifyDeliveryViews.status(status);
        ShopifyDeliveryViews.Page found = tenantScope.read(caller.tenantId(),
                () -> views.list(caller.tenantId(), wanted, paging));
        return new ShopifyDeliveryPage(found.items().stream().map(ShopifyDelivery::of).toList(), paging.page(),
                paging.size(), found.total());
    }

    /** Puts every failed delivery of the tenant back to pending, with its attempts starting over. */
    @PostMapping("/retry")
    @RequiresScope(Scope.CONNECTORS_ADMIN)
    @Operation(operationId = "retryShopifyDeliveries", summary = "Send the failed prices again",
            description = "Puts every failed delivery back to pending, its attempts starting over.")
    ShopifyDeliveryRetry retry(Caller caller) {
        int requeued = tenantScope.write(caller.tenantId(),
                () -> deliveries.retryFailed(caller.tenantId(), clock.instant()));
        return new ShopifyDeliveryRetry(requeued);
    }
}
