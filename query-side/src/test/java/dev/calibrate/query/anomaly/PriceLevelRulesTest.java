package dev.calibrate.query.anomaly;

import dev.calibrate.kernel.money.Money;
import dev.calibrate.query.anomaly.AnomalyApi.Anomaly;
import dev.calibrate.query.anomaly.AnomalyApi.AnomalyKind;
import dev.calibrate.query.anomaly.AnomalyApi.Severity;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static dev.calibrate.query.anomaly.HistoryBuilder.START;
import static dev.calibrate.query.anomaly.HistoryBuilder.usd;
import static org.assertj.core.api.Assertions.assertThat;

/** below_cost and above_average: a price against the product's cost, and against its 30-day time-weighted average. */
class PriceLevelRulesTest {

    private static final Instant END = START.plusSeconds(400L * 86_400);

    private static List<Anomaly> find(ProductHistory history, AnomalyKind kind) {
        return AnomalyDetector.detect(List.of(history), START, END, kind);
    }

    @Test
    void aPriceSetBelowCostIsCriticalWithThePriceAndTheCostAsEvidence() {
        ProductHistory history = HistoryBuilder.product().cost(usd("10.00")).price("12.00").days(1).price("8.00").build();

        List<Anomaly> found = find(history, AnomalyKind.BELOW_COST);

        assertThat(found).hasSize(1);
        assertThat(found.get(0).severity()).isEqualTo(Severity.CRITICAL);
        assertThat(found.get(0).amount()).isEqualTo("8.00");
        assertThat(found.get(0).reason()).isEqualTo("priced 8.00 USD, 2.00 under its cost of 10.00 USD (20 % below)");
        assertThat(found.get(0).evidence()).extracting(e -> e.role() + " " + e.amount() + " #" + e.sequence())
                .containsExactly("price 8.00 #2", "cost 10.00 #0");
    }

    @Test
    void aPriceAtCostIsNotBelowIt() {
        ProductHistory history = HistoryBuilder.product().cost(usd("10.00")).price("10.00").build();

        assertThat(find(history, AnomalyKind.BELOW_COST)).isEmpty();
    }

    @Test
    void aCostRaisedAboveThePriceIsFlaggedOnceAtTheRaise() {
        HistoryBuilder product = HistoryBuilder.product().cost(usd("5.00")).price("12.00").days(3);
        ProductHistory history = product.cost(usd("13.00")).days(1).cost(usd("14.00")).build();

        List<Anomaly> found = find(history, AnomalyKind.BELOW_COST);

        assertThat(found).extracting(Anomaly::reason)
                .containsExactly("priced 12.00 USD, 1.00 under its cost of 13.00 USD (7.7 % below)");
        assertThat(found.get(0).at()).isEqualTo(START.plusSeconds(3 * 86_400));
        assertThat(found.get(0).evidence()).extracting(e -> e.role() + " #" + e.sequence())
                .containsExactly("price #1", "cost #2");
    }

    @Test
    void aCostInAnotherCurrencySaysNothingOfTheUsdPrice() {
        Money eur = new Money(new BigDecimal("50.00"), "EUR");
        ProductHistory history = HistoryBuilder.product().cost(eur).price("12.00").build();

        assertThat(find(history, AnomalyKind.BELOW_COST)).isEmpty();
    }

    @Test
    void aPriceAboveSixTimesItsTimeWeightedAverageIsFlagged() {
        // 10.00 for 20 days and 40.00 for 10: the average is (10 × 20 + 40 × 10) / 30 = 20.00
        HistoryBuilder product = HistoryBuilder.product().price("10.00").days(20).price("40.00").days(10);
        ProductHistory history = product.price("121.00").build();

        List<Anomaly> found = find(history, AnomalyKind.ABOVE_AVERAGE);

        assertThat(found).hasSize(1);
        assertThat(found.get(0).severity()).isEqualTo(Severity.HIGH);
        assertThat(found.get(0).reason()).isEqualTo("priced 121.00 USD, 6.1× its time-weighted 30-day average of 20.00 USD");
        assertThat(found.get(0).evidence()).extracting(e -> e.role() + " " + e.amount())
                .containsExactly("price 121.00", "average-window 10.00", "average-window 40.00");
    }

    @Test
    void sixTimesTheAverageIsNotAboveIt() {
        ProductHistory history = HistoryBuilder.product().price("10.00").days(20).price("40.00").days(10)
                .price("120.00").build();

        assertThat(find(history, AnomalyKind.ABOVE_AVERAGE)).isEmpty();
    }

    @Test
    void onlyTheThirtyDaysBeforeThePriceWeigh() {
        // 1.00 for 100 days, then 10.00 for the last 30: the average is 10.00, not the all-time one
        HistoryBuilder product = HistoryBuilder.product().price("1.00").days(100).price("10.00").days(30);
        ProductHistory history = product.price("59.00").build();

        assertThat(find(history, AnomalyKind.ABOVE_AVERAGE)).extracting(Anomaly::amount)
                .as("10.00 was ten times the 1.00 before it; 59.00 is under six times 10.00").containsExactly("10.00");
    }

    @Test
    void aProductThatWasFreeHasAnAverageOfZeroThatAnyPriceIsAbove() {
        ProductHistory history = HistoryBuilder.product().price("0.00").days(10).price("5.00").build();

        assertThat(find(history, null)).extracting(Anomaly::reason)
                .containsExactly("priced 5.00 USD, priced above its time-weighted 30-day average of 0.00 USD");
    }

    @Test
    void aNegativePriceUnderACostOfZeroIsBelowItWithoutAPercentage() {
        ProductHistory history = HistoryBuilder.product().cost(usd("0.00")).price("-1.00").build();

        assertThat(find(history, AnomalyKind.BELOW_COST)).extracting(Anomaly::reason)
                .containsExactly("priced -1.00 USD, 1.00 under its cost of 0.00 USD");
    }

    @Test
    void aFirstPriceHasNoAverage() {
        ProductHistory history = HistoryBuilder.product().price("1000.00").build();

        assertThat(find(history, null)).isEmpty();
    }
}
