package dev.calibrate.query.tenant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

import java.time.Instant;
import java.util.UUID;

/** A tenant as the admin directory lists it. Read only: {@link TenantProjection} writes the table. */
@Entity
@Immutable
@Table(name = "tenant_view")
public class TenantView {

    @Id
    @Column(name = "tenant_id")
    private UUID tenantId;
    private String name;
    @Column(name = "default_currency")
    private String defaultCurrency;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "time_zone")
    private String timeZone;

    protected TenantView() {
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

    /** An IANA zone id; UTC unless the tenant set one. */
    public String getTimeZone() {
        return timeZone;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
