package dev.calibrate.connectors.amazon.connection;

import dev.calibrate.connectors.amazon.AmazonRegion;
import dev.calibrate.kernel.tenant.TenantId;

import java.time.Instant;
import java.util.List;

/** A tenant's connected seller account, without its secrets (those stay sealed in {@link AmazonConnections}). */
public record SellerConnection(TenantId tenantId, String sellerId, AmazonRegion region, List<String> marketplaceIds,
                               Status status, String statusReason, Instant connectedAt) {

    /** BROKEN: Login with Amazon refused the stored credentials ({@code statusReason}); reconnecting fixes it. */
    public enum Status { ACTIVE, BROKEN }

    public boolean active() {
        return status == Status.ACTIVE;
    }
}
