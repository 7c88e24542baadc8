package dev.calibrate.query.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.message.MetadataKeys;
import dev.calibrate.kernel.message.Paging;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductNotFound;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.query.audit.AuditApi.ProductEventHistory;
import dev.calibrate.query.audit.AuditApi.StoredProductEvent;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.eventhandling.DomainEventMessage;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A product's events straight from the event store: what auditors replay. Read under the caller's
 * tenant, so another tenant's product has no events here, exactly like an id never used.
 */
@RestController
@Tag(name = "Audit")
public class ProductHistoryController {

    private final TenantEventStore events;
    private final ObjectMapper mapper;

    public ProductHistoryController(TenantEventStore events, ObjectMapper mapper) {
        this.events = events;
        this.mapper = mapper;
    }

    @GetMapping(path = "/api/v1/products/{id}/history", produces = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope(Scope.AUDIT_READ)
    @Operation(operationId = "getProductHistory", summary = "A product's events, straight from the event store",
            description = "The product's events in order, with their metadata and payloads as stored (upcast to the "
                    + "current revision), a page at a time: up to size events after sequence number after; next is "
                    + "the after= of the following page, absent on the last.")
    public ProductEventHistory history(@PathVariable UUID id,
                                       @Parameter(description = "Only events with a higher sequence number; from the "
                                               + "first when absent.", example = "41")
                                       @RequestParam(required = false) Long after,
                                       @Parameter(description = "Events per page, 1 to " + Paging.MAX_SIZE + ".")
                                       @RequestParam(defaultValue = "" + Paging.MAX_SIZE) int size,
                                       Caller caller) {
        if (after != null && after < 0) {
            throw new InvalidInput("after", "must be a sequence number, 0 or more");
        }
        if (size < 1 || size > Paging.MAX_SIZE) {
            throw new InvalidInput("size", "must be between 1 and " + Paging.MAX_SIZE);
        }
        ProductId productId = new ProductId(id);
        List<DomainEventMessage<?>> page = events.eventsAfter(caller.tenantId(), ProductId.AGGREGATE_TYPE,
                productId.toString(), after == null ? -1 : after, size + 1);
        if (page.isEmpty() && (after == null || newest(id, 1, caller).isEmpty())) {
            throw new ProductNotFound();
        }
        List<StoredProductEvent> history = page.stream().limit(size).map(this::describe).toList();
        Long next = page.size() > size ? history.get(size - 1).sequence() : null;
        return new ProductEventHistory(productId.value(), history, next);
    }

    /** The product's newest {@code count} events, newest first (the console's panel); empty when it is not the tenant's. */
    public List<StoredProductEvent> newest(UUID id, int count, Caller caller) {
        return events.eventsBefore(caller.tenantId(), ProductId.AGGREGATE_TYPE, new ProductId(id).toString(),
                Long.MAX_VALUE, count).stream().map(this::describe).toList();
    }

    private StoredProductEvent describe(DomainEventMessage<?> message) {
        return new StoredProductEvent(message.getPayloadType().getSimpleName(), message.getSequenceNumber(),
                message.getTimestamp(), message.getIdentifier(),
                Objects.toString(message.getMetaData().get(MetadataKeys.ACTOR), null),
                mapper.valueToTree(message.getMetaData()), mapper.valueToTree(message.getPayload()));
    }
}
