package dev.calibrate.query.anomaly;

import dev.calibrate.kernel.money.Money;
import dev.calibrate.query.anomaly.AnomalyApi.Anomaly;
import dev.calibrate.query.anomaly.AnomalyApi.AnomalyKind;
import dev.calibrate.kernel.anomaly.ProposedAnomaly.Severity;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.calibrate.query.anomaly.HistoryBuilder.START;
import static dev.calibrate.query.anomaly.HistoryBuilder.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

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
    void anAverageOfZeroOrBelowIsNoYardstick() {
        ProductHistory free = HistoryBuilder.product().price("0.00").days(10).price("5.00").build();
        ProductHistory negative = HistoryBuilder.product().price("-1.00").days(10).price("5.00").build();
        ProductHistory mixed = HistoryBuilder.product().price("-3.00").days(20).price("1.00").days(10).price("9.00").build();

        assertThat(find(free, AnomalyKind.ABOVE_AVERAGE)).isEmpty();
        assertThat(find(negative, AnomalyKind.ABOVE_AVERAGE)).as("6 × -1.00 is no bar").isEmpty();
        assertThat(find(mixed, AnomalyKind.ABOVE_AVERAGE)).as("(-3 × 20 + 1 × 10) / 30 is below 0").isEmpty();
    }

    @Test
    void aPriceStillBelowCostAtTheEndOfALaterPeriodIsInItFromWhenItWentBelow() {
        HistoryBuilder product = HistoryBuilder.product().cost(usd("10.00")).price("12.00").days(1).price("8.00");
        Instant wentBelow = product.now();
        ProductHistory history = product.days(2).price("7.00").days(100).build();
        Instant later = START.plusSeconds(50L * 86_400);

        List<Anomaly> found = AnomalyDetector.detect(List.of(history), later, END, AnomalyKind.BELOW_COST);

        assertThat(found).extracting(Anomaly::at).containsExactly(wentBelow);
        assertThat(found.get(0).reason()).isEqualTo("priced 7.00 USD, 3.00 under its cost of 10.00 USD (30 % below)");
        assertThat(found.get(0).evidence()).extracting(e -> e.role() + " " + e.amount())
                .containsExactly("price 7.00", "cost 10.00");
        assertThat(find(history, AnomalyKind.BELOW_COST)).as("in a period holding both prices, each once")
                .extracting(Anomaly::amount).containsExactly("8.00", "7.00");
    }

    @Test
    void aCostRaisedAboveThePriceBeforeThePeriodIsInItWhileThePriceStaysUnder() {
        HistoryBuilder product = HistoryBuilder.product().cost(usd("5.00")).price("12.00").days(3).cost(usd("13.00"));
        Instant raised = product.now();
        ProductHistory stillUnder = product.days(60).build();
        ProductHistory repriced = HistoryBuilder.product().cost(usd("5.00")).price("12.00").days(3).cost(usd("13.00"))
                .days(1).price("14.00").days(60).build();
        Instant later = START.plusSeconds(30L * 86_400);

        assertThat(AnomalyDetector.detect(List.of(stillUnder), later, END, AnomalyKind.BELOW_COST))
                .extracting(Anomaly::at).containsExactly(raised);
        assertThat(AnomalyDetector.detect(List.of(repriced), later, END, AnomalyKind.BELOW_COST))
                .as("priced above the cost again before the period").isEmpty();
    }

    @Test
    void aLongHistoryIsAveragedInOnePass() {
        // 60,000 prices a minute apart, 10.00 and 20.00 in turn, then 200.00: the 30 days are 43,200 minutes
        HistoryBuilder product = HistoryBuilder.product();
        for (int i = 0; i < 60_000; i++) {
            product.price(i % 2 == 0 ? "10.00" : "20.00").after(Duration.ofMinutes(1));
        }
        ProductHistory history = product.price("200.00").build();

        List<Anomaly> found = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> find(history, AnomalyKind.ABOVE_AVERAGE));

        assertThat(found).extracting(Anomaly::reason)
                .containsExactly("priced 200.00 USD, 13× its time-weighted 30-day average of 15.00 USD");
        assertThat(found.get(0).evidence()).hasSize(1 + AboveAverageRule.MAX_EVIDENCE);
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
