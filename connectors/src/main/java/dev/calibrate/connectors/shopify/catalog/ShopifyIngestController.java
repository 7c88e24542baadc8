package dev.calibrate.connectors.shopify.catalog;

import dev.calibrate.connectors.shopify.ShopifyPaths;
import dev.calibrate.connectors.shopify.catalog.ShopifyIngestApi.ShopifySyncReport;
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
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

/**
 * Starts a catalog ingest ({@code POST .../sync}, 202; the path keeps its first name). An ingest requested
 * while one is queued or running answers that one, 202 too.
 */
@RestController
@RequestMapping(path = "/api/v1/connectors/shopify", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Shopify", description = "A connected Shopify shop: catalog import, price write-back, status.")
class ShopifyIngestController {

    private final ShopifyIngest ingest;

    ShopifyIngestController(ShopifyIngest ingest) {
        this.ingest = ingest;
    }

    @PostMapping("/sync")
    @RequiresScope({Scope.CONNECTORS_ADMIN, Scope.CATALOG_WRITE})
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(operationId = "requestShopifySync", summary = "Import the shop's catalog",
            description = "Queues a catalog sync, or answers the one already queued or running; follow statusUrl.")
    @ErrorResponses({404})
    ResponseEntity<ShopifySyncReport> ingest(
            @Parameter(description = "auto picks bulk for large catalogs", schema = @Schema(
                    allowableValues = {"auto", "paged", "bulk"}, defaultValue = "auto"))
            @RequestParam(defaultValue = "auto") String mode, Caller caller) {
        ShopifyIngests.IngestStatus queued = ingest.request(caller.tenantId(), ShopifyIngest.Mode.fromWireName(mode),
                caller.actor());
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create(ShopifyPaths.STATUS))
                .body(ShopifySyncReport.of(queued).withStatusUrl(ShopifyPaths.STATUS));
    }
}
