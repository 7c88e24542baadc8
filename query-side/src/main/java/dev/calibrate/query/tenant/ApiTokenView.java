package dev.calibrate.query.tenant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A token as the admin sees it: name, scopes, expiry, revocation, its person. Never its secret or hash.
 * Read only: {@link TenantProjection} writes the table.
 */
@Entity
@Immutable
@Table(name = "api_token_view")
public class ApiTokenView {

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
}
