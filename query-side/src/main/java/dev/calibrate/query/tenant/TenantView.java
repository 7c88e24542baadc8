package dev.calibrate.query.tenant;

import dev.calibrate.query.projection.AssignedIdEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "tenant_view")
public class TenantView extends AssignedIdEntity<UUID> {

    @Id
    @Column(name = "tenant_id")
    private UUID tenantId;
    private String name;
    @Column(name = "default_currency")
    private String defaultCurrency;
    @Column(name = "created_at")
    private Instant createdAt;

    protected TenantView() {
    }

    TenantView(UUID tenantId, String name, String defaultCurrency, Instant createdAt) {
        this.tenantId = tenantId;
        this.name = name;
        this.defaultCurrency = defaultCurrency;
        this.createdAt = createdAt;
    }

    public UUID getTenantId() {
        return tenantId;
    }

    public String getName() {
        return name;
    }

    public String getDefaultCurrency() {
        return defaultCurrency;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    @Override
    public UUID getId() {
        return tenantId;
    }
}
