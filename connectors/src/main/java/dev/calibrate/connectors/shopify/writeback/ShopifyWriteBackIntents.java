package dev.calibrate.connectors.shopify.writeback;

import dev.calibrate.connectors.shopify.catalog.ShopifyVariantLinks.VariantLink;
import dev.calibrate.connectors.shopify.catalog.ShopifyVariantLinks;
import dev.calibrate.connectors.shopify.connection.ShopConnection;
import dev.calibrate.connectors.shopify.connection.ShopifyConnections;
import dev.calibrate.connectors.shopify.writeback.ShopifyDeliveries.Intended;
import dev.calibrate.connectors.shopify.writeback.ShopifyDeliveries.Previous;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelDisconnected;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceRepairRequested;
import dev.calibrate.kernel.channel.ChannelMessages;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceChanged;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns product price events into the delivery record's intents: the price a price change set (or its
 * rollback restored), or that a drift repair asks to send again, becomes the product's pending delivery
 * if the product is linked to a Shopify variant of the tenant's connected shop. The event's sequence
 * number orders intents, so a redelivered older event never replaces a newer one; replays send nothing.
 * A pending intent of another change that a newer one replaces before Shopify confirmed it is recorded
 * as superseded.
 * <p>
 * Runs in {@code shopify-channel}, the processing group that also keeps the variant links, so a
 * product's link is written before its later price events arrive here.
 */
@Component
@ProcessingGroup(ShopifyWriteBackIntents.PROCESSING_GROUP)
public class ShopifyWriteBackIntents {

    public static final String PROCESSING_GROUP = ShopifyVariantLinks.PROCESSING_GROUP;
    private static final Logger log = LoggerFactory.getLogger(ShopifyWriteBackIntents.class);

    private final ShopifyDeliveries deliveries;
    private final DeliveryOutcomes outcomes;
    private final ShopifyConnections connections;
    private final ShopifyVariantLinks links;
    private final Clock clock;

    public ShopifyWriteBackIntents(ShopifyDeliveries deliveries, DeliveryOutcomes outcomes,
                                   ShopifyConnections connections, ShopifyVariantLinks links, Optional<Clock> clock) {
        this.deliveries = deliveries;
        this.outcomes = outcomes;
        this.connections = connections;
        this.links = links;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    @EventHandler
    @DisallowReplay
    void on(ProductPriceChanged event, @SequenceNumber Long seq, @Timestamp Instant at) {
        intend(event.tenantId(), event.productId(), seq, event.priceChangeId(), event.action(), event.newPrice(),
                event.newCompareAt(), at);
    }

    /** A drift repair re-sends the product's price; it keeps the action of the change that set it, when known. */
    @EventHandler
    @DisallowReplay
    void on(ChannelPriceRepairRequested event, @SequenceNumber Long seq, @Timestamp Instant at) {
        if (!ChannelMessages.SHOPIFY.equals(event.channel())) {
            return;
        }
        RunKind action = deliveries.find(event.tenantId(), event.productId())
                .filter(d -> event.priceChangeId() != null
                        && Objects.equals(d.intent().priceChangeId(), event.priceChangeId()))
                .map(d -> d.intent().action()).orElse(RunKind.APPLY);
        intend(event.tenantId(), event.productId(), seq, event.priceChangeId(), action, event.price(),
                event.compareAt(), at);
    }

    /** A disconnected shop receives nothing more: what was still pending fails, and says why. */
    @EventHandler
    @DisallowReplay
    void on(ChannelDisconnected event) {
        if (!ChannelMessages.SHOPIFY.equals(event.channel())) {
            return;
        }
        String reason = "the Shopify shop " + event.account() + " was disconnected before this price was sent";
        Instant now = clock.instant();
        List<DeliveryOutcome> givenUp = deliveries.failPending(event.tenantId(), reason, now).stream()
                .map(intent -> DeliveryOutcome.failed(intent, reason, List.of())).toList();
        outcomes.recordAll(givenUp, now);
        if (!givenUp.isEmpty()) {
            log.info("Tenant {} disconnected {}: {} pending prices will not be sent", event.tenantId(), event.account(),
                    givenUp.size());
        }
    }

    private void intend(TenantId tenantId, ProductId productId, long seq, PriceChangeId priceChangeId, RunKind action,
                        Money price, Money compareAt, Instant at) {
        Optional<VariantLink> link = links.linkInBatch(productId).filter(VariantLink::active);
        if (link.isEmpty()) {
            return;
        }
        Optional<ShopConnection> connection = connections.find(tenantId);
        if (connection.isEmpty()) {
            return;
        }
        DeliveryIntent intent = new DeliveryIntent(tenantId, productId, link.get().productGid(),
                link.get().variantGid(), seq, priceChangeId, action, price, compareAt, at);
        Instant now = clock.instant();
        String shopCurrency = connection.get().currency().trim();
        if (!shopCurrency.equals(price.currency())) {
            outcomes.record(DeliveryOutcome.failed(intent, "the price is in " + price.currency() + " but "
                    + connection.get().shop() + " sells in " + shopCurrency, List.of()), now);
            return;
        }
        Intended intended = deliveries.intend(intent, now);
        if (!intended.written()) {
            return;
        }
        intended.previous()
                .filter(previous -> previous.status() == ShopifyDeliveries.Status.PENDING)
                .map(Previous::intent)
                .filter(previous -> !intent.sameChange(previous.priceChangeId(), previous.action()))
                .ifPresent(previous -> outcomes.record(DeliveryOutcome.superseded(previous), now));
    }

}
