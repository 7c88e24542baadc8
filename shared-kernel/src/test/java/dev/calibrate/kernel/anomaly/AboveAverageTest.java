package dev.calibrate.kernel.anomaly;

import dev.calibrate.kernel.anomaly.AboveAverage.Above;
import dev.calibrate.kernel.anomaly.PriceMoves.Tense;
import dev.calibrate.kernel.money.Money;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The above-average arithmetic the endpoint and previews share, on histories worked out by hand: prices
 * given as their start (in days before the price judged) and amount in cents, the last one held until then.
 */
class AboveAverageTest {

    private static final long AT = Duration.ofDays(400).toMillis();

    private static Optional<Above> judge(String price, long[] daysBefore, long[] cents) {
        long[] from = new long[daysBefore.length];
        for (int i = 0; i < from.length; i++) {
            from[i] = daysBefore[i] == Long.MIN_VALUE ? Long.MIN_VALUE : AT - Duration.ofDays(daysBefore[i]).toMillis();
        }
        int last = from.length - 1;
        return last < 0 ? Optional.empty()
                : AboveAverage.judge(new BigDecimal(price), AT, from, cents, last, from[last], cents[last], 2);
    }

    @Test
    void theAverageWeighsEachPriceByTheTimeItHeldInTheThirtyDays() {
        // 10.00 from 50 days before (20 of them in the window) and 40.00 for the last 10: (10 × 20 + 40 × 10) / 30 = 20
        Above above = judge("121.00", new long[] {50, 10}, new long[] {1000, 4000}).orElseThrow();

        assertThat(above.average()).isEqualByComparingTo("20");
        assertThat(AboveAverage.reason(Tense.PAST, usd("121.00"), above))
                .isEqualTo("priced 121.00 USD, 6.1× its time-weighted 30-day average of 20.00 USD");
        assertThat(AboveAverage.reason(Tense.PROPOSED, usd("121.00"), above))
                .isEqualTo("would be priced 121.00 USD, 6.1× its time-weighted 30-day average of 20.00 USD");
        assertThat(judge("120.00", new long[] {50, 10}, new long[] {1000, 4000})).as("exactly 6× is not above").isEmpty();
    }

    @Test
    void aYoungProductIsComparedWithTheTimeItHadAPrice() {
        // 10.00 for 2 days, then 40.00 for 1: (10 × 2 + 40 × 1) / 3 = 20, not (10 × 2 + 40) / 30
        assertThat(judge("121.00", new long[] {3, 1}, new long[] {1000, 4000})).hasValueSatisfying(
                above -> assertThat(above.average()).isEqualByComparingTo("20"));
        assertThat(judge("119.00", new long[] {3, 1}, new long[] {1000, 4000})).isEmpty();
    }

    @Test
    void aPriceUnchangedForThirtyDaysOrSinceBeforeAnythingKnownIsItsOwnAverage() {
        assertThat(judge("60.01", new long[] {200}, new long[] {1000})).hasValueSatisfying(
                above -> assertThat(above.average()).isEqualByComparingTo("10"));
        assertThat(judge("60.01", new long[] {Long.MIN_VALUE}, new long[] {1000})).isPresent();
        assertThat(judge("60.00", new long[] {Long.MIN_VALUE}, new long[] {1000})).isEmpty();
        // prices that ended before the window weigh nothing: 1.00 for 100 days, then 10.00 for the last 30
        assertThat(judge("59.00", new long[] {130, 30}, new long[] {100, 1000})).isEmpty();
    }

    @Test
    void noTimeCoveredAndAnAverageOfZeroOrBelowAreNoYardstick() {
        assertThat(judge("5.00", new long[] {0}, new long[] {100})).as("priced the same millisecond").isEmpty();
        assertThat(judge("5.00", new long[] {}, new long[] {})).as("a first price").isEmpty();
        assertThat(judge("5.00", new long[] {10}, new long[] {0})).isEmpty();
        assertThat(judge("5.00", new long[] {10}, new long[] {-100})).isEmpty();
        assertThat(judge("9.00", new long[] {30, 10}, new long[] {-300, 100})).as("(-3 × 20 + 1 × 10) / 30").isEmpty();
        assertThat(judge("6.01", new long[] {30, 10}, new long[] {0, 300})).as("(0 × 20 + 3 × 10) / 30 = 1")
                .hasValueSatisfying(above -> assertThat(above.average()).isEqualByComparingTo("1"));
    }

    @Test
    void pricesTooLargeToSumInWholeCentsTimesMillisecondsAreSummedAsDecimals() {
        // 90,000,000.00 × 20 days of milliseconds is past a long: the sum falls back to decimals, same rule
        Above above = judge("3000000000.01", new long[] {50, 10}, new long[] {9_000_000_000L, 36_000_000_000L}).orElseThrow();

        assertThat(above.average()).isEqualByComparingTo("180000000");
        assertThat(judge("1080000000.00", new long[] {50, 10}, new long[] {9_000_000_000L, 36_000_000_000L})).isEmpty();
    }

    private static Money usd(String amount) {
        return new Money(new BigDecimal(amount), "USD");
    }
}
