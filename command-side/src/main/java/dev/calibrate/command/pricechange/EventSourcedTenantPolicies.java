package dev.calibrate.command.pricechange;

import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantMessages.TenantPolicyChanged;
import dev.calibrate.kernel.tenant.TenantMessages.TenantTimeZoneChanged;
import dev.calibrate.kernel.tenant.TenantPolicy;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.time.ZoneId;

/**
 * Reads the policy from the tenant's own event stream, so a guardrail or the self-approval rule
 * takes effect for the very next command, without waiting for a projection; the time zone likewise.
 */
@Component
class EventSourcedTenantPolicies implements TenantPolicies {

    private final EventStore events;

    EventSourcedTenantPolicies(EventStore events) {
        this.events = events;
    }

    @Override
    public TenantPolicy of(TenantId tenantId) {
        TenantPolicy policy = TenantPolicy.unrestricted();
        DomainEventStream stream = events.readEvents(tenantId.toString());
        while (stream.hasNext()) {
            if (stream.next().getPayload() instanceof TenantPolicyChanged changed) {
                policy = changed.policy();
            }
        }
        return policy;
    }

    @Override
    public ZoneId timeZone(TenantId tenantId) {
        ZoneId zone = ZoneId.of("UTC");
        DomainEventStream stream = events.readEvents(tenantId.toString());
        while (stream.hasNext()) {
            if (stream.next().getPayload() instanceof TenantTimeZoneChanged changed) {
                zone = ZoneId.of(changed.timeZone());
            }
        }
        return zone;
    }
}
