package dev.calibrate.connectors.shopify.writeback;

import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;

import java.time.Instant;
import java.util.Objects;

/**
 * A price Calibrate intends one Shopify variant to have: what a product event asked for, and what a
 * call to Shopify carries. {@code seq} is the product event's sequence number: a higher one is newer.
 */
public record DeliveryIntent(TenantId tenantId, ProductId productId, String productGid, String variantGid, long seq,
                             PriceChangeId priceChangeId, RunKind action, Money price, Money compareAt,
                             Instant intendedAt) {

    public DeliveryIntent {
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(action, "action");
        if (compareAt != null && !compareAt.currency().equals(price.currency())) {
            throw new IllegalArgumentException("compare-at " + compareAt + " is not in " + price.currency());
        }
    }

    /** True when both ask for the same thing on behalf of the same change (a re-send, not a replacement). */
    boolean sameChange(PriceChangeId otherChange, RunKind otherAction) {
        return Objects.equals(priceChangeId, otherChange) && action == otherAction;
    }
}
