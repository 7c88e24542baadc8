package dev.calibrate.connectors.shopify.writeback.sending;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How prices are written back to Shopify ({@code calibrate.shopify.write-back.*}).
 *
 * @param interval        pause between two rounds of sending due prices (one node sends at a time)
 * @param shopsInParallel shops served at once in a round; one shop's calls always go one at a time
 * @param retryBackoff    first wait after a transient failure of a delivery; doubles per attempt, at most 10 min
 * @param maxPerRound     pending prices one shop sends (or puts in one bulk mutation) per round
 * @param siblingWindow   longest a due price waits for the other variants of its Shopify product that the
 *                        same price change run may still set, to go with them in one call; 0 sends at once
 */
@ConfigurationProperties("calibrate.shopify.write-back")
public record ShopifyWriteBackSettings(@DefaultValue("1s") Duration interval,
                                       @DefaultValue("4") int shopsInParallel,
                                       @DefaultValue("5s") Duration retryBackoff,
                                       @DefaultValue("20000") int maxPerRound,
                                       @DefaultValue("2s") Duration siblingWindow) {

    public ShopifyWriteBackSettings {
        if (shopsInParallel < 1) {
            throw new IllegalArgumentException("calibrate.shopify.write-back.shops-in-parallel must be at least 1");
        }
        if (siblingWindow.isNegative()) {
            throw new IllegalArgumentException("calibrate.shopify.write-back.sibling-window cannot be negative");
        }
        if (maxPerRound < 1) {
            throw new IllegalArgumentException("calibrate.shopify.write-back.max-per-round must be at least 1");
        }
    }
}
