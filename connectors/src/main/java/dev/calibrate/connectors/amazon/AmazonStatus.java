package dev.calibrate.connectors.amazon;

import dev.calibrate.connectors.amazon.AmazonSyncs.SyncStatus;
import dev.calibrate.connectors.tenancy.TenantTransactions;
import dev.calibrate.kernel.tenant.TenantId;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The body of {@code GET /api/v1/connectors/amazon/status}: the connection, the plain statement that
 * it is read only, the last (or running) sync, and what this node saw of the API.
 */
@Component
class AmazonStatus {

    static final String READ_ONLY = "Calibrate never changes anything on Amazon in this release: it reads listings,"
            + " catalog items and offer prices, and sends no price, listing or other change there.";

    private final AmazonConnections connections;
    private final AmazonSyncs syncs;
    private final SpApi spApi;
    private final TenantTransactions tenantTransactions;

    AmazonStatus(AmazonConnections connections, AmazonSyncs syncs, SpApi spApi,
                 TenantTransactions tenantTransactions) {
        this.connections = connections;
        this.syncs = syncs;
        this.spApi = spApi;
        this.tenantTransactions = tenantTransactions;
    }

    /**
     * The status of the tenant's connection; a 404 when no seller account is connected. Read under the
     * tenant's row-level security.
     */
    Map<String, Object> describe(TenantId tenantId) {
        return tenantTransactions.read(tenantId, () -> describeUnderTenant(tenantId));
    }

    private Map<String, Object> describeUnderTenant(TenantId tenantId) {
        SellerConnection connection = connections.find(tenantId)
                .orElseThrow(() -> new AmazonConnector.NotConnected(tenantId));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("connection", AmazonConnectionController.describe(connection));
        body.put("readOnly", true);
        body.put("readOnlyStatement", READ_ONLY);
        body.put("health", health(connection, spApi.health(tenantId)));
        body.put("sync", syncs.find(tenantId).map(AmazonStatus::describe).orElse(Map.of("state", "NEVER")));
        return body;
    }

    /** What an operator needs to know about one connection: is it usable, and when did calls last work. */
    static Map<String, Object> health(SellerConnection connection, SpApi.Health api) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", connection.status().name());
        body.put("credentialsValid", connection.active());
        body.put("reason", connection.statusReason());
        body.put("lastSuccessAt", text(api.lastSuccessAt()));
        body.put("lastFailureAt", text(api.lastFailureAt()));
        body.put("lastFailure", api.lastFailure());
        body.put("circuitBreaker", api.circuitBreaker());
        return body;
    }

    static Map<String, Object> describe(SyncStatus sync) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("state", sync.state().name());
        body.put("requestedAt", text(sync.requestedAt()));
        body.put("startedAt", text(sync.startedAt()));
        body.put("finishedAt", text(sync.finishedAt()));
        body.put("pages", sync.tally().pages());
        body.put("listingsSeen", sync.tally().listings());
        body.put("productsUpserted", sync.tally().created() + sync.tally().updated());
        body.put("created", sync.tally().created());
        body.put("updated", sync.tally().updated());
        body.put("unchanged", sync.tally().unchanged());
        body.put("removed", sync.tally().removed());
        body.put("warnings", sync.warnings());
        body.put("error", sync.error());
        body.put("lastSuccessAt", text(sync.lastSuccessAt()));
        body.put("lastFailureAt", text(sync.lastFailureAt()));
        return body;
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }
}
