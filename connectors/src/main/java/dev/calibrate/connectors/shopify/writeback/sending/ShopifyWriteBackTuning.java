package dev.calibrate.connectors.shopify.writeback.sending;

import dev.calibrate.connectors.shopify.ShopifySettings;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * The write-back's limits that may change while the server runs: start from configuration
 * ({@code calibrate.shopify.bulk-mutation-threshold}, {@code calibrate.shopify.write-back.sibling-window});
 * an operator (or a test) can move them without a restart.
 */
@Component
public class ShopifyWriteBackTuning {

    private final int configuredBulkMutationThreshold;
    private final Duration configuredSiblingWindow;
    private volatile int bulkMutationThreshold;
    private volatile Duration siblingWindow;

    public ShopifyWriteBackTuning(ShopifySettings settings, ShopifyWriteBackSettings writeBack) {
        this.configuredBulkMutationThreshold = settings.bulkMutationThreshold();
        this.configuredSiblingWindow = writeBack.siblingWindow();
        reset();
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

    /** Longest a due price waits for sibling variants of its Shopify product that its price change may still set. */
    public Duration siblingWindow() {
        return siblingWindow;
    }

    public void siblingWindow(Duration window) {
        if (window.isNegative()) {
            throw new IllegalArgumentException("the sibling window cannot be negative");
        }
        this.siblingWindow = window;
    }

    /** Back to what configuration says. */
    public void reset() {
        this.bulkMutationThreshold = configuredBulkMutationThreshold;
        this.siblingWindow = configuredSiblingWindow;
    }
}
