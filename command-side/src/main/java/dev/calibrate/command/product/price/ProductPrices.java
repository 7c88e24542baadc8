package dev.calibrate.command.product.price;

import dev.calibrate.kernel.channel.ChannelMessages;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.product.ObservedPrice;
import dev.calibrate.kernel.product.ProductMessages.PriceWriteOutcome;
import dev.calibrate.kernel.product.ProductMessages.PriceWriteResult;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceChangeConflicted;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceChanged;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceObserved;
import dev.calibrate.kernel.product.ProductMessages.RevertProductPrice;
import dev.calibrate.kernel.product.ProductMessages.SetProductPrice;

import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.BrandFloors;
import dev.calibrate.kernel.product.BrandFloors.BrandFloor;
import dev.calibrate.kernel.product.ProductMessages.ProductBrandFloorsSet;

import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a product remembers of its prices: per currency the price as it stands and who set it, its brand
 * floors (a write below the one in force is refused when the tenant enforces MAP), and the outcomes of
 * its last few price writes. Nothing of the prices before: what a rollback puts back comes
 * with the command, from the change's run record. Only the Product's event-sourcing handlers change
 * it; its command handlers ask it.
 */
public final class ProductPrices {

    private final Map<String, CurrentPrice> prices = new HashMap<>();
    private final RecentWrites writes = new RecentWrites();
    private final Map<String, BrandFloors> brandFloors = new HashMap<>();

    /** All a product remembers of its prices, as its snapshot keeps it: per currency the price and floors. */
    public record Memory(Map<String, CurrentPrice> prices, List<RecentWrites.Entry> writes,
                         Map<String, BrandFloors> brandFloors) {

        /** In currency order, so that a snapshot of the same memory is the same JSON. */
        public Memory {
            prices = Collections.unmodifiableMap(new TreeMap<>(prices));
            writes = List.copyOf(writes);
            brandFloors = Collections.unmodifiableMap(new TreeMap<>(brandFloors));
        }
    }

    /** What this product remembers, to be {@link #restore restored} as it is. */
    public Memory memory() {
        return new Memory(prices, writes.entries(), brandFloors);
    }

    /** Remembers exactly what {@code memory} holds, as if the events that made it had been replayed. */
    public void restore(Memory memory) {
        prices.clear();
        prices.putAll(memory.prices());
        writes.restore(memory.writes());
        brandFloors.clear();
        brandFloors.putAll(memory.brandFloors());
    }

    /** The price in {@code currency}; null when the product has none. */
    public CurrentPrice current(String currency) {
        return prices.get(currency);
    }

    /**
     * Calibrate cannot tell a read-only channel its price: were the channel's own to replace one a price
     * change set, every ingest would undo the change; and where a write-back channel shows the price in
     * this currency, the two would take turns.
     */
    public boolean ownedByCalibrateOrAWriteBackChannel(String currency) {
        CurrentPrice current = prices.get(currency);
        return current != null
                && (current.setBy() != null || ChannelMessages.writesBack(current.provenance().observedSource()));
    }

    /** The outcome of the same write made before, if this product still remembers it. */
    Optional<PriceWriteOutcome> earlier(PriceChangeId change, RunKind kind, String currency) {
        return writes.earlier(change, kind, currency);
    }

    /** The product's brand floors in {@code currency}; null when it has none there. */
    public BrandFloors brandFloors(String currency) {
        return brandFloors.get(currency);
    }

    /** Why the product refuses {@code cmd} at {@code at}; null when it takes it. */
    String conflictOf(SetProductPrice cmd, boolean active, Instant at) {
        String currency = cmd.newPrice().currency();
        CurrentPrice current = prices.get(currency);
        return !active ? "the product is inactive"
                : current == null ? "the product no longer has a price in " + currency
                : !current.price().equals(cmd.expectedPrice())
                ? "the price is now " + current.price().amount().toPlainString() + " " + currency
                + ", not the previewed " + cmd.expectedPrice().amount().toPlainString()
                : cmd.enforceMap() ? belowBrandFloor(cmd.newPrice(), at, "apply") : null;
    }

    /**
     * Why the price cannot go back: someone or something set another one since, or (when the tenant
     * enforces MAP) the price it restores is below the brand floor in force at {@code at}; null when it can.
     */
    String conflictOf(RevertProductPrice cmd, Instant at) {
        String currency = cmd.appliedPrice().currency();
        CurrentPrice current = prices.get(currency);
        if (current != null && cmd.priceChangeId().equals(current.setBy())
                && current.price().equals(cmd.appliedPrice())) {
            return cmd.enforceMap() ? belowBrandFloor(cmd.restore().price(), at, "rollback") : null;
        }
        return (current == null ? "the product no longer has a price in " + currency
                : "the price is now " + current.price().amount().toPlainString() + " " + currency + ", "
                + current.provenance().words())
                + "; this change set " + cmd.appliedPrice().amount().toPlainString();
    }

    /** "below the brand floor MAP 19.99 in force at apply" when {@code price} is; null when it is not. */
    private String belowBrandFloor(Money price, Instant at, String write) {
        BrandFloors floors = brandFloors.get(price.currency());
        BrandFloor floor = floors == null ? null : floors.at(at).orElse(null);
        return floor != null && price.amount().compareTo(floor.amount()) < 0
                ? "below the brand floor " + floor.text() + " in force at " + write : null;
    }

    // --- remembering (called from the Product's event-sourcing handlers only) ----------------------

    public void brandFloorsSet(ProductBrandFloorsSet event) {
        if (event.floors() == null) brandFloors.remove(event.currency());
        else brandFloors.put(event.currency(), event.floors());
    }

    public void observed(ProductPriceObserved event) {
        prices.put(event.price().currency(), new CurrentPrice(event.price(), event.compareAt(),
                new Provenance.Observed(event.source())));
    }

    /** An apply lays the change over whoever had set the price; its rollback gives the price back to them. */
    public void changed(ProductPriceChanged event) {
        String currency = event.newPrice().currency();
        Provenance before = Optional.ofNullable(prices.get(currency)).map(CurrentPrice::provenance)
                .orElse(new Provenance.Forgotten(null));
        Provenance after;
        if (event.action() == RunKind.APPLY) {
            after = Provenance.SetBy.over(event.priceChangeId(), before);
            writes.remember(event.priceChangeId(), RunKind.APPLY, currency, new PriceWriteOutcome(
                    PriceWriteResult.WRITTEN, null, new ObservedPrice(event.oldPrice(), event.oldCompareAt())));
        } else {
            after = before instanceof Provenance.SetBy set && set.change().equals(event.priceChangeId())
                    ? set.rolledBack() : new Provenance.RestoredBy(event.priceChangeId(), before.observedSource());
            writes.remember(event.priceChangeId(), RunKind.ROLLBACK, currency,
                    new PriceWriteOutcome(PriceWriteResult.WRITTEN, null));
        }
        prices.put(currency, new CurrentPrice(event.newPrice(), event.newCompareAt(), after));
    }

    public void conflicted(ProductPriceChangeConflicted event) {
        writes.remember(event.priceChangeId(), event.action(), event.expectedPrice().currency(),
                new PriceWriteOutcome(PriceWriteResult.CONFLICT, event.reason()));
    }
}
