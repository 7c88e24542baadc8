package dev.calibrate.query.anomaly;

import dev.calibrate.query.anomaly.AnomalyApi.Anomaly;
import dev.calibrate.query.anomaly.AnomalyApi.AnomalyKind;
import dev.calibrate.kernel.anomaly.ProposedAnomaly.Severity;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static dev.calibrate.query.anomaly.HistoryBuilder.START;
import static dev.calibrate.query.anomaly.HistoryBuilder.usd;
import static org.assertj.core.api.Assertions.assertThat;

/** channel_drift: a channel's price that differs from Calibrate's, still open at the end of the period. */
class ChannelDriftRuleTest {

    private static final Instant END = START.plusSeconds(400L * 86_400);

    private static List<Anomaly> find(ProductHistory history, Instant from, Instant to) {
        return AnomalyDetector.detect(List.of(history), from, to, AnomalyKind.CHANNEL_DRIFT);
    }

    @Test
    void anOpenDriftIsReportedWithBothPrices() {
        HistoryBuilder product = HistoryBuilder.product().price("25.00").days(2);
        ProductHistory history = product.driftOpened("shopify", usd("25.00"), usd("19.00")).build();

        List<Anomaly> found = find(history, START, END);

        assertThat(found).hasSize(1);
        assertThat(found.get(0).severity()).isEqualTo(Severity.MEDIUM);
        assertThat(found.get(0).amount()).isEqualTo("19.00");
        assertThat(found.get(0).reason())
                .isEqualTo("shopify shows 19.00 USD where Calibrate set 25.00 USD: 24 % lower, open since 2026-01-03T00:00:00Z");
        assertThat(found.get(0).evidence()).extracting(e -> e.role() + " " + e.amount() + " #" + e.sequence())
                .containsExactly("calibrate-price 25.00 #1", "channel-price 19.00 #1");
    }

    @Test
    void aDriftToHalfThePriceIsHigh() {
        ProductHistory history = HistoryBuilder.product().driftOpened("shopify", usd("20.00"), usd("10.00")).build();

        assertThat(find(history, START, END)).extracting(Anomaly::severity).containsExactly(Severity.HIGH);
    }

    @Test
    void aResolvedDriftIsNotReportedButIsWhileItWasOpen() {
        HistoryBuilder product = HistoryBuilder.product().driftOpened("shopify", usd("25.00"), usd("19.00")).days(5);
        Instant resolved = product.now();
        ProductHistory history = product.driftClosed("shopify").build();

        assertThat(find(history, START, END)).isEmpty();
        assertThat(find(history, START, resolved)).as("a period that ends before the repair").hasSize(1);
    }

    @Test
    void aLaterDriftAtTheSameChannelReplacesTheEarlierOne() {
        ProductHistory history = HistoryBuilder.product().driftOpened("shopify", usd("25.00"), usd("19.00")).days(1)
                .driftOpened("shopify", usd("25.00"), usd("17.00")).driftOpened("amazon", usd("25.00"), usd("24.00"))
                .build();

        assertThat(find(history, START, END)).extracting(Anomaly::amount).containsExactlyInAnyOrder("17.00", "24.00");
    }

    @Test
    void aDriftOpenedBeforeThePeriodAndStillOpenAtItsEndIsInItFromWhenItWasDetected() {
        ProductHistory history = HistoryBuilder.product().driftOpened("shopify", usd("25.00"), usd("19.00")).build();

        assertThat(find(history, START.plusSeconds(86_400), END)).extracting(Anomaly::at).containsExactly(START);
    }

    @Test
    void aDriftRepairedBeforeThePeriodIsNotInIt() {
        ProductHistory history = HistoryBuilder.product().driftOpened("shopify", usd("25.00"), usd("19.00")).days(1)
                .driftClosed("shopify").build();

        assertThat(find(history, START.plusSeconds(2 * 86_400), END)).isEmpty();
    }
}
