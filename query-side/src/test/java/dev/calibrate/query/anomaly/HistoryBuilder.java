package dev.calibrate.query.anomaly;

import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.query.anomaly.ProductHistory.CostSet;
import dev.calibrate.query.anomaly.ProductHistory.DriftClosed;
import dev.calibrate.query.anomaly.ProductHistory.DriftOpened;
import dev.calibrate.query.anomaly.ProductHistory.EventRef;
import dev.calibrate.query.anomaly.ProductHistory.Fact;
import dev.calibrate.query.anomaly.ProductHistory.PriceSet;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.LongSupplier;

/** A product's history written as it happens: each fact one event, at the builder's clock, which moves on by hand. */
final class HistoryBuilder {

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final ProductId productId;
    private final List<Fact> facts = new ArrayList<>();
    private Instant now = START;
    private final LongSupplier positions;
    private long sequence;

    HistoryBuilder(ProductId productId, LongSupplier positions) {
        this.productId = productId;
        this.positions = positions;
    }

    static HistoryBuilder product() {
        long[] position = {0};
        return new HistoryBuilder(new ProductId(UUID.randomUUID()), () -> ++position[0]);
    }

    ProductId productId() {
        return productId;
    }

    static Money usd(String amount) {
        return new Money(new BigDecimal(amount), "USD");
    }

    HistoryBuilder at(Instant instant) {
        now = instant;
        return this;
    }

    HistoryBuilder after(Duration duration) {
        now = now.plus(duration);
        return this;
    }

    HistoryBuilder days(long days) {
        return after(Duration.ofDays(days));
    }

    Instant now() {
        return now;
    }

    EventRef ref(String type) {
        long seq = sequence++;
        return new EventRef(productId + "-" + seq, positions.getAsLong(), seq, type, now);
    }

    HistoryBuilder price(Money price) {
        facts.add(new PriceSet(ref("ProductPriceObserved"), price));
        return this;
    }

    HistoryBuilder price(String usd) {
        return price(usd(usd));
    }

    /** Prices one a day, each a day after the last. */
    HistoryBuilder daily(String... usd) {
        for (String amount : usd) {
            days(1).price(amount);
        }
        return this;
    }

    HistoryBuilder cost(Money cost) {
        facts.add(new CostSet(ref("ProductDetailsChanged"), cost));
        return this;
    }

    HistoryBuilder driftOpened(String channel, Money expected, Money actual) {
        facts.add(new DriftOpened(ref("ChannelPriceDriftDetected"), channel, expected, actual));
        return this;
    }

    HistoryBuilder driftClosed(String channel) {
        facts.add(new DriftClosed(ref("ChannelPriceDriftResolved"), channel));
        return this;
    }

    ProductHistory build() {
        return new ProductHistory(productId, facts, false);
    }
}
