package dev.calibrate.query.provenance;

import dev.calibrate.kernel.channel.ChannelMessages;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelError;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceDriftDetected;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceDriftResolved;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceRepairRequested;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceSyncFailed;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceSyncSuperseded;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceSynced;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.kernel.product.ProductMessages.ProductCreated;
import dev.calibrate.kernel.product.ProductMessages.ProductDetailsChanged;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceChanged;
import dev.calibrate.query.pricechange.PriceChangeItemApi.ChannelState;
import dev.calibrate.query.pricechange.PriceChangeItemQueries;
import dev.calibrate.query.provenance.ProductStreamWindow.PositionedEvent;
import dev.calibrate.query.provenance.PriceSetters.SetPrice;
import dev.calibrate.query.provenance.ProvenanceApi.ChannelConfirmation;
import dev.calibrate.query.provenance.ProvenanceApi.OpenDrift;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the channels made of a price, replayed from the product's events the way the product aggregate
 * remembers them: the confirmations recorded after the price was set, and the drifts still open.
 */
final class ChannelTrail {

    private ChannelTrail() {
    }

    /**
     * Per channel the product was linked to (or that answered for the price): a write-back channel's last
     * record of this price after {@code setter} (PENDING until one), a read-only channel NOT_SYNCED.
     *
     * @param oldestFirst the events read, oldest first; {@code setterIndex} is the setter's index in it
     * @param refs        the channels the product is linked to, with their ids
     */
    static List<ChannelConfirmation> confirmations(List<PositionedEvent> oldestFirst, int setterIndex,
                                                   SetPrice setter, Map<String, Map<String, String>> refs) {
        Map<String, ChannelConfirmation> byChannel = new TreeMap<>();
        refs.forEach((channel, ids) -> byChannel.put(channel, ChannelMessages.writesBack(channel)
                ? new ChannelConfirmation(channel, ChannelState.PENDING, ids, null, null, null, null, List.of())
                : new ChannelConfirmation(channel, ChannelState.NOT_SYNCED, ids, null, null, null,
                PriceChangeItemQueries.notSyncedReason(channel), List.of())));
        for (PositionedEvent event : oldestFirst.subList(setterIndex + 1, oldestFirst.size())) {
            Object payload = event.message().getPayload();
            String channel = null;
            Money price = null;
            PriceChangeId change = null;
            RunKind action = null;
            ChannelState state = null;
            String reason = null;
            List<ChannelError> errors = List.of();
            if (payload instanceof ChannelPriceSynced synced) {
                channel = synced.channel();
                price = synced.price();
                change = synced.priceChangeId();
                action = synced.action();
                state = ChannelState.SYNCED;
            } else if (payload instanceof ChannelPriceSyncFailed failed) {
                channel = failed.channel();
                price = failed.price();
                change = failed.priceChangeId();
                action = failed.action();
                state = ChannelState.FAILED;
                reason = failed.reason();
                errors = failed.errors() == null ? List.of() : failed.errors();
            } else if (payload instanceof ChannelPriceSyncSuperseded superseded) {
                channel = superseded.channel();
                price = superseded.price();
                change = superseded.priceChangeId();
                action = superseded.action();
                state = ChannelState.SUPERSEDED;
            }
            if (state != null && about(setter, change, action, price)) {
                byChannel.put(channel, new ChannelConfirmation(channel, state, refs.getOrDefault(channel, Map.of()),
                        event.message().getTimestamp(), event.message().getIdentifier(), event.position(), reason,
                        errors));
            }
        }
        return List.copyOf(byChannel.values());
    }

    /**
     * Whether a channel record after the setter is about the setter's price: a record naming a price change
     * is about that change's run only (another change's late record, or the same change's apply record
     * after its rollback restored the same amount, is not); a record naming none is matched by its price.
     */
    private static boolean about(SetPrice setter, PriceChangeId change, RunKind action, Money price) {
        if (change != null) {
            ProductPriceChanged changed = setter.event().message().getPayload() instanceof ProductPriceChanged c
                    ? c : null;
            if (!change.equals(setter.priceChangeId()) || changed == null || changed.action() != action) {
                return false;
            }
        }
        return setter.price().equals(price);
    }

    /** The drifts in {@code currency} detected and not resolved among the events read. */
    static List<OpenDrift> openDrifts(List<PositionedEvent> oldestFirst, String currency) {
        Map<String, OpenDrift> open = new TreeMap<>();
        for (PositionedEvent event : oldestFirst) {
            Object payload = event.message().getPayload();
            if (payload instanceof ChannelPriceDriftDetected detected) {
                open.put(detected.channel(), new OpenDrift(detected.channel(),
                        PriceSetters.amount(detected.expected()), PriceSetters.amount(detected.actual()),
                        PriceSetters.amount(detected.actualCompareAt()), false, event.message().getTimestamp(),
                        event.message().getIdentifier(), event.position()));
            } else if (payload instanceof ChannelPriceRepairRequested repair && open.containsKey(repair.channel())) {
                OpenDrift drift = open.get(repair.channel());
                open.put(repair.channel(), new OpenDrift(drift.channel(), drift.expected(), drift.actual(),
                        drift.actualCompareAt(), true, drift.detectedAt(), drift.eventId(), drift.position()));
            } else if (payload instanceof ChannelPriceDriftResolved resolved) {
                open.remove(resolved.channel());
            }
        }
        List<OpenDrift> inCurrency = new ArrayList<>();
        for (PositionedEvent event : oldestFirst) {
            if (event.message().getPayload() instanceof ChannelPriceDriftDetected detected
                    && detected.expected().currency().equals(currency)
                    && open.containsKey(detected.channel())
                    && open.get(detected.channel()).eventId().equals(event.message().getIdentifier())) {
                inCurrency.add(open.get(detected.channel()));
            }
        }
        return inCurrency;
    }

    /**
     * The channels the product was linked to at the newest details read, with their ids (a Shopify
     * variant); null when no details event is among those read.
     */
    static Map<String, Map<String, String>> channelRefs(List<PositionedEvent> oldestFirst) {
        ProductDetails details = null;
        for (PositionedEvent event : oldestFirst) {
            Object payload = event.message().getPayload();
            if (payload instanceof ProductCreated created) {
                details = created.details();
            } else if (payload instanceof ProductDetailsChanged changed) {
                details = changed.details();
            }
        }
        return details == null ? null : details.channelRefs();
    }
}
