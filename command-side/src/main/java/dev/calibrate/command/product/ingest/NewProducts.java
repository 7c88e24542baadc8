package dev.calibrate.command.product.ingest;

import dev.calibrate.command.product.Product;
import dev.calibrate.command.product.ProductRules;
import dev.calibrate.command.product.UpsertDecision;
import dev.calibrate.kernel.message.DomainEvent;
import dev.calibrate.kernel.message.MetadataKeys;
import dev.calibrate.kernel.message.RandomIds;
import dev.calibrate.kernel.message.TenantCommand;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.UpsertOutcome;
import dev.calibrate.kernel.product.ProductMessages.UpsertProduct;
import dev.calibrate.kernel.product.ProductMessages.UpsertResult;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Creates products that do not exist yet, many in one unit of work: for each upsert the events the
 * {@link Product} aggregate would apply on creation ({@link UpsertDecision}, the same decisions), in
 * the product's own stream from sequence 0, all appended in one batched insert. No aggregate is
 * loaded: the writer has just looked up that none of these products has an event. Should one have
 * come into being meanwhile, the event store's unique (aggregate, sequence) key refuses the whole
 * append and nothing of the chunk is stored; the writer then writes its items one by one.
 */
@Component
class NewProducts {

    /** Upserts of SKUs with no product yet, all of {@code tenantId}, each SKU at most once; answers a result per upsert. */
    record CreateNewProducts(TenantId tenantId, List<UpsertProduct> upserts) implements TenantCommand {
        CreateNewProducts {
            upserts = List.copyOf(upserts);
        }
    }

    private final EventBus events;
    private final ProductQuota quota;

    NewProducts(EventBus events, ProductQuota quota) {
        this.events = events;
        this.quota = quota;
    }

    @CommandHandler
    List<UpsertResult> handle(CreateNewProducts cmd) {
        // refused as a whole, the chunk's items go one by one through their aggregate, each refused alike
        quota.admit(cmd.tenantId(), cmd.upserts().size());
        // what the command bus stamped (tenant, actor, request, correlation), as the aggregate's events carry it
        Map<String, ?> flow = CurrentUnitOfWork.map(uow -> uow.getCorrelationData()).orElse(MetaData.emptyInstance());
        List<EventMessage<?>> messages = new ArrayList<>();
        List<UpsertResult> results = new ArrayList<>(cmd.upserts().size());
        for (UpsertProduct upsert : cmd.upserts()) {
            if (!upsert.tenantId().equals(cmd.tenantId())) {
                throw new IllegalArgumentException("an upsert of another tenant in a chunk of " + cmd.tenantId());
            }
            ProductRules.validate(upsert);
            // each item is its own cause, as when it is sent as its own command
            MetaData metaData = MetaData.from(flow).and(MetadataKeys.CAUSATION_ID, RandomIds.uuid().toString());
            List<DomainEvent> created = UpsertDecision.creation(upsert);
            for (int sequence = 0; sequence < created.size(); sequence++) {
                messages.add(new GenericDomainEventMessage<>(ProductId.AGGREGATE_TYPE, upsert.productId().toString(),
                        sequence, created.get(sequence), metaData));
            }
            results.add(new UpsertResult(upsert.productId(), UpsertOutcome.CREATED, created.size() - 1));
        }
        events.publish(messages);
        return results;
    }
}
