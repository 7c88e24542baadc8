package dev.calibrate.query.tenant;

import dev.calibrate.kernel.message.MetadataKeys;
import dev.calibrate.kernel.tenant.Actor;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.kernel.tenant.TenantMessages.ApiTokenIssued;
import dev.calibrate.kernel.tenant.TenantMessages.ApiTokenRevoked;
import dev.calibrate.kernel.tenant.TenantMessages.TenantCreated;
import dev.calibrate.kernel.tenant.TenantMessages.TenantPolicyChanged;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.stereotype.Component;

import java.time.Instant;

/** The tenant directory: tenants, their tokens (metadata only) and their pricing policy. Idempotent; replayable. */
@Component
@ProcessingGroup(TenantProjection.NAME)
public class TenantProjection {

    public static final String NAME = "tenants";

    private final TenantViewRepository tenants;
    private final ApiTokenViewRepository tokens;
    private final TenantPolicyViewRepository policies;

    TenantProjection(TenantViewRepository tenants, ApiTokenViewRepository tokens,
                     TenantPolicyViewRepository policies) {
        this.tenants = tenants;
        this.tokens = tokens;
        this.policies = policies;
    }

    @EventHandler
    void on(TenantCreated event, @Timestamp Instant at) {
        tenants.save(new TenantView(event.tenantId().value(), event.name(), event.defaultCurrency(), at));
    }

    @EventHandler
    void on(ApiTokenIssued event, @Timestamp Instant at) {
        tokens.save(new ApiTokenView(event.tokenId().value(), event.tenantId().value(), event.name(),
                event.scopes().stream().map(Scope::wireName).sorted().toList(), event.expiresAt(), event.subject(), at));
    }

    @EventHandler
    void on(ApiTokenRevoked event, @Timestamp Instant at) {
        tokens.findById(event.tokenId().value()).ifPresent(token -> token.revoke(at));
    }

    @EventHandler
    void on(TenantPolicyChanged event, @Timestamp Instant at, @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        String by = actor == null ? Actor.SYSTEM.id() : actor;
        policies.findById(event.tenantId().value()).ifPresentOrElse(view -> view.set(event.policy(), at, by),
                () -> policies.save(new TenantPolicyView(event.tenantId().value(), event.policy(), at, by)));
    }

    @ResetHandler
    void reset() {
        policies.deleteAllInBatch();
        tokens.deleteAllInBatch();
        tenants.deleteAllInBatch();
    }
}
