package dev.calibrate.query.tenant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.calibrate.kernel.message.MetadataKeys;
import dev.calibrate.kernel.tenant.Actor;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.kernel.tenant.TenantMessages.ApiTokenIssued;
import dev.calibrate.kernel.tenant.TenantMessages.ApiTokenRevoked;
import dev.calibrate.kernel.tenant.TenantMessages.TenantCreated;
import dev.calibrate.kernel.tenant.TenantMessages.TenantPolicyChanged;
import dev.calibrate.kernel.tenant.TenantMessages.TenantTimeZoneChanged;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The tenant directory: tenants, their tokens (metadata only) and their pricing policy. Idempotent
 * (a redelivered event changes nothing); replayable. Written with plain SQL in the handler, not
 * through JPA: a statement the database refuses then fails inside the savepoint the processor isolates
 * a suspect event in, so that event alone is dead-lettered, where a failed Hibernate flush would
 * doom the whole transaction. The entities of this package only read.
 */
@Component
@ProcessingGroup(TenantProjection.NAME)
public class TenantProjection {

    public static final String NAME = "tenants";

    /** Keeps an unset guardrail as an explicit null, as the API shows it; the application's mapper drops nulls. */
    private static final ObjectWriter POLICY_JSON = JsonMapper.builder().build().writer();

    private final JdbcTemplate jdbc;

    TenantProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(TenantCreated event, @Timestamp Instant at) {
        jdbc.update("""
                INSERT INTO tenant_view (tenant_id, name, default_currency, created_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (tenant_id) DO NOTHING""",
                event.tenantId().value(), event.name(), event.defaultCurrency(), timestamp(at));
    }

    @EventHandler
    void on(TenantTimeZoneChanged event) {
        jdbc.update("UPDATE tenant_view SET time_zone = ? WHERE tenant_id = ?", event.timeZone(),
                event.tenantId().value());
    }

    @EventHandler
    void on(ApiTokenIssued event, @Timestamp Instant at) {
        String[] scopes = event.scopes().stream().map(Scope::wireName).sorted().toArray(String[]::new);
        jdbc.update("""
                INSERT INTO api_token_view (token_id, tenant_id, name, scopes, expires_at, subject, issued_at)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (token_id) DO NOTHING""", ps -> {
            ps.setObject(1, event.tokenId().value());
            ps.setObject(2, event.tenantId().value());
            ps.setString(3, event.name());
            ps.setArray(4, ps.getConnection().createArrayOf("text", scopes));
            ps.setObject(5, event.expiresAt() == null ? null : timestamp(event.expiresAt()));
            ps.setString(6, event.subject());
            ps.setObject(7, timestamp(at));
        });
    }

    @EventHandler
    void on(ApiTokenRevoked event, @Timestamp Instant at) {
        jdbc.update("UPDATE api_token_view SET revoked_at = ? WHERE token_id = ? AND revoked_at IS NULL",
                timestamp(at), event.tokenId().value());
    }

    @EventHandler
    void on(TenantPolicyChanged event, @Timestamp Instant at, @MetaDataValue(MetadataKeys.ACTOR) String actor)
            throws JsonProcessingException {
        String by = actor == null ? Actor.SYSTEM.id() : actor;
        jdbc.update("""
                INSERT INTO tenant_policy_view (tenant_id, policy, updated_at, updated_by)
                VALUES (?, CAST(? AS jsonb), ?, ?)
                ON CONFLICT (tenant_id) DO UPDATE
                    SET policy = excluded.policy, updated_at = excluded.updated_at, updated_by = excluded.updated_by""",
                event.tenantId().value(), POLICY_JSON.writeValueAsString(StoredPolicy.of(event.policy())),
                timestamp(at), by);
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM tenant_policy_view");
        jdbc.update("DELETE FROM api_token_view");
        jdbc.update("DELETE FROM tenant_view");
    }

    private static OffsetDateTime timestamp(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
