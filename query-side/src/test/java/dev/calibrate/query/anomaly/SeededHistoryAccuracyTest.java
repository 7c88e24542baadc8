package dev.calibrate.query.anomaly;

import dev.calibrate.query.anomaly.AnomalyApi.Anomaly;
import dev.calibrate.query.anomaly.AnomalyApi.AnomalyKind;
import dev.calibrate.query.anomaly.SeededHistories.Expected;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16 item 9: on 240 seeded random-walk histories (80 with one injected anomaly, 20 of each kind;
 * 40 look-alikes that are none, 10 of each of 4 variants; 60 near a threshold, 10 on each side of
 * three, 30 of them anomalies; 60 plain), every kind is found with precision and recall of at least
 * 0.9, and the same seed gives the same anomalies, in the same order, twice.
 */
class SeededHistoryAccuracyTest {

    private static final long SEED = 20_261_204L;
    private static final Instant FROM = SeededHistories.START;
    private static final Instant TO = FROM.plus(Duration.ofDays(400));

    @Test
    void everyKindIsFoundWithPrecisionAndRecallOfAtLeastNinetyPercent() {
        SeededHistories fixture = new SeededHistories(SEED, 240, 20, 10, 10);
        List<Anomaly> found = AnomalyDetector.detect(fixture.histories, FROM, TO, null);

        for (AnomalyKind kind : AnomalyKind.values()) {
            Set<Expected> expected = fixture.expected.stream().filter(e -> e.kind() == kind).collect(Collectors.toSet());
            Set<Expected> reported = found.stream().filter(a -> a.kind() == kind)
                    .map(a -> new Expected(a.kind(), a.productId(), a.at())).collect(Collectors.toSet());
            long hits = reported.stream().filter(expected::contains).count();
            double precision = reported.isEmpty() ? 0 : (double) hits / reported.size();
            double recall = (double) hits / expected.size();

            assertThat(expected).as("%s injected", kind).hasSizeGreaterThanOrEqualTo(20);
            assertThat(precision).as("%s precision (%d of %d reported)", kind, hits, reported.size())
                    .isGreaterThanOrEqualTo(0.9);
            assertThat(recall).as("%s recall (%d of %d injected)", kind, hits, expected.size())
                    .isGreaterThanOrEqualTo(0.9);
        }
    }

    @Test
    void theSameSeedGivesTheSameAnomaliesInTheSameOrder() {
        List<Anomaly> first = AnomalyDetector.detect(new SeededHistories(SEED, 240, 20, 10, 10).histories, FROM, TO, null);
        List<Anomaly> second = AnomalyDetector.detect(new SeededHistories(SEED, 240, 20, 10, 10).histories, FROM, TO, null);

        assertThat(first).isNotEmpty().isEqualTo(second);
    }
}
