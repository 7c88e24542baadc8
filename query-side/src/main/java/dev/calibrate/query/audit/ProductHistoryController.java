package dev.calibrate.query.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.kernel.message.DomainEvent;
import dev.calibrate.kernel.message.MetadataKeys;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductNotFound;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A product's events straight from the event store: what auditors replay. */
@RestController
public class ProductHistoryController {

    private final EventStore eventStore;
    private final ObjectMapper mapper;

    public ProductHistoryController(EventStore eventStore, ObjectMapper mapper) {
        this.eventStore = eventStore;
        this.mapper = mapper;
    }

    @GetMapping(path = "/api/v1/products/{id}/history", produces = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope(Scope.AUDIT_READ)
    public Map<String, Object> history(@PathVariable UUID id, Caller caller) {
        ProductId productId = new ProductId(id);
        List<Map<String, Object>> events = new ArrayList<>();
        var stream = eventStore.readEvents(productId.toString());
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            if (!ProductId.AGGREGATE_TYPE.equals(message.getType())
                    || !(message.getPayload() instanceof DomainEvent event) || !event.tenantId().equals(caller.tenantId())) {
                // another tenant's product, or another kind of aggregate, does not exist for this caller
                throw new ProductNotFound();
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("type", message.getPayloadType().getSimpleName());
            entry.put("sequence", message.getSequenceNumber());
            entry.put("timestamp", message.getTimestamp());
            entry.put("eventId", message.getIdentifier());
            entry.put("actor", message.getMetaData().get(MetadataKeys.ACTOR));
            entry.put("metadata", message.getMetaData());
            entry.put("payload", mapper.valueToTree(message.getPayload()));
            events.add(entry);
        }
        if (events.isEmpty()) {
            throw new ProductNotFound();
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("productId", productId.toString());
        result.put("events", events);
        return result;
    }
}
