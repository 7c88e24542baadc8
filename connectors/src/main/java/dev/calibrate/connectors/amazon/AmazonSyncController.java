package dev.calibrate.connectors.amazon;

import dev.calibrate.connectors.amazon.AmazonApi.AmazonStatusReport;
import dev.calibrate.connectors.amazon.AmazonApi.AmazonSyncReport;
import dev.calibrate.kernel.error.ErrorResponses;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

/**
 * Starts a catalog sync ({@code POST .../sync}, 202) and reports on the connection
 * ({@code GET .../status}). A sync requested while one is queued or running answers that one, 202 too.
 */
@RestController
@RequestMapping(path = "/api/v1/connectors/amazon", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Amazon")
class AmazonSyncController {

    static final String STATUS_URL = "/api/v1/connectors/amazon/status";

    private final AmazonSync sync;
    private final AmazonStatus status;

    AmazonSyncController(AmazonSync sync, AmazonStatus status) {
        this.sync = sync;
        this.status = status;
    }

    @PostMapping("/sync")
    @RequiresScope({Scope.CONNECTORS_ADMIN, Scope.CATALOG_WRITE})
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(operationId = "requestAmazonSync", summary = "Import the seller's listings",
            description = "Queues a listings sync, or answers the one already queued or running; follow statusUrl.")
    @ErrorResponses({404, 409})
    ResponseEntity<AmazonSyncReport> sync(Caller caller) {
        AmazonSyncs.SyncStatus queued = sync.request(caller.tenantId(), caller.actor());
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create(STATUS_URL))
                .body(AmazonSyncReport.of(queued).withStatusUrl(STATUS_URL));
    }

    @GetMapping("/status")
    @RequiresScope({Scope.CONNECTORS_ADMIN, Scope.CATALOG_READ})
    @Operation(operationId = "getAmazonStatus", summary = "The seller account's connection, API health and sync")
    @ErrorResponses({404})
    AmazonStatusReport status(Caller caller) {
        return status.describe(caller.tenantId());
    }
}
