package dev.calibrate.command.product;

import dev.calibrate.kernel.channel.ChannelMessages;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceDriftDetected;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceRepairRequested;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceSyncFailed;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceSyncSuperseded;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceSynced;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelSyncResult;
import dev.calibrate.kernel.channel.ChannelMessages.RecordChannelPriceSync;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.product.ProductDetails;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a product remembers about its prices at the channels Calibrate writes to: per channel and
 * currency the price Calibrate sent and still waits to hear about (the pending target), the sync
 * records it has seen (the last {@value #RECORDS_KEPT}, so a repeated record changes nothing: a channel
 * repeats one within moments, not after that many others), and at most one open drift per channel.
 * Only the Product's event-sourcing handlers change it; the Product's command handlers ask it.
 */
final class ChannelPrices {

    static final int RECORDS_KEPT = 64;

    /** A price the channel showed that is not the one Calibrate set. */
    record Drift(Money expected, Money actual, Money actualCompareAt) {
    }

    private record Target(String channel, String currency) {
    }

    record SyncRecord(String channel, PriceChangeId priceChangeId, RunKind action, Money price,
                      ChannelSyncResult result) {
    }

    /** A price sent to {@code channel} that it has not confirmed yet. */
    record Pending(String channel, String currency, Money price) {
    }

    /** All a product remembers of its channels, as its snapshot keeps it (the records oldest first). */
    record Memory(List<Pending> pending, List<SyncRecord> recorded, Map<String, Drift> openDrifts) {

        Memory {
            pending = List.copyOf(pending);
            recorded = List.copyOf(recorded);
            openDrifts = Collections.unmodifiableMap(new TreeMap<>(openDrifts));
        }
    }

    private final Map<Target, Money> pendingTargets = new HashMap<>();
    private final Set<SyncRecord> recorded = new LinkedHashSet<>();
    private final Map<String, Drift> openDrifts = new HashMap<>();

    Memory memory() {
        return new Memory(pendingTargets.entrySet().stream()
                .map(e -> new Pending(e.getKey().channel(), e.getKey().currency(), e.getValue()))
                .sorted(Comparator.comparing(Pending::channel).thenComparing(Pending::currency)).toList(),
                List.copyOf(recorded), openDrifts);
    }

    /** Remembers exactly what {@code memory} holds, as if the events that made it had been replayed. */
    void restore(Memory memory) {
        pendingTargets.clear();
        memory.pending().forEach(p -> pendingTargets.put(new Target(p.channel(), p.currency()), p.price()));
        recorded.clear();
        memory.recorded().forEach(this::keep);
        openDrifts.clear();
        openDrifts.putAll(memory.openDrifts());
    }

    /** True when {@code source} is a channel Calibrate writes to and this product is linked to it. */
    static boolean watches(String source, ProductDetails details) {
        return ChannelMessages.writesBack(source) && details.channelRefs().containsKey(source);
    }

    /** What makes a sync record acceptable, whatever the product's state. */
    static void validate(RecordChannelPriceSync cmd) {
        List<InvalidInput.Violation> violations = new ArrayList<>();
        if (!ChannelMessages.writesBack(cmd.channel())) {
            violations.add(new InvalidInput.Violation("channel", "must be one of " + ChannelMessages.WRITE_BACK));
        }
        if (cmd.price() == null) {
            violations.add(new InvalidInput.Violation("price", "is required"));
        }
        if (cmd.result() == null) {
            violations.add(new InvalidInput.Violation("result", "is required"));
        }
        if (cmd.priceChangeId() != null && cmd.action() == null) {
            violations.add(new InvalidInput.Violation("action", "is required with a price change"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInput(violations);
        }
    }

    /** True while Calibrate has sent (or is about to send) a price in {@code currency} the channel has not confirmed. */
    boolean awaitsSync(String channel, String currency) {
        return pendingTargets.containsKey(new Target(channel, currency));
    }

    Optional<Drift> openDrift(String channel) {
        return Optional.ofNullable(openDrifts.get(channel));
    }

    Optional<Drift> openDrift(String channel, String currency) {
        return openDrift(channel).filter(drift -> drift.expected().currency().equals(currency));
    }

    boolean alreadyRecorded(RecordChannelPriceSync cmd) {
        return recorded.contains(new SyncRecord(cmd.channel(), cmd.priceChangeId(), cmd.action(), cmd.price(),
                cmd.result()));
    }

    // --- remembering (called from the Product's event-sourcing handlers only) ----------------------

    /** A price change set {@code price}: every write-back channel the product is linked to has to be told. */
    void priceSet(ProductDetails details, Money price) {
        details.channelRefs().keySet().stream().filter(ChannelMessages::writesBack)
                .forEach(channel -> pendingTargets.put(new Target(channel, price.currency()), price));
    }

    void repairRequested(ChannelPriceRepairRequested event) {
        pendingTargets.put(new Target(event.channel(), event.price().currency()), event.price());
        // the re-sent price is reported again, and that report is news, not a repeat
        recorded.removeIf(r -> r.channel().equals(event.channel()) && r.price().equals(event.price()));
    }

    void synced(ChannelPriceSynced event) {
        keep(new SyncRecord(event.channel(), event.priceChangeId(), event.action(), event.price(),
                ChannelSyncResult.SYNCED));
        reached(event.channel(), event.price());
    }

    void failed(ChannelPriceSyncFailed event) {
        keep(new SyncRecord(event.channel(), event.priceChangeId(), event.action(), event.price(),
                ChannelSyncResult.FAILED));
        reached(event.channel(), event.price());
    }

    void superseded(ChannelPriceSyncSuperseded event) {
        keep(new SyncRecord(event.channel(), event.priceChangeId(), event.action(), event.price(),
                ChannelSyncResult.SUPERSEDED));
    }

    void driftDetected(ChannelPriceDriftDetected event) {
        openDrifts.put(event.channel(), new Drift(event.expected(), event.actual(), event.actualCompareAt()));
    }

    void driftResolved(String channel) {
        openDrifts.remove(channel);
    }

    /** Keeps {@code record} as the newest, forgetting the oldest past {@link #RECORDS_KEPT}. */
    private void keep(SyncRecord record) {
        recorded.remove(record);
        recorded.add(record);
        Iterator<SyncRecord> oldest = recorded.iterator();
        while (recorded.size() > RECORDS_KEPT) {
            oldest.next();
            oldest.remove();
        }
    }

    /** The channel answered for the price it was waiting for (held or refused): it waits no more. */
    private void reached(String channel, Money price) {
        pendingTargets.remove(new Target(channel, price.currency()), price);
    }
}
