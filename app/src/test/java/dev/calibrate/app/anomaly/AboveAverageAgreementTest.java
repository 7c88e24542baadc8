package dev.calibrate.app.anomaly;

import dev.calibrate.command.anomaly.PreviewAnomalies;
import dev.calibrate.command.catalog.moves.PriceSpells;
import dev.calibrate.command.catalog.moves.RecentMovesColumns;
import dev.calibrate.kernel.anomaly.ProposedAnomaly;
import dev.calibrate.kernel.anomaly.ProposedAnomaly.Kind;
import dev.calibrate.kernel.anomaly.ProposedAnomaly.Severity;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.CatalogEntry.PricePoint;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.query.anomaly.AnomalyApi.Anomaly;
import dev.calibrate.query.anomaly.AnomalyApi.AnomalyKind;
import dev.calibrate.query.anomaly.AnomalyDetector;
import dev.calibrate.query.anomaly.ProductHistory;
import dev.calibrate.query.anomaly.ProductHistory.EventRef;
import dev.calibrate.query.anomaly.ProductHistory.Fact;
import dev.calibrate.query.anomaly.ProductHistory.PriceSet;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoint and a preview agree on {@code above_average} (issue 16, items 7 and 8): the same prices,
 * given to the endpoint's rules as a product's events followed by the proposed price set at the preview's
 * time, and to the preview catalog's columns as the events it follows (and as a rebuild reads them), flag
 * the same items with the same sentence ("priced …" for the endpoint, "would be priced …" for the
 * preview). Golden cases worked out by hand, then 500 random histories from a fixed seed.
 */
class AboveAverageAgreementTest {

    private static final Instant AT = Instant.parse("2026-12-04T06:00:00Z");

    /** A price set {@code daysBefore} (fractions allowed) before the preview. */
    private record Price(double daysBefore, String amount) {
        Instant at() {
            return AT.minusMillis((long) (daysBefore * 86_400_000d));
        }
    }

    @Test
    void theGoldenCasesAreFlaggedAlikeWithTheSameReason() {
        // 10.00 for 20 of the 30 days and 40.00 for 10: average 20.00
        assertAgree(List.of(new Price(50, "10.00"), new Price(10, "40.00")), "121.00",
                "priced 121.00 USD, 6.1× its time-weighted 30-day average of 20.00 USD");
        assertAgree(List.of(new Price(50, "10.00"), new Price(10, "40.00")), "120.00", null);
        // younger than 30 days: 10.00 for 2 days, 40.00 for 1: average 20.00 over the 3 days
        assertAgree(List.of(new Price(3, "10.00"), new Price(1, "40.00")), "121.00",
                "priced 121.00 USD, 6.1× its time-weighted 30-day average of 20.00 USD");
        // no change in 30 days: the current price is the average
        assertAgree(List.of(new Price(200, "1.00"), new Price(45, "10.00")), "60.01",
                "priced 60.01 USD, 6.0× its time-weighted 30-day average of 10.00 USD");
        assertAgree(List.of(new Price(200, "1.00"), new Price(45, "10.00")), "60.00", null);
        // a giveaway in the window lowers the average; an average of 0 or below is no yardstick
        assertAgree(List.of(new Price(40, "30.00"), new Price(20, "0.00"), new Price(10, "30.00")), "121.00",
                "priced 121.00 USD, 6.1× its time-weighted 30-day average of 20.00 USD");
        assertAgree(List.of(new Price(40, "0.00")), "5.00", null);
        assertAgree(List.of(new Price(40, "-3.00"), new Price(10, "1.00")), "9.00", null);
        // the same amount set again changes nothing
        assertAgree(List.of(new Price(50, "10.00"), new Price(25, "10.00"), new Price(10, "40.00"),
                new Price(5, "40.00")), "121.00", "priced 121.00 USD, 6.1× its time-weighted 30-day average of 20.00 USD");
    }

    @Test
    void fiveHundredRandomHistoriesAreFlaggedAlike() {
        Random random = new Random(8);
        int flagged = 0;
        for (int round = 0; round < 500; round++) {
            List<Price> prices = new ArrayList<>();
            int count = 1 + random.nextInt(40);
            double daysBefore = 5 + random.nextDouble() * 70;
            BigDecimal amount = BigDecimal.valueOf(100 + random.nextInt(10_000), 2);
            for (int i = 0; i < count && daysBefore > 0; i++) {
                prices.add(new Price(daysBefore, amount.toPlainString()));
                daysBefore -= random.nextDouble() * (random.nextBoolean() ? 0.2 : 6);
                int kind = random.nextInt(20);
                amount = kind == 0 ? BigDecimal.ZERO.setScale(2)
                        : kind == 1 ? amount.multiply(BigDecimal.TEN)
                        : kind == 2 ? amount
                        : amount.multiply(BigDecimal.valueOf(0.8 + random.nextDouble() * 0.4)).setScale(2, RoundingMode.HALF_EVEN);
            }
            BigDecimal current = new BigDecimal(prices.get(prices.size() - 1).amount());
            BigDecimal proposed = current.signum() > 0
                    ? current.multiply(BigDecimal.valueOf(random.nextDouble() * 12)).setScale(2, RoundingMode.HALF_EVEN)
                    : BigDecimal.valueOf(random.nextInt(10_000), 2);
            if (proposed.compareTo(current) == 0) continue;
            if (assertAgree(prices, proposed.toPlainString(), "round " + round)) flagged++;
        }
        assertThat(flagged).as("both sides of the bar are tried").isBetween(50, 450);
    }

    @Test
    void pastTheCapThePreviewAveragesOnlyWhatItsKeptPricesCoverAsTheEndpointDoesWithTheSamePartialHistory() {
        // 400 prices in the last 20 days, a 10.00 before them: the catalog keeps the last 249 earlier prices
        List<Price> prices = new ArrayList<>(List.of(new Price(60, "10.00")));
        for (int i = 0; i < 400; i++) {
            prices.add(new Price(20 - i * 0.05, i % 2 == 0 ? "11.00" : "9.00"));
        }
        List<Price> kept = prices.subList(prices.size() - PriceSpells.MAX - 1, prices.size());

        Optional<ProposedAnomaly> preview = preview(prices, "61.00");
        Optional<Anomaly> endpoint = endpoint(kept, "61.00");

        assertThat(preview).isPresent();
        assertThat(endpoint).isPresent();
        assertThat(preview.get().reason()).isEqualTo("would be " + endpoint.get().reason());
    }

    @Test
    void pastTheCapThePreviewDisagreesWithTheEndpointGivenTheFullHistoryWhenTheDroppedPricesWereFarLower() {
        // a known limit (docs/anomalies.md): 10.00 for 25 days, then 300 prices around 100.00 in the last 5.
        // The endpoint averages all 30 days (about 25.00) and flags 200.00; the preview's 249 kept prices
        // cover only the last 4 days or so (about 100.00), so it does not.
        List<Price> prices = new ArrayList<>(List.of(new Price(60, "10.00")));
        for (int i = 0; i < 300; i++) {
            prices.add(new Price(5 - i * (5d / 300), i % 2 == 0 ? "101.00" : "99.00"));
        }

        assertThat(endpoint(prices, "200.00")).isPresent();
        assertThat(preview(prices, "200.00")).isEmpty();
    }

    /** Asserts that both flag the proposed price alike; true when they do flag it. */
    private static boolean assertAgree(List<Price> prices, String proposed, String expected) {
        Optional<Anomaly> endpoint = endpoint(prices, proposed);
        Optional<ProposedAnomaly> followed = preview(prices, proposed);
        Optional<ProposedAnomaly> rebuilt = rebuiltPreview(prices, proposed);
        String what = prices + " then " + proposed;

        assertThat(followed.isPresent()).as(what).isEqualTo(endpoint.isPresent());
        assertThat(rebuilt).as(what).isEqualTo(followed);
        if (expected == null) {
            assertThat(endpoint).as(what + ": not flagged").isEmpty();
            assertThat(followed).as(what + ": not flagged").isEmpty();
        }
        if (endpoint.isEmpty()) {
            assertThat(expected == null || expected.startsWith("round ")).as(what + ": expected " + expected).isTrue();
            return false;
        }
        assertThat(followed.get().reason()).as(what).isEqualTo("would be " + endpoint.get().reason());
        assertThat(followed.get().kind()).isEqualTo(Kind.ABOVE_AVERAGE);
        assertThat(followed.get().severity()).isEqualTo(Severity.HIGH);
        if (expected != null && !expected.startsWith("round ")) {
            assertThat(endpoint.get().reason()).isEqualTo(expected);
        }
        return true;
    }

    /** The endpoint's judgement of {@code proposed} set at {@link #AT} after {@code prices}. */
    private static Optional<Anomaly> endpoint(List<Price> prices, String proposed) {
        ProductId product = new ProductId(UUID.randomUUID());
        List<Fact> facts = new ArrayList<>();
        for (Price price : prices) {
            facts.add(set(product, facts.size(), price.at(), price.amount()));
        }
        facts.add(set(product, facts.size(), AT, proposed));
        List<Anomaly> found = AnomalyDetector.detect(List.of(new ProductHistory(product, facts, false)), AT,
                AT.plusMillis(1), AnomalyKind.ABOVE_AVERAGE);
        assertThat(found.size()).isLessThanOrEqualTo(1);
        return found.stream().findFirst();
    }

    private static PriceSet set(ProductId product, int sequence, Instant at, String amount) {
        return new PriceSet(new EventRef(product + "-" + sequence, sequence + 1, sequence, "ProductPriceObserved", at),
                new Money(new BigDecimal(amount), "USD"));
    }

    /** A preview at {@link #AT} by a catalog that followed {@code prices} as events, as the catalog does. */
    private static Optional<ProposedAnomaly> preview(List<Price> prices, String proposed) {
        RecentMovesColumns columns = new RecentMovesColumns();
        columns.addCurrency(1);
        long current = Long.MIN_VALUE;
        for (Price price : prices) {
            long amount = new BigDecimal(price.amount()).movePointRight(2).longValueExact();
            if (current == Long.MIN_VALUE) {
                columns.priced(0, 0, price.at());
            } else {
                columns.moved(0, 0, current, new BigDecimal(price.amount()), 2, price.at());
            }
            current = amount;
        }
        return new PreviewAnomalies(0.10, AT).aboveAverage(columns.spellsSnapshot(1)[0][0],
                columns.sinceSnapshot(1)[0][0], current, 2, "USD", new BigDecimal(proposed));
    }

    /** A preview at {@link #AT} by a catalog rebuilt from the read model's history of {@code prices}. */
    private static Optional<ProposedAnomaly> rebuiltPreview(List<Price> prices, String proposed) {
        List<PricePoint> history = new ArrayList<>();
        for (Price price : prices) {
            PricePoint point = new PricePoint(new BigDecimal(price.amount()), price.at());
            // the read model drops a row at the same amount as the one before
            if (history.isEmpty() || history.get(history.size() - 1).amount().compareTo(point.amount()) != 0) {
                history.add(point);
            }
        }
        long current = new BigDecimal(prices.get(prices.size() - 1).amount()).movePointRight(2).longValueExact();
        return new PreviewAnomalies(0.10, AT).aboveAverage(PriceSpells.of(history, 2), PriceSpells.since(history),
                current, 2, "USD", new BigDecimal(proposed));
    }
}
