package dev.calibrate.command.product;

import dev.calibrate.command.product.ChannelPrices.Drift;
import dev.calibrate.command.product.price.CurrentPrice;
import dev.calibrate.command.product.price.PriceWrites;
import dev.calibrate.command.product.price.ProductPrices;
import dev.calibrate.kernel.channel.ChannelMessages.AcceptChannelPrice;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceDriftDetected;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceDriftResolved;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceRepairRequested;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceSyncFailed;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceSyncSuperseded;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceSynced;
import dev.calibrate.kernel.channel.ChannelMessages.DriftResolution;
import dev.calibrate.kernel.channel.ChannelMessages.RecordChannelPriceSync;
import dev.calibrate.kernel.channel.ChannelMessages.RepairChannelPrice;
import dev.calibrate.kernel.product.ObservedPrice;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.DeactivateProduct;
import dev.calibrate.kernel.product.ProductMessages.PriceWriteOutcome;
import dev.calibrate.kernel.product.ProductMessages.ProductBrandFloorsSet;
import dev.calibrate.kernel.product.ProductMessages.ProductCreated;
import dev.calibrate.kernel.product.ProductMessages.ProductDeactivated;
import dev.calibrate.kernel.product.ProductMessages.ProductDetailsChanged;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceChangeConflicted;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceChanged;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceObserved;
import dev.calibrate.kernel.product.ProductMessages.ProductReactivated;
import dev.calibrate.kernel.product.ProductMessages.RevertProductPrice;
import dev.calibrate.kernel.product.ProductMessages.SetBrandFloors;
import dev.calibrate.kernel.product.ProductMessages.SetProductPrice;
import dev.calibrate.kernel.product.ProductMessages.UpsertOutcome;
import dev.calibrate.kernel.product.ProductMessages.UpsertProduct;
import dev.calibrate.kernel.product.ProductMessages.UpsertResult;
import dev.calibrate.kernel.product.ProductNotFound;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One sellable SKU of one tenant, with its descriptive details and its current price per currency:
 * the last one observed at a channel or set by a price change. What a rollback puts back is in the
 * change's run record and comes with the command; the product keeps only who set each price (so a
 * rollback gives it back to them) and its last few write outcomes (so a repeated write changes nothing).
 * A price a price change set is Calibrate's to keep: a channel that shows another one has drifted
 * (see {@link ChannelPrices}), and only accepting the drift hands the price back to the channel.
 * Loading a product starts from its newest {@link ProductSnapshot} when it has one.
 */
@Aggregate(snapshotTriggerDefinition = ProductSnapshotter.TRIGGER, snapshotFilter = ProductSnapshotter.FILTER)
public class Product {

    @AggregateIdentifier
    private ProductId productId;
    private TenantId tenantId;
    private ProductDetails details;
    private boolean active;
    private final ProductPrices prices = new ProductPrices();
    private final ChannelPrices channels = new ChannelPrices();

    protected Product() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    UpsertResult handle(UpsertProduct cmd) {
        if (productId != null) {
            // before validating: another tenant's sku never matches this product id, and must read as missing
            requireTenant(cmd.tenantId());
        }
        ProductRules.validate(cmd);
        return result(UpsertDecision.decide(cmd, productId == null ? null : known(), AggregateLifecycle::apply));
    }

    /** The product's state as the upsert's decisions read it: live, so each sees the events before it. */
    private UpsertDecision.Known known() {
        return new UpsertDecision.Known(() -> tenantId, () -> details, () -> active, prices, channels);
    }

    @CommandHandler
    void handle(DeactivateProduct cmd) {
        requireTenant(cmd.tenantId());
        if (active) {
            apply(new ProductDeactivated(productId, tenantId));
        }
    }

    @CommandHandler
    PriceWriteOutcome handle(SetProductPrice cmd) {
        requireTenant(cmd.tenantId());
        return recorded(PriceWrites.apply(productId, tenantId, prices, active, cmd,
                GenericEventMessage.clock.instant()));
    }

    /**
     * Puts back the price the change replaced (the command carries it, from the change's run record),
     * unless someone or something set another price since.
     */
    @CommandHandler
    PriceWriteOutcome handle(RevertProductPrice cmd) {
        requireTenant(cmd.tenantId());
        return recorded(PriceWrites.revert(productId, tenantId, prices, cmd, GenericEventMessage.clock.instant()));
    }

    private PriceWriteOutcome recorded(PriceWrites.Decision decision) {
        decision.event().ifPresent(AggregateLifecycle::apply);
        return decision.outcome();
    }

    /** What became of a price sent to a channel; the same record again changes nothing. */
    @CommandHandler
    void handle(RecordChannelPriceSync cmd) {
        requireTenant(cmd.tenantId());
        ChannelPrices.validate(cmd);
        if (channels.alreadyRecorded(cmd)) {
            return;
        }
        switch (cmd.result()) {
            case SYNCED -> {
                apply(new ChannelPriceSynced(productId, tenantId, cmd.channel(), cmd.priceChangeId(), cmd.action(),
                        cmd.price(), cmd.compareAt()));
                // the channel holds Calibrate's price again: the one that drifted, or a newer one sent since
                CurrentPrice current = prices.current(cmd.price().currency());
                channels.openDrift(cmd.channel(), cmd.price().currency())
                        .filter(drift -> drift.expected().equals(cmd.price())
                                || current != null && current.price().equals(cmd.price()))
                        .ifPresent(drift -> apply(new ChannelPriceDriftResolved(productId, tenantId, cmd.channel(),
                                DriftResolution.REPAIRED, cmd.price())));
            }
            case FAILED -> apply(new ChannelPriceSyncFailed(productId, tenantId, cmd.channel(), cmd.priceChangeId(),
                    cmd.action(), cmd.price(), cmd.reason(), cmd.errors() == null ? List.of() : cmd.errors()));
            case SUPERSEDED -> apply(new ChannelPriceSyncSuperseded(productId, tenantId, cmd.channel(),
                    cmd.priceChangeId(), cmd.action(), cmd.price()));
        }
    }

    /** Adopts the channel's drifted price as an observed price: from now on the channel owns it. */
    @CommandHandler
    void handle(AcceptChannelPrice cmd) {
        requireTenant(cmd.tenantId());
        Drift drift = channels.openDrift(cmd.channel()).orElseThrow(() -> new NoOpenDrift(productId, cmd.channel()));
        apply(new ProductPriceObserved(productId, tenantId, drift.actual(), drift.actualCompareAt(), cmd.channel()));
        apply(new ChannelPriceDriftResolved(productId, tenantId, cmd.channel(), DriftResolution.ACCEPTED,
                drift.actual()));
    }

    /** Asks for the current price to be sent again; the drift stays open until the channel confirms it. */
    @CommandHandler
    void handle(RepairChannelPrice cmd) {
        requireTenant(cmd.tenantId());
        Drift drift = channels.openDrift(cmd.channel()).orElseThrow(() -> new NoOpenDrift(productId, cmd.channel()));
        String currency = drift.expected().currency();
        CurrentPrice current = prices.current(currency);
        apply(new ChannelPriceRepairRequested(productId, tenantId, cmd.channel(), current.setBy(),
                current.price(), current.compareAt()));
    }

    /** Setting the floors a product already has changes nothing, so a repeated import records nothing. */
    @CommandHandler
    boolean handle(SetBrandFloors cmd) {
        requireTenant(cmd.tenantId());
        if (Objects.equals(prices.brandFloors(cmd.currency()), cmd.floors())) {
            return false;
        }
        apply(new ProductBrandFloorsSet(productId, tenantId, cmd.currency(), cmd.floors()));
        return true;
    }

    /** What this product remembers now, for its snapshot. */
    ProductSnapshot snapshot() {
        return new ProductSnapshot(productId, tenantId, details, active, prices.memory(), channels.memory());
    }

    /** A load that starts from a snapshot: the product remembers what it remembered when it was taken. */
    @EventSourcingHandler
    void on(ProductSnapshot snapshot) {
        productId = snapshot.productId();
        tenantId = snapshot.tenantId();
        details = snapshot.details();
        active = snapshot.active();
        prices.restore(snapshot.prices());
        channels.restore(snapshot.channels());
    }

    @EventSourcingHandler
    void on(ProductBrandFloorsSet event) {
        prices.brandFloorsSet(event);
    }

    @EventSourcingHandler
    void on(ProductCreated event) {
        productId = event.productId();
        tenantId = event.tenantId();
        details = event.details();
        active = event.active();
    }

    @EventSourcingHandler
    void on(ProductDetailsChanged event) {
        details = event.details();
    }

    @EventSourcingHandler
    void on(ProductDeactivated event) {
        active = false;
    }

    @EventSourcingHandler
    void on(ProductReactivated event) {
        active = true;
    }

    @EventSourcingHandler
    void on(ProductPriceObserved event) {
        prices.observed(event);
    }

    @EventSourcingHandler
    void on(ProductPriceChanged event) {
        prices.changed(event);
        channels.priceSet(details, event.newPrice());
    }

    @EventSourcingHandler
    void on(ProductPriceChangeConflicted event) {
        prices.conflicted(event);
    }

    @EventSourcingHandler
    void on(ChannelPriceSynced event) {
        channels.synced(event);
    }

    @EventSourcingHandler
    void on(ChannelPriceSyncFailed event) {
        channels.failed(event);
    }

    @EventSourcingHandler
    void on(ChannelPriceSyncSuperseded event) {
        channels.superseded(event);
    }

    @EventSourcingHandler
    void on(ChannelPriceDriftDetected event) {
        channels.driftDetected(event);
    }

    @EventSourcingHandler
    void on(ChannelPriceRepairRequested event) {
        channels.repairRequested(event);
    }

    @EventSourcingHandler
    void on(ChannelPriceDriftResolved event) {
        channels.driftResolved(event.channel());
    }

    private UpsertResult result(UpsertOutcome outcome) {
        Long version = AggregateLifecycle.getVersion();
        return new UpsertResult(productId, outcome, version == null ? 0 : version);
    }

    /** Another tenant's product is reported as missing, never as forbidden. */
    private void requireTenant(TenantId caller) {
        if (!tenantId.equals(caller)) {
            throw new ProductNotFound();
        }
    }
}
