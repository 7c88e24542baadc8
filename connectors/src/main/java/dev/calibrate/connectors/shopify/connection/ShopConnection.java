package dev.calibrate.connectors.shopify.connection;

import dev.calibrate.kernel.tenant.TenantId;

import java.time.Instant;
import java.util.List;

/** A tenant's connected shop, without its secrets (those stay sealed in {@link ShopifyConnections}). */
public record ShopConnection(TenantId tenantId, String shop, String shopName, String currency, Kind kind,
                             Status status, String statusReason, List<String> webhookIds, Instant connectedAt,
                             Instant accessExpiresAt) {

    public enum Kind { CUSTOM_APP, OAUTH }

    public enum Status { ACTIVE, TOKEN_INVALID, UNINSTALLED }

    public boolean active() {
        return status == Status.ACTIVE;
    }
}
