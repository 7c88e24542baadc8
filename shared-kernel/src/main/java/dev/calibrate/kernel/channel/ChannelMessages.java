package dev.calibrate.kernel.channel;

import dev.calibrate.kernel.message.DomainEvent;
import dev.calibrate.kernel.message.TenantCommand;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;
import java.util.Set;

/**
 * Sales channels (Shopify, Amazon): connections, and what happened to the prices Calibrate sent there.
 * Channel names are lower case ({@code shopify}); a product's {@code channelRefs} use the same names,
 * and so does the {@code source} of an upsert that a channel's ingest sends. Secrets never appear here.
 */
public final class ChannelMessages {

    private ChannelMessages() {
    }

    public static final String SHOPIFY = "shopify";
    public static final String AMAZON = "amazon";

    /**
     * The channels Calibrate writes prices to. The others a product may be linked to (Amazon in this
     * release) are read only: nothing is ever sent there, so there is no sync to wait for or drift to repair.
     */
    public static final Set<String> WRITE_BACK = Set.of(SHOPIFY);

    public static boolean writesBack(String channel) {
        return channel != null && WRITE_BACK.contains(channel);
    }

    /** Records that the tenant connected {@code account} at {@code channel} (the connector has stored its secrets). */
    public record ConnectChannel(@TargetAggregateIdentifier TenantId tenantId, String channel, String account,
                                 String currency) implements TenantCommand {
    }

    /** Records that the connection ended; {@code reason} says who or what ended it. */
    public record DisconnectChannel(@TargetAggregateIdentifier TenantId tenantId, String channel, String account,
                                    String reason) implements TenantCommand {
    }

    /** A tenant connected an account ({@code account}: the shop domain for Shopify) whose prices are in {@code currency}. */
    public record ChannelConnected(TenantId tenantId, String channel, String account, String currency)
            implements DomainEvent {
        @Override
        public String entityType() {
            return "channel-connection";
        }

        @Override
        public String entityId() {
            return channel + ":" + account;
        }
    }

    /** The connection ended: a tenant disconnected it, or the channel told us the app was uninstalled ({@code reason}). */
    public record ChannelDisconnected(TenantId tenantId, String channel, String account, String reason)
            implements DomainEvent {
        @Override
        public String entityType() {
            return "channel-connection";
        }

        @Override
        public String entityId() {
            return channel + ":" + account;
        }
    }

    public enum ChannelSyncResult {
        /** The channel now holds the price. */
        SYNCED,
        /** The channel refused the price or could not be reached after every retry; {@code reason} says why. */
        FAILED,
        /** A newer intended price for the same product replaced this one before it was sent; it never will be. */
        SUPERSEDED
    }

    /** One error the channel gave for one write (Shopify's {@code userErrors}). */
    public record ChannelError(String code, String field, String message) {
    }

    /**
     * Records on the product what became of the price that price change {@code priceChangeId}
     * ({@code action} APPLY or ROLLBACK) set, or that a drift repair re-sent ({@code priceChangeId}
     * then names the change whose price was re-sent, with {@code action} APPLY; both null if the price
     * was not set by one). The same record twice (change, action, price, result) is recorded once, so
     * a retried delivery is safe; a repair's record is new even when the first write had the same one.
     * Until a SYNCED or FAILED record of the price Calibrate last set arrives, the product ignores the
     * prices this channel's ingest observes for that currency (the channel still shows the old one).
     */
    public record RecordChannelPriceSync(@TargetAggregateIdentifier ProductId productId, TenantId tenantId,
                                         String channel, PriceChangeId priceChangeId, RunKind action, Money price,
                                         Money compareAt, ChannelSyncResult result, String reason,
                                         List<ChannelError> errors) implements TenantCommand {
    }

    /** Adopts the channel's price that a drift showed as the product's observed price, and closes the drift. */
    public record AcceptChannelPrice(@TargetAggregateIdentifier ProductId productId, TenantId tenantId, String channel)
            implements TenantCommand {
    }

    /** Asks the connector to send the price Calibrate intends again, over the drifted one. */
    public record RepairChannelPrice(@TargetAggregateIdentifier ProductId productId, TenantId tenantId, String channel)
            implements TenantCommand {
    }

    /** Events on a product's stream about one channel. */
    public sealed interface ChannelProductEvent extends DomainEvent {
        ProductId productId();

        String channel();

        @Override
        default String entityType() {
            return "product";
        }

        @Override
        default String entityId() {
            return productId().toString();
        }
    }

    public record ChannelPriceSynced(ProductId productId, TenantId tenantId, String channel,
                                     PriceChangeId priceChangeId, RunKind action, Money price, Money compareAt)
            implements ChannelProductEvent {
    }

    public record ChannelPriceSyncFailed(ProductId productId, TenantId tenantId, String channel,
                                         PriceChangeId priceChangeId, RunKind action, Money price, String reason,
                                         List<ChannelError> errors) implements ChannelProductEvent {
    }

    public record ChannelPriceSyncSuperseded(ProductId productId, TenantId tenantId, String channel,
                                             PriceChangeId priceChangeId, RunKind action, Money price)
            implements ChannelProductEvent {
    }

    /**
     * The channel shows {@code actual} where Calibrate set and synced {@code expected}: someone changed
     * the price at the channel behind Calibrate's back. The product keeps {@code expected} until the
     * drift is accepted (the channel's price is adopted) or repaired (the expected one is re-sent).
     */
    public record ChannelPriceDriftDetected(ProductId productId, TenantId tenantId, String channel, Money expected,
                                            Money actual, Money actualCompareAt) implements ChannelProductEvent {
    }

    /**
     * The connector should send {@code price} to the channel again (a drift repair) and record the
     * outcome with {@code priceChangeId} and action APPLY (the change whose apply set the price; null
     * when none did). The drift stays open until a SYNCED record of the price arrives.
     */
    public record ChannelPriceRepairRequested(ProductId productId, TenantId tenantId, String channel,
                                              PriceChangeId priceChangeId, Money price, Money compareAt)
            implements ChannelProductEvent {
    }

    public enum DriftResolution { ACCEPTED, REPAIRED }

    public record ChannelPriceDriftResolved(ProductId productId, TenantId tenantId, String channel,
                                            DriftResolution resolution, Money price) implements ChannelProductEvent {
    }
}
