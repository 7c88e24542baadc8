package dev.calibrate.query.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.kernel.message.MetadataKeys;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductNotFound;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import org.axonframework.eventhandling.DomainEventMessage;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A product's events straight from the event store: what auditors replay. Read under the caller's
 * tenant, so another tenant's product has no events here, exactly like an id never used.
 */
@RestController
public class ProductHistoryController {

    private final TenantEventStore events;
    private final ObjectMapper mapper;

    public ProductHistoryController(TenantEventStore events, ObjectMapper mapper) {
        this.events = events;
        this.mapper = mapper;
    }

    @GetMapping(path = "/api/v1/products/{id}/history", produces = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope(Scope.AUDIT_READ)
    public Map<String, Object> history(@PathVariable UUID id, Caller caller) {
        ProductId productId = new ProductId(id);
        List<Map<String, Object>> history = new ArrayList<>();
        for (DomainEventMessage<?> message : events.aggregateEvents(caller.tenantId(), ProductId.AGGREGATE_TYPE, productId.toString())) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("type", message.getPayloadType().getSimpleName());
            entry.put("sequence", message.getSequenceNumber());
            entry.put("timestamp", message.getTimestamp());
            entry.put("eventId", message.getIdentifier());
            entry.put("actor", message.getMetaData().get(MetadataKeys.ACTOR));
            entry.put("metadata", message.getMetaData());
            entry.put("payload", mapper.valueToTree(message.getPayload()));
            history.add(entry);
        }
        if (history.isEmpty()) {
            throw new ProductNotFound();
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("productId", productId.toString());
        result.put("events", history);
        return result;
    }
}
