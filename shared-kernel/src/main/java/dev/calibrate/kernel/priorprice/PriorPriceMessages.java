package dev.calibrate.kernel.priorprice;

import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** The queries the prior-price rule reads the price history with. */
public final class PriorPriceMessages {

    private PriorPriceMessages() {
    }

    /**
     * The prices in {@code currency} of the tenant's products (of {@code productIds} only, when given)
     * set before {@code until}: every one set after {@code since}, and the one in effect at
     * {@code since}; with no {@code since}, the whole history. Answered as {@link PriceHistory} per
     * product, its spells in the order they were set. With a {@code timeout}, the read is cancelled
     * in the database once it has run that long (a preview's remaining budget).
     */
    public record FindPriceHistory(TenantId tenantId, String currency, Instant since, Instant until,
                                   Set<ProductId> productIds, Duration timeout) {

        public FindPriceHistory {
            Objects.requireNonNull(until, "until");
            productIds = productIds == null ? null : Set.copyOf(productIds);
        }

        public FindPriceHistory(TenantId tenantId, String currency, Instant since, Instant until,
                                Set<ProductId> productIds) {
            this(tenantId, currency, since, until, productIds, null);
        }
    }

    /** One product's prices in one currency, oldest first. */
    public record PriceHistory(ProductId productId, List<PriceSpell> spells) {

        public PriceHistory {
            spells = List.copyOf(spells);
        }
    }
}
