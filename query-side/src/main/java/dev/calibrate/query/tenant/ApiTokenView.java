package dev.calibrate.query.tenant;

import dev.calibrate.query.projection.AssignedIdEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A token as the admin sees it: name, scopes, expiry, revocation, its person. Never its secret or hash. */
@Entity
@Table(name = "api_token_view")
public class ApiTokenView extends AssignedIdEntity<UUID> {

    @Id
    @Column(name = "token_id")
    private UUID tokenId;
    @Column(name = "tenant_id")
    private UUID tenantId;
    private String name;
    @JdbcTypeCode(SqlTypes.ARRAY)
    private List<String> scopes;
    @Column(name = "expires_at")
    private Instant expiresAt;
    @Column(name = "issued_at")
    private Instant issuedAt;
    @Column(name = "revoked_at")
    private Instant revokedAt;
    /** The person the token belongs to, when the admin named one. */
    private String subject;

    protected ApiTokenView() {
    }

    ApiTokenView(UUID tokenId, UUID tenantId, String name, List<String> scopes, Instant expiresAt, String subject,
                 Instant issuedAt) {
        this.subject = subject;
        this.tokenId = tokenId;
        this.tenantId = tenantId;
        this.name = name;
        this.scopes = scopes;
        this.expiresAt = expiresAt;
        this.issuedAt = issuedAt;
    }

    void revoke(Instant at) {
        if (revokedAt == null) {
            revokedAt = at;
        }
    }

    public UUID getTokenId() {
        return tokenId;
    }

    public UUID getTenantId() {
        return tenantId;
    }

    public String getName() {
        return name;
    }

    public List<String> getScopes() {
        return scopes;
    }

    public Instant getExpiresAt() {
        return expiresAt;
    }

    public Instant getIssuedAt() {
        return issuedAt;
    }

    public String getSubject() {
        return subject;
    }

    public Instant getRevokedAt() {
        return revokedAt;
    }

    @Override
    public UUID getId() {
        return tokenId;
    }
}
