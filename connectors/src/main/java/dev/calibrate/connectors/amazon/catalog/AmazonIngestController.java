package dev.calibrate.connectors.amazon.catalog;

import dev.calibrate.connectors.amazon.AmazonPaths;
import dev.calibrate.connectors.amazon.catalog.AmazonIngestApi.AmazonSyncReport;
import dev.calibrate.kernel.error.ErrorResponses;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

/**
 * Starts an ingest of the seller's listings ({@code POST .../sync}, 202; the path keeps its first name).
 * An ingest requested while one is queued or running answers that one, 202 too.
 */
@RestController
@RequestMapping(path = "/api/v1/connectors/amazon", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Amazon")
class AmazonIngestController {

    private final AmazonIngest ingest;

    AmazonIngestController(AmazonIngest ingest) {
        this.ingest = ingest;
    }

    @PostMapping("/sync")
    @RequiresScope({Scope.CONNECTORS_ADMIN, Scope.CATALOG_WRITE})
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(operationId = "requestAmazonSync", summary = "Import the seller's listings",
            description = "Queues a listings sync, or answers the one already queued or running; follow statusUrl.")
    @ErrorResponses({404})
    ResponseEntity<AmazonSyncReport> ingest(Caller caller) {
        AmazonIngests.IngestStatus queued = ingest.request(caller.tenantId(), caller.actor());
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create(AmazonPaths.STATUS))
                .body(AmazonSyncReport.of(queued).withStatusUrl(AmazonPaths.STATUS));
    }
}
