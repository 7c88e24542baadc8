package dev.calibrate.command.pricechange;

import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeDrafted;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** Whose a change is, read from its own event stream without loading (and locking) the aggregate. */
@Component
public class PriceChangeHistory {

    private final EventStore events;

    PriceChangeHistory(EventStore events) {
        this.events = events;
    }

    /** The tenant of the change; empty when the id names no price change (nothing, or another kind of aggregate). */
    public Optional<TenantId> tenantOf(PriceChangeId id) {
        DomainEventStream stream = events.readEvents(id.toString());
        return stream.hasNext() && stream.next().getPayload() instanceof PriceChangeDrafted drafted
                ? Optional.of(drafted.tenantId()) : Optional.empty();
    }
}
