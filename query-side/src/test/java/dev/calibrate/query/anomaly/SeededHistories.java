package dev.calibrate.query.anomaly;

import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.query.anomaly.AnomalyApi.AnomalyKind;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * A catalog's price histories from a seed: products whose prices random-walk by up to 5 % a change,
 * every 1 to 3 days, above a cost of 30 % of their first price, with known anomalies injected as the
 * last event of some products, and look-alikes that are not anomalies mixed in among the others.
 * <ul>
 * <li>a jump of ×2.5 to ×3.5: a price move (not above 6× the average);</li>
 * <li>a spike of ×8 to ×12: above 6× the 30-day average, and by its size a price move as well;</li>
 * <li>a cost raised to 110–150 % of the price: below cost;</li>
 * <li>a channel showing 50–90 % of the price, never resolved: a channel drift.</li>
 * </ul>
 * Look-alikes: drifts that were repaired, costs raised but still under the price, a ×3 jump
 * after only 6 changes (too few to know the product's usual move), and volatile products whose
 * every move is up to ±35 %.
 * <p>
 * Near the thresholds, on both sides, each followed by more events (a drift at another channel,
 * repaired), so the anomaly is not the product's last event:
 * <ul>
 * <li>a spike to ×6.5 the last price: above average (and a price move); one to ×5.5: a price move only;</li>
 * <li>a cost raised to 101 % of the price: below cost; one to 99 %: nothing;</li>
 * <li>on a calm product (steps of up to ±1 %), a rise of 11 %: a price move, just past the 10 % floor;
 * one of 9 %: nothing, just under it.</li>
 * </ul>
 * What is expected is what the rules (and the floor) say of the injected event, never what
 * the detector happens to find.
 */
final class SeededHistories {

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    /**
     * A change's log return is uniform in ±5 %: bounded, as a pricer moves a price a step at a time,
     * so the fixture's only unusual moves are the injected ones. (Steps with normal tails have moves
     * past 3.5 standard deviations of their own, which the rule rightly reports and the fixture would
     * not know of; see docs/anomalies.md.)
     */
    static final double STEP = 0.05;
    /** A volatile product's steps, up to ±30 % in log return: its big moves are its usual ones. */
    static final double VOLATILE_STEP = 0.3;
    /** A calm product's steps, up to ±1 %: a rise of 9 % is far outside them, but under the floor. */
    static final double CALM_STEP = 0.01;
    static final int NEAR_THRESHOLD_VARIANTS = 6;

    record Expected(AnomalyKind kind, UUID productId, Instant at) {
    }

    final List<ProductHistory> histories = new ArrayList<>();
    final Set<Expected> expected = new HashSet<>();

    private final Random random;
    private long position;

    SeededHistories(long seed, int products, int injectedPerKind, int lookAlikesPerVariant, int nearPerVariant) {
        random = new Random(seed);
        int injected = 4 * injectedPerKind;
        int lookAlikes = 4 * lookAlikesPerVariant;
        int near = NEAR_THRESHOLD_VARIANTS * nearPerVariant;
        for (int i = 0; i < products; i++) {
            if (i < injected) {
                histories.add(product(Role.INJECTED, i / injectedPerKind));
            } else if (i < injected + lookAlikes) {
                histories.add(product(Role.LOOK_ALIKE, (i - injected) / lookAlikesPerVariant));
            } else if (i < injected + lookAlikes + near) {
                histories.add(product(Role.NEAR_THRESHOLD, (i - injected - lookAlikes) / nearPerVariant));
            } else {
                histories.add(product(Role.PLAIN, 0));
            }
        }
    }

    private enum Role { PLAIN, INJECTED, LOOK_ALIKE, NEAR_THRESHOLD }

    private ProductHistory product(Role role, int variant) {
        HistoryBuilder history = new HistoryBuilder(new ProductId(new UUID(random.nextLong(), random.nextLong())),
                () -> ++position).at(START.plus(Duration.ofHours(random.nextInt(24))));
        BigDecimal price = BigDecimal.valueOf(2_000 + random.nextInt(18_000), 2);
        boolean volatile_ = role == Role.LOOK_ALIKE && variant == 3;
        // a volatile product has no cost: its walk would cross any
        history.cost(volatile_ ? null : usd(price.multiply(new BigDecimal("0.3"))));
        history.price(usd(price));
        int changes = role == Role.LOOK_ALIKE && variant == 2 ? 6 : 40 + random.nextInt(30);
        for (int c = 0; c < changes; c++) {
            boolean calm = role == Role.NEAR_THRESHOLD && variant >= 4;
            double step = (volatile_ ? VOLATILE_STEP : calm ? CALM_STEP : STEP) * (2 * random.nextDouble() - 1);
            BigDecimal next = usdScale(price.multiply(BigDecimal.valueOf(Math.exp(step))));
            price = next.compareTo(price) == 0 ? price.add(new BigDecimal("0.01")) : next;
            history.days(1 + random.nextInt(3)).price(usd(price));
        }
        history.days(1 + random.nextInt(3));
        UUID id = history.productId().value();
        if (role == Role.INJECTED) {
            inject(history, variant, price, id);
        } else if (role == Role.LOOK_ALIKE) {
            lookAlike(history, variant, price);
        } else if (role == Role.NEAR_THRESHOLD) {
            nearThreshold(history, variant, price, id);
            history.days(1).driftOpened("amazon", usd(price), usd(price.multiply(new BigDecimal("0.8"))))
                    .days(1).driftClosed("amazon").days(1);
        }
        return history.build();
    }

    private void inject(HistoryBuilder history, int kind, BigDecimal price, UUID id) {
        switch (kind) {
            case 0 -> {
                history.price(usd(price.multiply(factor(2.5, 3.5))));
                expected.add(new Expected(AnomalyKind.PRICE_MOVE, id, history.now()));
            }
            case 1 -> {
                history.price(usd(price.multiply(factor(8, 12))));
                expected.add(new Expected(AnomalyKind.ABOVE_AVERAGE, id, history.now()));
                expected.add(new Expected(AnomalyKind.PRICE_MOVE, id, history.now()));
            }
            case 2 -> {
                history.cost(usd(price.multiply(factor(1.1, 1.5))));
                expected.add(new Expected(AnomalyKind.BELOW_COST, id, history.now()));
            }
            default -> {
                history.driftOpened("shopify", usd(price), usd(price.multiply(factor(0.5, 0.9))));
                expected.add(new Expected(AnomalyKind.CHANNEL_DRIFT, id, history.now()));
            }
        }
    }

    private void lookAlike(HistoryBuilder history, int variant, BigDecimal price) {
        switch (variant) {
            case 0 -> history.driftOpened("shopify", usd(price), usd(price.multiply(factor(0.5, 0.9))))
                    .days(1).driftClosed("shopify");
            case 1 -> history.cost(usd(price.multiply(factor(0.5, 0.9))));
            case 2 -> history.price(usd(price.multiply(factor(2.5, 3.5))));
            default -> {
                // its walk was the look-alike: moves of 20 to 35 % that are usual for it
            }
        }
    }

    private void nearThreshold(HistoryBuilder history, int variant, BigDecimal price, UUID id) {
        switch (variant) {
            case 0 -> {
                history.price(usd(price.multiply(new BigDecimal("6.5"))));
                expected.add(new Expected(AnomalyKind.ABOVE_AVERAGE, id, history.now()));
                expected.add(new Expected(AnomalyKind.PRICE_MOVE, id, history.now()));
            }
            case 1 -> {
                history.price(usd(price.multiply(new BigDecimal("5.5"))));
                expected.add(new Expected(AnomalyKind.PRICE_MOVE, id, history.now()));
            }
            case 2 -> {
                history.cost(usd(price.multiply(new BigDecimal("1.01"))));
                expected.add(new Expected(AnomalyKind.BELOW_COST, id, history.now()));
            }
            case 3 -> history.cost(usd(price.multiply(new BigDecimal("0.99"))));
            case 4 -> {
                history.price(usd(price.multiply(new BigDecimal("1.11"))));
                expected.add(new Expected(AnomalyKind.PRICE_MOVE, id, history.now()));
            }
            default -> history.price(usd(price.multiply(new BigDecimal("1.09"))));
        }
    }

    private BigDecimal factor(double low, double high) {
        return BigDecimal.valueOf(low + (high - low) * random.nextDouble());
    }

    private static BigDecimal usdScale(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_EVEN);
    }

    private static Money usd(BigDecimal amount) {
        return new Money(usdScale(amount), "USD");
    }
}
