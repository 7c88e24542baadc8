package dev.calibrate.query.tenant;

import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.kernel.tenant.TenantMessages.ApiTokenIssued;
import dev.calibrate.kernel.tenant.TenantMessages.ApiTokenRevoked;
import dev.calibrate.kernel.tenant.TenantMessages.TenantCreated;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;

import java.time.Instant;

/** The tenant directory: tenants and their tokens (metadata only). Idempotent; replayable. */
@Component
@ProcessingGroup(TenantProjection.NAME)
public class TenantProjection {

    public static final String NAME = "tenants";

    private final TenantViewRepository tenants;
    private final ApiTokenViewRepository tokens;

    TenantProjection(TenantViewRepository tenants, ApiTokenViewRepository tokens) {
        this.tenants = tenants;
        this.tokens = tokens;
    }

    @EventHandler
    void on(TenantCreated event, @Timestamp Instant at) {
        tenants.save(new TenantView(event.tenantId().value(), event.name(), event.defaultCurrency(), at));
    }

    @EventHandler
    void on(ApiTokenIssued event, @Timestamp Instant at) {
        tokens.save(new ApiTokenView(event.tokenId().value(), event.tenantId().value(), event.name(),
                event.scopes().stream().map(Scope::wireName).sorted().toList(), event.expiresAt(), at));
    }

    @EventHandler
    void on(ApiTokenRevoked event, @Timestamp Instant at) {
        tokens.findById(event.tokenId().value()).ifPresent(token -> token.revoke(at));
    }

    @ResetHandler
    void reset() {
        tokens.deleteAllInBatch();
        tenants.deleteAllInBatch();
    }
}
