package dev.calibrate.command.product;

import dev.calibrate.command.product.ChannelPrices.Drift;
import dev.calibrate.command.product.price.CurrentPrice;
import dev.calibrate.command.product.price.ProductPrices;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceDriftDetected;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceDriftResolved;
import dev.calibrate.kernel.channel.ChannelMessages.DriftResolution;
import dev.calibrate.kernel.message.DomainEvent;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.ObservedPrice;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.kernel.product.ProductMessages.ProductCreated;
import dev.calibrate.kernel.product.ProductMessages.ProductDeactivated;
import dev.calibrate.kernel.product.ProductMessages.ProductDetailsChanged;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceObserved;
import dev.calibrate.kernel.product.ProductMessages.ProductReactivated;
import dev.calibrate.kernel.product.ProductMessages.UpsertOutcome;
import dev.calibrate.kernel.product.ProductMessages.UpsertProduct;
import dev.calibrate.kernel.tenant.TenantId;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What an upsert decides: the events it causes, given what the product knows (nothing, for a SKU
 * never seen). The one place for the precedence between channels, pending channel writes, drift and
 * repeated payloads, shared by the {@link Product} aggregate and the batch writer's bulk path for new
 * SKUs, so the two cannot disagree. Plain Java: no framework, no I/O; its only effect is handing each
 * event to {@code emit} in order. The aggregate's emit is {@code apply}, which updates the state
 * {@link Known} reads before the next decision, as the decisions expect.
 */
public final class UpsertDecision {

    /**
     * What an existing product knows when the upsert arrives, read live: each read asks its product again, so a
     * decision sees the events emitted before it.
     */
    record Known(Supplier<TenantId> tenant, Supplier<ProductDetails> currentDetails, BooleanSupplier isActive,
                 ProductPrices prices, ChannelPrices channels) {

        TenantId tenantId() {
            return tenant.get();
        }

        ProductDetails details() {
            return currentDetails.get();
        }

        boolean active() {
            return isActive.getAsBoolean();
        }
    }

    private final UpsertProduct cmd;
    private final Known known;
    private final Consumer<DomainEvent> emit;

    private UpsertDecision(UpsertProduct cmd, Known known, Consumer<DomainEvent> emit) {
        this.cmd = cmd;
        this.known = known;
        this.emit = emit;
    }

    /**
     * Decides {@code cmd} for a product that knows {@code known} (null: it does not exist yet), handing
     * each event to {@code emit}; answers what the upsert did. {@code cmd} must have passed
     * {@link ProductRules#validate}.
     */
    static UpsertOutcome decide(UpsertProduct cmd, Known known, Consumer<DomainEvent> emit) {
        return new UpsertDecision(cmd, known, emit).decide();
    }

    /** The events that create the product {@code cmd} names, as the aggregate would emit them. */
    public static List<DomainEvent> creation(UpsertProduct cmd) {
        List<DomainEvent> events = new ArrayList<>(1 + cmd.prices().size());
        decide(cmd, null, events::add);
        return events;
    }

    private UpsertOutcome decide() {
        if (known == null) {
            emit.accept(new ProductCreated(cmd.productId(), cmd.tenantId(), cmd.sku(), cmd.details(),
                    cmd.active() == null || cmd.active()));
            cmd.prices().forEach(this::observe);
            return UpsertOutcome.CREATED;
        }
        boolean changed = false;
        ProductDetails merged = ChannelDetails.merged(known.details(), cmd);
        List<String> changedFields = ChannelDetails.changedFields(known.details(), merged);
        if (!changedFields.isEmpty()) {
            emit.accept(new ProductDetailsChanged(cmd.productId(), known.tenantId(), merged, changedFields));
            changed = true;
        }
        Boolean wanted = ChannelDetails.active(known.details(), cmd);
        if (wanted != null && wanted != known.active()) {
            emit.accept(wanted ? new ProductReactivated(cmd.productId(), known.tenantId())
                    : new ProductDeactivated(cmd.productId(), known.tenantId()));
            changed = true;
        }
        for (ObservedPrice price : cmd.prices()) {
            changed |= receive(price);
        }
        return changed ? UpsertOutcome.UPDATED : UpsertOutcome.UNCHANGED;
    }

    /**
     * Records what an upsert saw; answers whether that emitted an event. A linked write-back channel
     * never overwrites a price a price change set: while Calibrate's write is on its way the channel
     * still shows the old price, and afterwards any other price is a drift to accept or repair.
     */
    private boolean receive(ObservedPrice seen) {
        String currency = seen.price().currency();
        CurrentPrice current = known.prices().current(currency);
        if (ChannelDetails.readOnlyChannel(cmd.source()) && known.prices().ownedByCalibrateOrAWriteBackChannel(currency)) {
            return false;
        }
        if (ChannelPrices.watches(cmd.source(), known.details())) {
            if (known.channels().awaitsSync(cmd.source(), currency)) {
                return false;
            }
            if (current != null && current.setBy() != null) {
                return compareWithIntended(cmd.source(), seen, current.price());
            }
        }
        if (current != null && seen.equals(new ObservedPrice(current.price(), current.compareAt()))) {
            return false;
        }
        observe(seen);
        return true;
    }

    private boolean compareWithIntended(String channel, ObservedPrice seen, Money intended) {
        Optional<Drift> drift = known.channels().openDrift(channel, intended.currency());
        if (seen.price().equals(intended)) {
            // someone put Calibrate's price back at the channel
            drift.ifPresent(open -> emit.accept(new ChannelPriceDriftResolved(cmd.productId(), known.tenantId(),
                    channel, DriftResolution.REPAIRED, intended)));
            return drift.isPresent();
        }
        if (drift.isPresent() && drift.get().actual().equals(seen.price())) {
            return false;
        }
        emit.accept(new ChannelPriceDriftDetected(cmd.productId(), known.tenantId(), channel, intended, seen.price(),
                seen.compareAt()));
        return true;
    }

    private void observe(ObservedPrice price) {
        emit.accept(new ProductPriceObserved(cmd.productId(), cmd.tenantId(), price.price(), price.compareAt(),
                cmd.source()));
    }
}
