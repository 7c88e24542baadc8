package dev.calibrate.connectors.shopify;

import dev.calibrate.connectors.tenancy.TenantTransactions;
import dev.calibrate.kernel.tenant.TenantId;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code GET /api/v1/connectors/shopify/status}: {@code connection}, then one member per
 * {@link Section} bean ({@code sync}, and whatever else reports on the connector), in {@code @Order}.
 * Adding a member is adding a bean; nothing here changes.
 */
@Component
public class ShopifyStatus {

    /** One member of the status body. */
    public interface Section {
        /** The member's name, e.g. {@code sync}. */
        String name();

        /** The member's value (a map, a list, a record Jackson can write); null leaves it out. */
        Object describe(ShopConnection connection);
    }

    private final ShopifyConnections connections;
    private final ObjectProvider<Section> sections;
    private final TenantTransactions tenantTransactions;

    ShopifyStatus(ShopifyConnections connections, ObjectProvider<Section> sections,
                  TenantTransactions tenantTransactions) {
        this.connections = connections;
        this.sections = sections;
        this.tenantTransactions = tenantTransactions;
    }

    /**
     * The status of the tenant's connection; a 404 when no shop is connected. Read under the tenant's
     * row-level security, so no section can show another tenant's rows.
     */
    public Map<String, Object> describe(TenantId tenantId) {
        return tenantTransactions.read(tenantId, () -> describeUnderTenant(tenantId));
    }

    private Map<String, Object> describeUnderTenant(TenantId tenantId) {
        ShopConnection connection = connections.find(tenantId)
                .orElseThrow(() -> new ShopifyConnector.NotConnected(tenantId));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("connection", ShopifyConnectionController.describe(connection));
        List<Section> ordered = sections.orderedStream().toList();
        for (Section section : ordered) {
            Object value = section.describe(connection);
            if (value != null) {
                body.put(section.name(), value);
            }
        }
        return body;
    }
}
