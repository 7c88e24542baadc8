package dev.calibrate.connectors.amazon;

import dev.calibrate.connectors.amazon.AmazonSyncs.SyncStatus;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.Map;

/**
 * Starts a catalog sync ({@code POST .../sync}, 202) and reports on the connection
 * ({@code GET .../status}). A sync requested while one is queued or running answers that one, 202 too.
 */
@RestController
@RequestMapping(path = "/api/v1/connectors/amazon", produces = MediaType.APPLICATION_JSON_VALUE)
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
    ResponseEntity<Map<String, Object>> sync(Caller caller) {
        SyncStatus queued = sync.request(caller.tenantId(), caller.actor());
        Map<String, Object> body = AmazonStatus.describe(queued);
        body.put("statusUrl", STATUS_URL);
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create(STATUS_URL)).body(body);
    }

    @GetMapping("/status")
    @RequiresScope({Scope.CONNECTORS_ADMIN, Scope.CATALOG_READ})
    Map<String, Object> status(Caller caller) {
        return status.describe(caller.tenantId());
    }
}
