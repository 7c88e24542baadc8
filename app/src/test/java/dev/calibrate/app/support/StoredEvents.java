package dev.calibrate.app.support;

import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.message.MetadataKeys;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeApplyStarted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRollbackStarted;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Appends events to the event store as an aggregate would, with the metadata a request gives them,
 * for read models whose command side is not wired to the API (yet): the projections cannot tell.
 * The command side can: a started apply or rollback would start a real run over these hand-made
 * events, so such a run is parked first (a year ahead), and the run starter finds it already there.
 */
public final class StoredEvents {

    private final EventStore store;
    private final EventPositions positions;
    private final JdbcTemplate jdbc;

    public StoredEvents(EventStore store, EventPositions positions, JdbcTemplate jdbc) {
        this.store = store;
        this.positions = positions;
        this.jdbc = jdbc;
    }

    /** Appends {@code payloads} to the aggregate, stamped now; answers the head position after them. */
    public long append(String aggregateType, String aggregateId, String tenantId, String actor, Object... payloads) {
        return appendAt(aggregateType, aggregateId, tenantId, actor, null, payloads);
    }

    /**
     * Appends {@code payloads} after the aggregate's last event, the first stamped {@code timestamp}
     * (now when null) and each next one a millisecond later; answers the head position after them.
     */
    public long appendAt(String aggregateType, String aggregateId, String tenantId, String actor, Instant timestamp,
                         Object... payloads) {
        long next = store.lastSequenceNumberFor(aggregateId).map(last -> last + 1).orElse(0L);
        String correlationId = UUID.randomUUID().toString();
        Instant at = timestamp == null ? Instant.now() : timestamp;
        List<DomainEventMessage<?>> messages = new ArrayList<>();
        for (Object payload : payloads) {
            if (payload instanceof PriceChangeApplyStarted started) {
                parkRun(started.id() + ":APPLY");
            } else if (payload instanceof PriceChangeRollbackStarted started) {
                parkRun(started.id() + ":ROLLBACK");
            }
            Map<String, Object> metadata = Map.of(MetadataKeys.TENANT_ID, tenantId, MetadataKeys.ACTOR, actor,
                    MetadataKeys.CORRELATION_ID, correlationId, MetadataKeys.CAUSATION_ID, UUID.randomUUID().toString(),
                    MetadataKeys.REQUEST_ID, "test-" + correlationId);
            messages.add(new GenericDomainEventMessage<>(aggregateType, aggregateId, next++, payload, metadata,
                    UUID.randomUUID().toString(), at));
            at = at.plusMillis(1);
        }
        store.publish(messages);
        return positions.head();
    }

    private void parkRun(String instance) {
        jdbc.update("INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked, version)"
                + " VALUES ('price-change-run', ?, now() + interval '1 year', false, 1) ON CONFLICT DO NOTHING", instance);
    }
}
