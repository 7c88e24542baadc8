package dev.calibrate.app.support;

import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.ProductCreated;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceObserved;
import dev.calibrate.kernel.tenant.TenantId;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** Product events for tests that need a long stream ({@link StoredEvents} appends them): a creation, runs of prices. */
public final class LongStreams {

    private LongStreams() {
    }

    /** The product created, active, titled by its SKU. */
    public static ProductCreated created(ProductId product, TenantId tenant, String sku) {
        return new ProductCreated(product, tenant, sku, new ProductDetails(sku, "Acme", null, List.of(), null, Map.of()),
                true);
    }

    /** {@code count} prices observed through the API in {@code currency}, the i-th (from 0) at {@code amount}(i). */
    public static Object[] observed(ProductId product, TenantId tenant, String currency, int count,
                                    IntFunction<String> amount) {
        Object[] prices = new Object[count];
        for (int i = 0; i < count; i++) {
            prices[i] = new ProductPriceObserved(product, tenant, Money.parse(amount.apply(i), currency, "amount"), null,
                    "api");
        }
        return prices;
    }

    /** Events and runs of events (arrays) one after the other, as one array to append. */
    public static Object[] then(Object... eventsAndRuns) {
        List<Object> events = new ArrayList<>();
        for (Object part : eventsAndRuns) {
            if (part instanceof Object[] run) {
                events.addAll(Arrays.asList(run));
            } else {
                events.add(part);
            }
        }
        return events.toArray();
    }
}
