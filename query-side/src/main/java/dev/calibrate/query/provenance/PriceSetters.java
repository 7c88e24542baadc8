package dev.calibrate.query.provenance;

import dev.calibrate.kernel.message.MetadataKeys;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceChanged;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceObserved;
import dev.calibrate.query.provenance.ProductStreamWindow.PositionedEvent;
import dev.calibrate.query.provenance.ProvenanceApi.Origin;
import dev.calibrate.query.provenance.ProvenanceApi.PriceEvent;
import org.axonframework.eventhandling.DomainEventMessage;

import java.util.Objects;
import java.util.Optional;

/** The events that set a product's price in a currency, as the product aggregate reads them. */
final class PriceSetters {

    private PriceSetters() {
    }

    /** A price an event set: the amounts, how, and (for a price change's run) which change. */
    record SetPrice(PositionedEvent event, Money price, Money compareAt, Origin origin, String source,
                    PriceChangeId priceChangeId) {
    }

    /** The price {@code event} sets in {@code currency}, if it sets one (a conflict sets none). */
    static Optional<SetPrice> price(PositionedEvent event, String currency) {
        Object payload = event.message().getPayload();
        if (payload instanceof ProductPriceObserved observed && observed.price().currency().equals(currency)) {
            return Optional.of(new SetPrice(event, observed.price(), observed.compareAt(), Origin.OBSERVED,
                    observed.source(), null));
        }
        if (payload instanceof ProductPriceChanged changed && changed.newPrice().currency().equals(currency)) {
            Origin origin = changed.action() == RunKind.ROLLBACK ? Origin.PRICE_CHANGE_ROLLBACK
                    : Origin.PRICE_CHANGE_APPLY;
            return Optional.of(new SetPrice(event, changed.newPrice(), changed.newCompareAt(), origin, null,
                    changed.priceChangeId()));
        }
        return Optional.empty();
    }

    static PriceEvent describe(PositionedEvent event) {
        DomainEventMessage<?> message = event.message();
        return new PriceEvent(message.getPayloadType().getSimpleName(), message.getIdentifier(), event.position(),
                message.getSequenceNumber(), message.getTimestamp(), metadata(message, MetadataKeys.ACTOR),
                metadata(message, MetadataKeys.CORRELATION_ID), metadata(message, MetadataKeys.REQUEST_ID));
    }

    static String metadata(DomainEventMessage<?> message, String key) {
        return Objects.toString(message.getMetaData().get(key), null);
    }

    /** Money leaves as a decimal string at the currency's scale. */
    static String amount(Money money) {
        return money == null ? null : money.amount().toPlainString();
    }
}
