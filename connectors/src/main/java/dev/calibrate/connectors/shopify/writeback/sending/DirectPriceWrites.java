package dev.calibrate.connectors.shopify.writeback.sending;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.connectors.shopify.api.ShopifyException;
import dev.calibrate.connectors.shopify.api.ShopifyGraphQl;
import dev.calibrate.connectors.shopify.writeback.ShopifyDeliveries.Delivery;
import dev.calibrate.connectors.shopify.writeback.ShopifyDeliveries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Sends due prices one call per Shopify product ({@code productVariantsBulkUpdate}), one call at a time:
 * the shop's cost bucket paces them. A call carries every variant of its product due when it goes, so
 * a sibling that became due while the round waited for the bucket goes along rather than in a call of
 * its own. A call that would not fit the bucket goes again in smaller parts.
 */
class DirectPriceWrites {

    private static final Logger log = LoggerFactory.getLogger(DirectPriceWrites.class);

    private final ShopifyDeliveries deliveries;
    private final ShopifyGraphQl shopify;
    private final DeliveryResults results;
    private final DeliveryFailurePolicy failures;
    private final TransactionTemplate transaction;
    private final Clock clock;

    DirectPriceWrites(ShopifyDeliveries deliveries, ShopifyGraphQl shopify, DeliveryResults results,
                      DeliveryFailurePolicy failures, TransactionTemplate transaction, Clock clock) {
        this.deliveries = deliveries;
        this.shopify = shopify;
        this.results = results;
        this.failures = failures;
        this.transaction = transaction;
        this.clock = clock;
    }

    void send(WriteBackShop shop, List<Delivery> due, BooleanSupplier stopping) {
        long started = System.nanoTime();
        int calls = 0;
        int prices = 0;
        try {
            for (String productGid : due.stream().map(d -> d.intent().productGid()).distinct().toList()) {
                if (stopping.getAsBoolean()) {
                    return;
                }
                // the product's variants due by now, also those that became due since the round began
                List<Delivery> claimed = deliveries.claimProduct(shop.tenantId(), productGid, clock.instant());
                for (PriceCall call : PriceCall.group(claimed)) {
                    calls++;
                    prices += call.deliveries().size();
                    send(shop, call);
                }
            }
        } finally {
            if (calls > 0) {
                log.info("Sent {} prices to {} in {} calls ({} ms)", prices, shop.domain(), calls,
                        Duration.ofNanos(System.nanoTime() - started).toMillis());
            }
        }
    }

    private void send(WriteBackShop shop, PriceCall call) {
        JsonNode data;
        try {
            data = shopify.execute(shop.access(), PriceCall.DOCUMENT, Map.of("productId", call.productGid(),
                    "variants", call.variables().get("variants")));
        } catch (ShopifyException e) {
            if (e.kind() == ShopifyException.Kind.EXCEEDS_BUCKET && e.fitting(call.deliveries().size()) > 0) {
                call.split(e.fitting(call.deliveries().size())).forEach(part -> send(shop, part));
                return;
            }
            failures.failedCall(shop, call.deliveries(), e);
            return;
        }
        PriceCall.Result result = call.result(data.get("productVariantsBulkUpdate"));
        transaction.executeWithoutResult(tx -> results.record(result, call.deliveries()));
    }
}
