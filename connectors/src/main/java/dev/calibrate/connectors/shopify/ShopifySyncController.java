package dev.calibrate.connectors.shopify;

import dev.calibrate.connectors.shopify.ShopifyApi.ShopifyStatusReport;
import dev.calibrate.connectors.shopify.ShopifyApi.ShopifySyncReport;
import dev.calibrate.kernel.error.ErrorResponses;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

/**
 * Starts a catalog sync ({@code POST .../sync}, 202) and reports on the connection
 * ({@code GET .../status}). A sync requested while one is queued or running answers that one, 202 too.
 */
@RestController
@RequestMapping(path = "/api/v1/connectors/shopify", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Shopify", description = "A connected Shopify shop: catalog import, price write-back, status.")
class ShopifySyncController {

    static final String STATUS_URL = "/api/v1/connectors/shopify/status";

    private final ShopifySync sync;
    private final ShopifyStatus status;

    ShopifySyncController(ShopifySync sync, ShopifyStatus status) {
        this.sync = sync;
        this.status = status;
    }

    @PostMapping("/sync")
    @RequiresScope({Scope.CONNECTORS_ADMIN, Scope.CATALOG_WRITE})
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(operationId = "requestShopifySync", summary = "Import the shop's catalog",
            description = "Queues a catalog sync, or answers the one already queued or running; follow statusUrl.")
    @ErrorResponses({404, 409})
    ResponseEntity<ShopifySyncReport> sync(
            @Parameter(description = "auto picks bulk for large catalogs", schema = @Schema(
                    allowableValues = {"auto", "paged", "bulk"}, defaultValue = "auto"))
            @RequestParam(defaultValue = "auto") String mode, Caller caller) {
        ShopifySyncs.SyncStatus queued = sync.request(caller.tenantId(), ShopifySync.Mode.fromWireName(mode),
                caller.actor());
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create(STATUS_URL))
                .body(ShopifySyncReport.of(queued).withStatusUrl(STATUS_URL));
    }

    @GetMapping("/status")
    @RequiresScope({Scope.CONNECTORS_ADMIN, Scope.CATALOG_READ})
    @Operation(operationId = "getShopifyStatus", summary = "The shop's connection, API health, sync and deliveries")
    @ErrorResponses({404})
    ShopifyStatusReport status(Caller caller) {
        return status.describe(caller.tenantId());
    }
}
