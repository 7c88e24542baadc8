package dev.calibrate.kernel.tenant;

import dev.calibrate.kernel.message.DomainEvent;
import dev.calibrate.kernel.message.TenantCommand;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.Set;
import java.util.SortedSet;

/**
 * Commands and events of tenants, their API tokens and their people. Secrets (token secrets, passwords,
 * invitation links and their hashes) never appear here.
 */
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

    /**
     * Replaces the tenant's policy. With {@code keepPriorPriceRule}, the policy's prior-price rule is
     * ignored and the one in force kept (a request that left the rule out); only an explicit rule changes
     * it. {@code keepApprovalThresholds} does the same for the approval thresholds. Answers the policy in
     * force afterwards.
     */
    public record SetTenantPolicy(@TargetAggregateIdentifier TenantId tenantId, TenantPolicy policy,
                                  boolean keepPriorPriceRule, boolean keepApprovalThresholds) implements TenantCommand {

        public SetTenantPolicy(TenantId tenantId, TenantPolicy policy) {
            this(tenantId, policy, false, false);
        }

        public SetTenantPolicy(TenantId tenantId, TenantPolicy policy, boolean keepPriorPriceRule) {
            this(tenantId, policy, keepPriorPriceRule, false);
        }
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

    /** {@code timeZone}: an IANA zone id ({@code Europe/Berlin}); the aggregate refuses anything else. */
    public record SetTenantTimeZone(@TargetAggregateIdentifier TenantId tenantId, String timeZone)
            implements TenantCommand {
    }

    /**
     * The tenant's days are now counted in {@code timeZone} (an IANA zone id): the prior-price window
     * and anything else that says "days". A tenant that never set one is in UTC.
     */
    public record TenantTimeZoneChanged(TenantId tenantId, String timeZone) implements TenantEvent {
        @Override
        public String entityType() {
            return "tenant";
        }

        @Override
        public String entityId() {
            return tenantId.toString();
        }
    }

    /** Invites a person; the invitation link's secret is kept (hashed) outside the event store. */
    public record InviteUser(@TargetAggregateIdentifier TenantId tenantId, UserId userId, String email, String name,
                             Set<Role> roles) implements TenantCommand {
    }

    /** A new invitation link for a person (a password reset): the old link and the password stop working. */
    public record ReinviteUser(@TargetAggregateIdentifier TenantId tenantId, UserId userId) implements TenantCommand {
    }

    /** The person joined: set a password through their invitation, or first signed in through single sign-on. */
    public record ActivateUser(@TargetAggregateIdentifier TenantId tenantId, UserId userId) implements TenantCommand {
    }

    public record ChangeUserRoles(@TargetAggregateIdentifier TenantId tenantId, UserId userId, Set<Role> roles)
            implements TenantCommand {
    }

    public record DisableUser(@TargetAggregateIdentifier TenantId tenantId, UserId userId) implements TenantCommand {
    }

    public record EnableUser(@TargetAggregateIdentifier TenantId tenantId, UserId userId) implements TenantCommand {
    }

    /** Events about one person of the tenant; the audit log files them under the user. */
    public sealed interface UserEvent extends TenantEvent {
        UserId userId();

        @Override
        default String entityType() {
            return "user";
        }

        @Override
        default String entityId() {
            return userId().toString();
        }
    }

    public record UserInvited(TenantId tenantId, UserId userId, String email, String name, SortedSet<Role> roles)
            implements UserEvent {
    }

    public record UserReinvited(TenantId tenantId, UserId userId) implements UserEvent {
    }

    public record UserActivated(TenantId tenantId, UserId userId) implements UserEvent {
    }

    public record UserRolesChanged(TenantId tenantId, UserId userId, SortedSet<Role> roles) implements UserEvent {
    }

    public record UserDisabled(TenantId tenantId, UserId userId) implements UserEvent {
    }

    public record UserEnabled(TenantId tenantId, UserId userId) implements UserEvent {
    }
}
