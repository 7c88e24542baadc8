package dev.calibrate.command.pricechange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeDrafted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeEdited;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** What the side jobs of a change need from its own event stream, read without loading (and locking) the aggregate. */
@Component
class PriceChangeHistory {

    private final EventStore events;

    PriceChangeHistory(EventStore events) {
        this.events = events;
    }

    boolean belongsTo(PriceChangeId id, TenantId tenantId) {
        return tenantOf(id).filter(tenantId::equals).isPresent();
    }

    /** The tenant of the change; empty when the id names no price change (nothing, or another kind of aggregate). */
    Optional<TenantId> tenantOf(PriceChangeId id) {
        DomainEventStream stream = events.readEvents(id.toString());
        return stream.hasNext() && stream.next().getPayload() instanceof PriceChangeDrafted drafted
                ? Optional.of(drafted.tenantId()) : Optional.empty();
    }

    /** The rule as last defined; it travels with every product price event. */
    JsonNode rule(PriceChangeId id) {
        JsonNode rule = null;
        DomainEventStream stream = events.readEvents(id.toString());
        while (stream.hasNext()) {
            Object payload = stream.next().getPayload();
            if (payload instanceof PriceChangeDrafted drafted) {
                rule = drafted.definition().rule();
            } else if (payload instanceof PriceChangeEdited edited) {
                rule = edited.definition().rule();
            }
        }
        return rule;
    }
}
