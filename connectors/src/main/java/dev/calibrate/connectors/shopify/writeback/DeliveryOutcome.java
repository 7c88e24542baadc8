package dev.calibrate.connectors.shopify.writeback;

import dev.calibrate.kernel.channel.ChannelMessages.ChannelError;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelSyncResult;
import dev.calibrate.kernel.channel.ChannelMessages.RecordChannelPriceSync;
import dev.calibrate.kernel.channel.ChannelMessages;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;

import java.util.List;

/** What became of one intended price, waiting to be recorded on its product. */
public record DeliveryOutcome(TenantId tenantId, ProductId productId, PriceChangeId priceChangeId, RunKind action,
                              Money price, Money compareAt, ChannelSyncResult result, String reason,
                              List<ChannelError> errors) {

    public DeliveryOutcome {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public static DeliveryOutcome synced(DeliveryIntent intent) {
        return of(intent, ChannelSyncResult.SYNCED, null, List.of());
    }

    public static DeliveryOutcome failed(DeliveryIntent intent, String reason, List<ChannelError> errors) {
        return of(intent, ChannelSyncResult.FAILED, reason, errors);
    }

    static DeliveryOutcome superseded(DeliveryIntent intent) {
        return of(intent, ChannelSyncResult.SUPERSEDED, "a newer price for this product replaced it before Shopify confirmed it",
                List.of());
    }

    private static DeliveryOutcome of(DeliveryIntent intent, ChannelSyncResult result, String reason,
                                      List<ChannelError> errors) {
        return new DeliveryOutcome(intent.tenantId(), intent.productId(), intent.priceChangeId(), intent.action(),
                intent.price(), intent.compareAt(), result, reason, errors);
    }

    RecordChannelPriceSync command() {
        return new RecordChannelPriceSync(productId, tenantId, ChannelMessages.SHOPIFY, priceChangeId, action, price,
                compareAt, result, reason, errors);
    }
}
