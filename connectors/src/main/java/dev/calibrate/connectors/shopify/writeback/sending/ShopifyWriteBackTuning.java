package dev.calibrate.connectors.shopify.writeback.sending;

import dev.calibrate.connectors.shopify.ShopifySettings;
import org.springframework.stereotype.Component;

/**
 * The write-back's limits that may change while the server runs: starts from configuration
 * ({@code calibrate.shopify.bulk-mutation-threshold}); an operator (or a test) can move it without a restart.
 */
@Component
public class ShopifyWriteBackTuning {

    private final int configuredBulkMutationThreshold;
    private volatile int bulkMutationThreshold;

    public ShopifyWriteBackTuning(ShopifySettings settings) {
        this.configuredBulkMutationThreshold = settings.bulkMutationThreshold();
        this.bulkMutationThreshold = configuredBulkMutationThreshold;
    }

    /** A shop's due prices spanning more Shopify products than this go through a bulk mutation. */
    public int bulkMutationThreshold() {
        return bulkMutationThreshold;
    }

    public void bulkMutationThreshold(int threshold) {
        if (threshold < 0) {
            throw new IllegalArgumentException("the bulk mutation threshold cannot be negative");
        }
        this.bulkMutationThreshold = threshold;
    }

    /** Back to what configuration says. */
    public void reset() {
        this.bulkMutationThreshold = configuredBulkMutationThreshold;
    }
}
