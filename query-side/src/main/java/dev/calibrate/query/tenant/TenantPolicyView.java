package dev.calibrate.query.tenant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.UUID;

/**
 * A tenant's current guardrails, kept as the API shows them ({@link StoredPolicy}). Read only: {@link TenantProjection} writes the table.
 */
@Entity
@Immutable
@Table(name = "tenant_policy_view")
public class TenantPolicyView {

    @Id
    @Column(name = "tenant_id")
    private UUID tenantId;
    @JdbcTypeCode(SqlTypes.JSON)
    private StoredPolicy policy;
    @Column(name = "updated_at")
    private Instant updatedAt;
    @Column(name = "updated_by")
    private String updatedBy;

    protected TenantPolicyView() {
    }

    public UUID getTenantId() {
        return tenantId;
    }

    public StoredPolicy getPolicy() {
        return policy;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public String getUpdatedBy() {
        return updatedBy;
    }
}
