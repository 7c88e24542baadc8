package dev.calibrate.connectors.shopify.writeback;

import dev.calibrate.connectors.shopify.writeback.ShopifyDeliveryViews.Row;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelError;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

import java.time.Instant;
import java.util.List;

/**
 * The deliveries endpoints' bodies: prices on their way to Shopify, and what Shopify confirmed or refused.
 */
public final class ShopifyDeliveryApi {

    private ShopifyDeliveryApi() {
    }

    /** Prices pending and failed at Shopify, and the last one Shopify confirmed. */
    public record ShopifyDeliverySummary(long pending, long failed, @Nullable Instant oldestPendingSince,
                                         long oldestPendingAgeSeconds, @Nullable Instant lastSyncedAt,
                                         long outcomesToRecord) {
    }

    /** An amount of money as a decimal string, e.g. {@code "19.99"}, never a JSON number. */
    public record ShopifyPrice(@Schema(example = "19.99") String amount, @Schema(example = "USD") String currency) {

        static ShopifyPrice of(Money money) {
            return new ShopifyPrice(money.amount().toPlainString(), money.currency());
        }
    }

    /** One reason Shopify gave for refusing a price. */
    public record ShopifyDeliveryError(@Nullable String code, @Nullable String field, String message) {

        static ShopifyDeliveryError of(ChannelError error) {
            return new ShopifyDeliveryError(error.code(), error.field(), error.message());
        }
    }

    /** One price on its way to (or refused by) Shopify. */
    public record ShopifyDelivery(
            String productId,
            @Schema(example = "gid://shopify/Product/8123456789") String shopifyProductId,
            @Schema(example = "gid://shopify/ProductVariant/44123456789") String shopifyVariantId,
            @Nullable String priceChangeId,
            RunKind action,
            ShopifyPrice price,
            @Nullable ShopifyPrice compareAt,
            ShopifyDeliveries.Status status,
            int attempts,
            @Nullable @Schema(description = "why the last attempt failed") String reason,
            @Nullable List<ShopifyDeliveryError> errors,
            Instant intendedAt,
            @Nullable @Schema(description = "when a pending price is tried next") Instant nextAttemptAt,
            @Nullable Instant sentAt,
            @Nullable Instant syncedAt,
            @Nullable @Schema(description = "the bulk operation that carries the price, when it went in bulk")
            String bulkOperation) {

        static ShopifyDelivery of(Row row) {
            DeliveryIntent intent = row.delivery().intent();
            return new ShopifyDelivery(intent.productId().toString(), intent.productGid(), intent.variantGid(),
                    intent.priceChangeId() == null ? null : intent.priceChangeId().toString(), intent.action(),
                    ShopifyPrice.of(intent.price()),
                    intent.compareAt() == null ? null : ShopifyPrice.of(intent.compareAt()),
                    row.status(), row.delivery().attempts(), row.lastError(),
                    row.errors().isEmpty() ? null : row.errors().stream().map(ShopifyDeliveryError::of).toList(),
                    intent.intendedAt(),
                    row.status() == ShopifyDeliveries.Status.PENDING ? row.nextAttemptAt() : null,
                    row.sentAt(), row.syncedAt(),
                    row.bulkOperation() != null && !ShopifyDeliveries.startingMarker(row.bulkOperation())
                            ? row.bulkOperation() : null);
        }
    }

    public record ShopifyDeliveryPage(List<ShopifyDelivery> items, int page, int size, long total) {
    }

    public record ShopifyDeliveryRetry(@Schema(description = "failed prices put back to pending") int requeued) {
    }
}
