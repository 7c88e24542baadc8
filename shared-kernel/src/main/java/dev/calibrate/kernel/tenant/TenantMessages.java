package dev.calibrate.kernel.tenant;

import dev.calibrate.kernel.message.DomainEvent;
import dev.calibrate.kernel.message.TenantCommand;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.Set;

/** Commands and events of tenants and their API tokens. Token secrets never appear here. */
public final class TenantMessages {

    private TenantMessages() {
    }

    public record CreateTenant(@TargetAggregateIdentifier TenantId tenantId, String name, String defaultCurrency)
            implements TenantCommand {
    }

    /** {@code subject}, when given, is the person the token belongs to: approvals compare persons, not tokens. */
    public record IssueApiToken(@TargetAggregateIdentifier TenantId tenantId, TokenId tokenId, String name,
                                Set<Scope> scopes, Instant expiresAt, String subject) implements TenantCommand {
    }

    public record RevokeApiToken(@TargetAggregateIdentifier TenantId tenantId, TokenId tokenId)
            implements TenantCommand {
    }

    public sealed interface TenantEvent extends DomainEvent {
    }

    /** Events about one API token; the audit log files them under the token. */
    public sealed interface ApiTokenEvent extends TenantEvent {
        TokenId tokenId();

        @Override
        default String entityType() {
            return "api-token";
        }

        @Override
        default String entityId() {
            return tokenId().toString();
        }
    }

    public record TenantCreated(TenantId tenantId, String name, String defaultCurrency) implements TenantEvent {
        @Override
        public String entityType() {
            return "tenant";
        }

        @Override
        public String entityId() {
            return tenantId.toString();
        }
    }

    public record ApiTokenIssued(TenantId tenantId, TokenId tokenId, String name, Set<Scope> scopes,
                                 Instant expiresAt, String subject) implements ApiTokenEvent {
    }

    public record ApiTokenRevoked(TenantId tenantId, TokenId tokenId) implements ApiTokenEvent {
    }

    public record SetTenantPolicy(@TargetAggregateIdentifier TenantId tenantId, TenantPolicy policy)
            implements TenantCommand {
    }

    /** The tenant's pricing guardrails (and whether an author may approve their own change) are now {@code policy}. */
    public record TenantPolicyChanged(TenantId tenantId, TenantPolicy policy) implements TenantEvent {
        @Override
        public String entityType() {
            return "tenant-policy";
        }

        @Override
        public String entityId() {
            return tenantId.toString();
        }
    }
}
