package dev.calibrate.query.anomaly;

import dev.calibrate.query.anomaly.AnomalyApi.Anomaly;
import dev.calibrate.query.anomaly.AnomalyApi.AnomalyKind;
import dev.calibrate.kernel.anomaly.ProposedAnomaly.Severity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.calibrate.query.anomaly.HistoryBuilder.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** price_move: a change whose log return has a modified z-score above 3.5 among the product's changes of 90 days. */
class PriceMoveRuleTest {

    private static final Instant END = START.plusSeconds(400L * 86_400);

    /** 100 and 110 in turn: nine changes of +10 % and -9.1 %, then a drop to 17.60 (-84 %). */
    @Test
    void aDropUnlikeTheProductsUsualMovesIsFlaggedWithItsScoreEvidenceAndReason() {
        HistoryBuilder product = HistoryBuilder.product().price("100.00")
                .daily("110.00", "100.00", "110.00", "100.00", "110.00", "100.00", "110.00", "100.00", "110.00");
        ProductHistory history = product.daily("17.60").build();

        List<Anomaly> found = AnomalyDetector.detect(List.of(history), START, END, AnomalyKind.PRICE_MOVE);

        assertThat(found).hasSize(1);
        Anomaly drop = found.get(0);
        assertThat(drop.kind()).isEqualTo(AnomalyKind.PRICE_MOVE);
        // median of the ten log returns 0, MAD ln(1.1) = 0.0953, x = ln(0.16) = -1.8326
        assertThat(drop.score()).isCloseTo(0.6745 * Math.log(0.16) / -Math.log(1.1), within(0.01));
        assertThat(drop.score()).isCloseTo(12.97, within(0.01));
        assertThat(drop.severity()).isEqualTo(Severity.HIGH);
        assertThat(drop.amount()).isEqualTo("17.60");
        assertThat(drop.currency()).isEqualTo("USD");
        assertThat(drop.at()).isEqualTo(product.now());
        assertThat(drop.reason()).isEqualTo("dropped 84 % (110.00 → 17.60 USD), 8.4× its usual move of 10 %; "
                + "modified z-score 13 over 10 changes in 90 days");
        assertThat(drop.evidence()).extracting(e -> e.role() + " " + e.amount() + " #" + e.sequence())
                .containsExactly("previous-price 110.00 #9", "price 17.60 #10");
    }

    @Test
    void aMoveUnderTenPercentIsNeverOneHoweverUnlikeTheOthers() {
        // ten steps down of 1 % and 2 % in turn (MAD 0.01): a 9 % rise scores 6.3, under the floor; a 10 % one 6.9
        HistoryBuilder product = HistoryBuilder.product().price("100.00")
                .daily("99.00", "97.02", "96.05", "94.13", "93.19", "91.33", "90.42", "88.61", "87.72", "85.97");
        ProductHistory history = product.daily("93.71").build();
        ProductHistory tenPercent = HistoryBuilder.product().price("100.00")
                .daily("99.00", "97.02", "96.05", "94.13", "93.19", "91.33", "90.42", "88.61", "87.72", "85.97")
                .daily("94.57").build();

        assertThat(AnomalyDetector.detect(List.of(history), START, END, AnomalyKind.PRICE_MOVE)).isEmpty();
        assertThat(AnomalyDetector.detect(List.of(tenPercent), START, END, AnomalyKind.PRICE_MOVE))
                .extracting(Anomaly::amount).containsExactly("94.57");
    }

    @Test
    void theFloorIsASetting() {
        // the same 9 % rise after ten small steps down as above: a floor of 5 % reports it, as does none
        ProductHistory history = HistoryBuilder.product().price("100.00")
                .daily("99.00", "97.02", "96.05", "94.13", "93.19", "91.33", "90.42", "88.61", "87.72", "85.97")
                .daily("93.71").build();

        assertThat(AnomalyDetector.detect(List.of(history), START, END, AnomalyKind.PRICE_MOVE, limits(0.05)))
                .extracting(Anomaly::amount).containsExactly("93.71");
        assertThat(AnomalyDetector.detect(List.of(history), START, END, AnomalyKind.PRICE_MOVE, limits(0)))
                .extracting(Anomaly::amount).containsExactly("93.71");
        assertThat(AnomalyDetector.detect(List.of(history), START, END, AnomalyKind.PRICE_MOVE, limits(0.10))).isEmpty();
    }

    @Test
    void aProductRepricedEveryMinuteIsScoredAmongItsLatestChangesInOnePass() {
        // 60,000 changes of ±1 % within 90 days, then a drop of half: each score looks at most 250 changes back
        HistoryBuilder product = HistoryBuilder.product();
        for (int i = 0; i < 60_000; i++) {
            product.price(i % 2 == 0 ? "100.00" : "101.00").after(Duration.ofMinutes(1));
        }
        ProductHistory history = product.price("50.00").build();

        List<Anomaly> found = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> AnomalyDetector.detect(List.of(history), START, END, AnomalyKind.PRICE_MOVE));

        assertThat(found).extracting(Anomaly::amount).containsExactly("50.00");
        assertThat(found.get(0).reason()).endsWith("over " + PriceMoveRule.MAX_SAMPLE + " changes in 90 days");
    }

    private static AnomalyLimits limits(double floor) {
        return new AnomalyLimits(1_000, 20_000, Duration.ofSeconds(5), floor);
    }

    @Test
    void nineChangesAreTooFewToCallOneUnusual() {
        ProductHistory history = HistoryBuilder.product().price("100.00")
                .daily("110.00", "100.00", "110.00", "100.00", "110.00", "100.00", "110.00", "100.00")
                .daily("17.60").build();

        assertThat(AnomalyDetector.detect(List.of(history), START, END, AnomalyKind.PRICE_MOVE)).isEmpty();
    }

    @Test
    void changesOlderThanNinetyDaysDoNotCount() {
        HistoryBuilder product = HistoryBuilder.product().price("100.00")
                .daily("110.00", "100.00", "110.00", "100.00", "110.00", "100.00", "110.00", "100.00", "110.00");
        ProductHistory history = product.days(91).price("17.60").build();

        assertThat(AnomalyDetector.detect(List.of(history), START, END, AnomalyKind.PRICE_MOVE)).isEmpty();
    }

    /** Nine doublings, then a halving: MAD 0, so the mean absolute deviation (1.386 / 10) × 1.2533 scales it. */
    @Test
    void whenTheMadIsZeroTheMeanAbsoluteDeviationScoresTheMove() {
        ProductHistory history = HistoryBuilder.product().price("1.00")
                .daily("2.00", "4.00", "8.00", "16.00", "32.00", "64.00", "128.00", "256.00", "512.00")
                .daily("256.00").build();

        List<Anomaly> found = AnomalyDetector.detect(List.of(history), START, END, AnomalyKind.PRICE_MOVE);

        assertThat(found).hasSize(1);
        assertThat(found.get(0).score()).isCloseTo(10 / 1.2533, within(0.01));
        assertThat(found.get(0).severity()).isEqualTo(Severity.HIGH);
        assertThat(found.get(0).reason()).startsWith("dropped 50 % (512.00 → 256.00 USD), 0.5× its usual move of 100 %");
    }

    @Test
    void whenEveryMoveIsTheSameNoneIsScored() {
        ProductHistory history = HistoryBuilder.product().price("1.00")
                .daily("2.00", "4.00", "8.00", "16.00", "32.00", "64.00", "128.00", "256.00", "512.00", "1024.00")
                .build();

        assertThat(AnomalyDetector.detect(List.of(history), START, END, AnomalyKind.PRICE_MOVE)).isEmpty();
    }

    @Test
    void aPriceSetAgainAtTheSameAmountIsNoChange() {
        // the repeats would make ten changes if they counted
        ProductHistory history = HistoryBuilder.product().price("100.00")
                .daily("110.00", "110.00", "100.00", "100.00", "110.00", "100.00", "110.00", "100.00", "110.00")
                .daily("17.60").build();

        assertThat(AnomalyDetector.detect(List.of(history), START, END, AnomalyKind.PRICE_MOVE)).isEmpty();
    }

    @Test
    void onlyMovesInThePeriodAreReported() {
        HistoryBuilder product = HistoryBuilder.product().price("100.00")
                .daily("110.00", "100.00", "110.00", "100.00", "110.00", "100.00", "110.00", "100.00", "110.00");
        ProductHistory history = product.daily("17.60").build();
        Instant drop = product.now();

        assertThat(AnomalyDetector.detect(List.of(history), START, drop, AnomalyKind.PRICE_MOVE))
                .as("to is exclusive").isEmpty();
        assertThat(AnomalyDetector.detect(List.of(history), drop, END, AnomalyKind.PRICE_MOVE))
                .as("from is inclusive, and the changes before it still make the sample").hasSize(1);
    }

    @Test
    void eachCurrencyIsItsOwnSeries() {
        HistoryBuilder product = HistoryBuilder.product().price("100.00")
                .daily("110.00", "100.00", "110.00", "100.00", "110.00", "100.00", "110.00", "100.00", "110.00");
        product.price(new dev.calibrate.kernel.money.Money(new java.math.BigDecimal("5.00"), "EUR"));
        ProductHistory history = product.build();

        assertThat(AnomalyDetector.detect(List.of(history), START, END, null))
                .as("a first EUR price is no move of the USD one").isEmpty();
    }
}
