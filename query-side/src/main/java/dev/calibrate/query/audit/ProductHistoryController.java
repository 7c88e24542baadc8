package dev.calibrate.query.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.kernel.message.MetadataKeys;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductNotFound;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.query.audit.AuditApi.ProductEventHistory;
import dev.calibrate.query.audit.AuditApi.StoredProductEvent;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.eventhandling.DomainEventMessage;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
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
            description = "Every event of the product in order, with its metadata and payload as stored (upcast "
                    + "to the current revision).")
    public ProductEventHistory history(@PathVariable UUID id, Caller caller) {
        ProductId productId = new ProductId(id);
        List<StoredProductEvent> history = events.aggregateEvents(caller.tenantId(), ProductId.AGGREGATE_TYPE,
                productId.toString()).stream().map(this::describe).toList();
        if (history.isEmpty()) {
            throw new ProductNotFound();
        }
        return new ProductEventHistory(productId.value(), history);
    }

    private StoredProductEvent describe(DomainEventMessage<?> message) {
        return new StoredProductEvent(message.getPayloadType().getSimpleName(), message.getSequenceNumber(),
                message.getTimestamp(), message.getIdentifier(),
                Objects.toString(message.getMetaData().get(MetadataKeys.ACTOR), null),
                mapper.valueToTree(message.getMetaData()), mapper.valueToTree(message.getPayload()));
    }
}
