package dev.calibrate.command.product.price;

import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.PriceWriteOutcome;
import dev.calibrate.kernel.product.ProductMessages.PriceWriteOutcomes;
import dev.calibrate.kernel.product.ProductMessages.ProductEvent;
import dev.calibrate.kernel.product.ProductMessages.RevertProductPrice;
import dev.calibrate.kernel.product.ProductMessages.RevertProductPrices;
import dev.calibrate.kernel.product.ProductMessages.SetProductPrice;
import dev.calibrate.kernel.product.ProductMessages.SetProductPrices;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A run's chunk of price writes, handled set-wise: the chunk's products' events (since each one's snapshot)
 * read in one query and replayed in memory ({@link PriceWriteState}), each write decided by {@link PriceWrites} as the
 * {@link dev.calibrate.command.product.Product} aggregate decides it alone, and one event per written or conflicting product
 * appended in one batch, in the run's transaction, together with the items' outcomes.
 *
 * <p>Why this is as safe as the aggregate: each event is appended at the sequence number after the
 * last one read for its product, and the event store's unique key on (aggregate, sequence) refuses an
 * append when any other write reached that product since the read (an upsert, a drift, another
 * run's chunk). The whole chunk then rolls back, outcomes included, and the run writes its items one
 * by one through the aggregate, which loads the product afresh. Nothing is written that the
 * aggregate would not have written. A chunk whose writes name another tenant or change than the
 * chunk itself is refused whole ({@link InvalidInput}).
 */
@Component
public class ProductPriceChunks {

    private final ProductEventStreams streams;
    private final EventBus events;
    private final ProductSnapshots snapshots;

    ProductPriceChunks(ProductEventStreams streams, EventBus events, ProductSnapshots snapshots) {
        this.streams = streams;
        this.events = events;
        this.snapshots = snapshots;
    }

    @CommandHandler
    PriceWriteOutcomes handle(SetProductPrices chunk) {
        for (int i = 0; i < chunk.writes().size(); i++) {
            SetProductPrice write = chunk.writes().get(i);
            ofTheChunk(chunk.tenantId(), chunk.priceChangeId(), i, write.tenantId(), write.priceChangeId());
        }
        return decided(chunk.tenantId(), chunk.writes(), SetProductPrice::productId,
                (state, write) -> PriceWrites.apply(state.productId(), state.tenantId(), state.prices(),
                        state.active(), write, GenericEventMessage.clock.instant()));
    }

    @CommandHandler
    PriceWriteOutcomes handle(RevertProductPrices chunk) {
        for (int i = 0; i < chunk.writes().size(); i++) {
            RevertProductPrice write = chunk.writes().get(i);
            ofTheChunk(chunk.tenantId(), chunk.priceChangeId(), i, write.tenantId(), write.priceChangeId());
        }
        return decided(chunk.tenantId(), chunk.writes(), RevertProductPrice::productId,
                (state, write) -> PriceWrites.revert(state.productId(), state.tenantId(), state.prices(), write,
                        GenericEventMessage.clock.instant()));
    }

    /**
     * Every write of a chunk is its command's: the command's tenant is the one the gateway checked
     * and the one whose products the chunk decides, its change the one whose run sent it. A write
     * naming another would be decided under the wrong tenant or recorded under the wrong change, so
     * the whole chunk is refused before anything is read or written.
     */
    private static void ofTheChunk(TenantId tenantId, PriceChangeId priceChangeId, int index,
                                   TenantId writeTenant, PriceChangeId writeChange) {
        if (!tenantId.equals(writeTenant)) {
            throw new InvalidInput("writes[" + index + "].tenantId", "names another tenant than its chunk");
        }
        if (!priceChangeId.equals(writeChange)) {
            throw new InvalidInput("writes[" + index + "].priceChangeId", "names another price change than its chunk");
        }
    }

    private <W> PriceWriteOutcomes decided(TenantId tenantId, List<W> writes, Function<W, ProductId> productOf,
                                           BiFunction<PriceWriteState, W, PriceWrites.Decision> decide) {
        Set<ProductId> products = new LinkedHashSet<>();
        writes.forEach(write -> products.add(productOf.apply(write)));
        Map<ProductId, PriceWriteState> states = new HashMap<>();
        streams.forEachSinceSnapshot(products, event -> states.computeIfAbsent(
                new ProductId(UUID.fromString(event.getAggregateIdentifier())), PriceWriteState::new).replay(event));
        // what the aggregate's events carry too: causation, correlation, tenant and actor of the command
        MetaData metadata = CurrentUnitOfWork.isStarted()
                ? CurrentUnitOfWork.get().getCorrelationData() : MetaData.emptyInstance();
        List<DomainEventMessage<?>> appended = new ArrayList<>(writes.size());
        PriceWriteOutcome[] outcomes = new PriceWriteOutcome[writes.size()];
        for (int i = 0; i < writes.size(); i++) {
            W write = writes.get(i);
            PriceWriteState state = states.get(productOf.apply(write));
            if (state == null || !state.belongsTo(tenantId)) {
                continue; // left to the product command, which refuses it as it always did
            }
            PriceWrites.Decision decision = decide.apply(state, write);
            if (decision.event().isPresent()) {
                ProductEvent event = decision.event().get();
                long sequence = state.append(event);
                appended.add(new GenericDomainEventMessage<>(ProductId.AGGREGATE_TYPE, state.productId().toString(),
                        sequence, event, metadata));
            }
            outcomes[i] = decision.outcome();
        }
        if (!appended.isEmpty()) {
            events.publish(appended);
        }
        // a product the chunk read far past its snapshot gets a new one once the chunk commits
        states.values().stream().filter(state -> state.belongsTo(tenantId))
                .forEach(state -> snapshots.takeIfDue(state.productId(), state.sinceSnapshot()));
        return new PriceWriteOutcomes(Collections.unmodifiableList(Arrays.asList(outcomes)));
    }
}
