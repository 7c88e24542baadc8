package dev.calibrate.connectors.amazon.status;

import dev.calibrate.connectors.amazon.status.AmazonStatusApi.AmazonStatusReport;
import dev.calibrate.kernel.error.ErrorResponses;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Reports on the seller account ({@code GET .../status}): the connection, API health and the last ingest. */
@RestController
@RequestMapping(path = "/api/v1/connectors/amazon", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Amazon")
class AmazonStatusController {

    private final AmazonStatus status;

    AmazonStatusController(AmazonStatus status) {
        this.status = status;
    }

    @GetMapping("/status")
    @RequiresScope({Scope.CONNECTORS_ADMIN, Scope.CATALOG_READ})
    @Operation(operationId = "getAmazonStatus", summary = "The seller account's connection, API health and sync")
    @ErrorResponses({404})
    AmazonStatusReport status(Caller caller) {
        return status.describe(caller.tenantId());
    }
}
