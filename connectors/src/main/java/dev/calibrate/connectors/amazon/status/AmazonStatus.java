package dev.calibrate.connectors.amazon.status;

import dev.calibrate.connectors.amazon.api.SpApi;
import dev.calibrate.connectors.amazon.catalog.AmazonIngestApi.AmazonSyncReport;
import dev.calibrate.connectors.amazon.catalog.AmazonIngests;
import dev.calibrate.connectors.amazon.connection.AmazonConnectionApi.AmazonConnectionSummary;
import dev.calibrate.connectors.amazon.connection.AmazonConnections;
import dev.calibrate.connectors.amazon.connection.AmazonConnector;
import dev.calibrate.connectors.amazon.connection.SellerConnection;
import dev.calibrate.connectors.amazon.status.AmazonStatusApi.AmazonApiHealth;
import dev.calibrate.connectors.amazon.status.AmazonStatusApi.AmazonStatusReport;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantScope;
import org.springframework.stereotype.Component;

/**
 * The body of {@code GET /api/v1/connectors/amazon/status}: the connection, the plain statement that
 * it is read only, what this node saw of the API, and the last (or running) sync.
 */
@Component
public class AmazonStatus {

    static final String READ_ONLY = "Calibrate never changes anything on Amazon in this release: it reads listings,"
            + " catalog items and offer prices, and sends no price, listing or other change there.";

    private final AmazonConnections connections;
    private final AmazonIngests ingests;
    private final SpApi spApi;
    private final TenantScope tenantScope;

    AmazonStatus(AmazonConnections connections, AmazonIngests ingests, SpApi spApi,
                 TenantScope tenantScope) {
        this.connections = connections;
        this.ingests = ingests;
        this.spApi = spApi;
        this.tenantScope = tenantScope;
    }

    /**
     * The status of the tenant's connection; a 404 when no seller account is connected. Read under the
     * tenant's row-level security.
     */
    public AmazonStatusReport describe(TenantId tenantId) {
        return tenantScope.read(tenantId, () -> describeUnderTenant(tenantId));
    }

    private AmazonStatusReport describeUnderTenant(TenantId tenantId) {
        SellerConnection connection = connections.find(tenantId)
                .orElseThrow(() -> new AmazonConnector.NotConnected(tenantId));
        return new AmazonStatusReport(AmazonConnectionSummary.of(connection), true, READ_ONLY,
                AmazonApiHealth.of(connection, spApi.health(tenantId)),
                ingests.find(tenantId).map(AmazonSyncReport::of).orElse(AmazonSyncReport.NEVER));
    }
}
