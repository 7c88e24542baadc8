package dev.calibrate.command.catalog;

import dev.calibrate.command.catalog.source.CatalogSource;
import dev.calibrate.command.anomaly.PreviewAnomalies;
import dev.calibrate.command.catalog.moves.RecentMoves;
import dev.calibrate.command.pricing.Deadline;
import dev.calibrate.kernel.anomaly.ProposedAnomaly;
import dev.calibrate.kernel.anomaly.ProposedAnomaly.Kind;
import dev.calibrate.kernel.anomaly.ProposedAnomaly.Severity;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.CatalogEntry;
import dev.calibrate.kernel.product.CatalogEntry.PricePoint;
import dev.calibrate.kernel.product.CatalogItem;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recent price changes the preview catalog keeps per product, from which a preview judges a
 * proposed move: a catalog rebuilt from the read model's price history and one kept current by events
 * (rebuilt at any point, then following the events) hold the same sample, and a preview flags an 84 %
 * drop against that sample with the endpoint's sentence.
 */
class RecentMovesTest {

    private static final TenantId ACME = TenantId.random();
    private static final ProductId TEE = ProductId.forSku(ACME, "TEE");
    private static final Instant NOW = Instant.parse("2026-12-04T06:00:00Z");

    /**
     * The read model as of one version of TEE: its price history up to that version, as
     * {@code product_price_history} holds it (each price with when it was set).
     */
    private final List<PricePoint> history = new ArrayList<>();
    private long version;
    private Instant now = NOW;

    private final CatalogSource source = new CatalogSource() {
        @Override
        public void awaitPosition(long position) {
        }

        @Override
        public List<CatalogEntry> page(TenantId tenantId, ProductId after, int limit, Instant pricesSince) {
            if (after != null) return List.of();
            return List.of(entry(readModelPrices(pricesSince)));
        }
    };

    /** TEE's prices over 100 days: a steady ±2 % walk every 4 days, a repeat and a step to 0 and back among them. */
    private static List<PricePoint> steadyWalk() {
        List<PricePoint> prices = new ArrayList<>();
        Instant start = NOW.minus(Duration.ofDays(100));
        BigDecimal price = new BigDecimal("25.00");
        for (int i = 0; i < 25; i++) {
            Instant at = start.plus(Duration.ofDays(4L * i));
            if (i == 10) {
                prices.add(new PricePoint(price, at));
                continue;
            }
            if (i == 15) {
                prices.add(new PricePoint(new BigDecimal("0.00"), at));
                continue;
            }
            BigDecimal factor = i % 2 == 0 ? new BigDecimal("1.02") : new BigDecimal("0.98");
            price = price.multiply(factor).setScale(2, java.math.RoundingMode.HALF_EVEN);
            prices.add(new PricePoint(price, at));
        }
        return prices;
    }

    @Test
    void aCatalogRebuiltAtAnyPointThenFollowingTheEventsHoldsTheSameMovesAsOneRebuiltAtTheEnd() {
        List<PricePoint> all = steadyWalk();
        double[] rebuiltAtTheEnd = sample(catalogAfter(all, all.size()));

        assertThat(rebuiltAtTheEnd).as("the changes of the last 90 days, not the repeat, not to or from 0").hasSize(19);
        for (int builtAt : new int[] {1, 5, 12, 16, 24}) {
            assertThat(sample(catalogAfter(all, builtAt))).as("rebuilt after %s prices", builtAt)
                    .containsExactly(rebuiltAtTheEnd);
        }
    }

    @Test
    void aCatalogRebuiltAtAnyPointThenFollowingTheEventsHoldsTheSameEarlierPricesAsOneRebuiltAtTheEnd() {
        List<PricePoint> all = steadyWalk();
        CatalogColumns atTheEnd = catalogAfter(all, all.size());
        int usd = atTheEnd.currencyCode("USD");

        assertThat(atTheEnd.priceSince(0, usd)).isEqualTo(all.get(all.size() - 1).at().toEpochMilli());
        assertThat(atTheEnd.priceSpells(0, usd).toString().split(" "))
                .as("the prices that ended in the 30 days before the last change began: 8 of them").hasSize(8);
        for (int builtAt : new int[] {1, 5, 12, 16, 24}) {
            CatalogColumns columns = catalogAfter(all, builtAt);
            assertThat(columns.priceSpells(0, usd)).as("rebuilt after %s prices", builtAt)
                    .isEqualTo(atTheEnd.priceSpells(0, usd));
            assertThat(columns.priceSince(0, usd)).as("rebuilt after %s prices", builtAt)
                    .isEqualTo(atTheEnd.priceSince(0, usd));
        }
    }

    @Test
    void aProposedPriceAboveSixTimesTheThirtyDayAverageIsFlaggedWithTheEndpointsSentence() {
        List<PricePoint> all = steadyWalk();
        CatalogColumns columns = catalogAfter(all, 7);
        int usd = columns.currencyCode("USD");
        BigDecimal current = all.get(all.size() - 1).amount();
        PreviewAnomalies anomalies = new PreviewAnomalies(0.10, now);

        List<ProposedAnomaly> spike = anomalies.of(columns, 0, usd, "USD", current, new BigDecimal("200.00"), null);
        List<ProposedAnomaly> high = anomalies.of(columns, 0, usd, "USD", current, new BigDecimal("120.00"), null);

        assertThat(spike).extracting(ProposedAnomaly::kind).containsExactly(Kind.PRICE_MOVE, Kind.ABOVE_AVERAGE);
        assertThat(spike.get(1).severity()).isEqualTo(Severity.HIGH);
        assertThat(spike.get(1).score()).isNull();
        assertThat(spike.get(1).reason()).matches("would be priced 200\\.00 USD, 7\\.\\d× its time-weighted 30-day "
                + "average of 2\\d\\.\\d\\d USD");
        assertThat(high).extracting(ProposedAnomaly::kind).as("under 5× the prices of the month")
                .containsExactly(Kind.PRICE_MOVE);
    }

    @Test
    void aProposedDropOf84PercentAgainstASteadyHistoryIsFlaggedWithTheEndpointsSentence() {
        List<PricePoint> all = steadyWalk();
        CatalogColumns columns = catalogAfter(all, 3);
        int usd = columns.currencyCode("USD");
        BigDecimal current = all.get(all.size() - 1).amount();
        PreviewAnomalies anomalies = new PreviewAnomalies(0.10, now);

        List<ProposedAnomaly> drop = anomalies.of(columns, 0, usd, "USD", current,
                current.multiply(new BigDecimal("0.16")).setScale(2, java.math.RoundingMode.HALF_EVEN), null);
        List<ProposedAnomaly> ordinary = anomalies.of(columns, 0, usd, "USD", current,
                current.multiply(new BigDecimal("0.95")).setScale(2, java.math.RoundingMode.HALF_EVEN), null);

        assertThat(drop).singleElement().satisfies(anomaly -> {
            assertThat(anomaly.kind()).isEqualTo(Kind.PRICE_MOVE);
            assertThat(anomaly.severity()).isEqualTo(Severity.HIGH);
            assertThat(anomaly.reason()).startsWith("drops 84 % (" + current.toPlainString() + " → ")
                    .contains("its usual move of 2.0 %").endsWith(" over 20 changes in 90 days");
            assertThat(anomaly.score()).isGreaterThan(7);
        });
        assertThat(ordinary).isEmpty();
    }

    @Test
    void belowCostIsFlaggedWhateverTheHistoryAndAProductWithTooFewChangesHasNoUnusualMove() {
        List<PricePoint> few = steadyWalk().subList(16, 24);
        CatalogColumns columns = catalogAfter(few, few.size());
        int usd = columns.currencyCode("USD");
        BigDecimal current = few.get(few.size() - 1).amount();
        PreviewAnomalies anomalies = new PreviewAnomalies(0.10, now);

        assertThat(anomalies.of(columns, 0, usd, "USD", current, new BigDecimal("4.00"), null))
                .as("7 changes: too few to know its usual move").isEmpty();
        assertThat(anomalies.of(columns, 0, usd, "USD", current, new BigDecimal("4.00"), new BigDecimal("5.00")))
                .singleElement().satisfies(anomaly -> {
                    assertThat(anomaly.kind()).isEqualTo(Kind.BELOW_COST);
                    assertThat(anomaly.severity()).isEqualTo(Severity.CRITICAL);
                    assertThat(anomaly.reason())
                            .isEqualTo("would be priced 4.00 USD, 1.00 under its cost of 5.00 USD (20 % below)");
                    assertThat(anomaly.score()).isNull();
                });
        assertThat(PreviewAnomalies.NONE.of(columns, 0, usd, "USD", current, new BigDecimal("4.00"),
                new BigDecimal("5.00"))).isEmpty();
    }

    /**
     * TEE's catalog rebuilt when the read model held its first {@code builtAt} prices, then following
     * the events of the later ones (each at its time and version), previewed at {@link #now}.
     */
    private CatalogColumns catalogAfter(List<PricePoint> all, int builtAt) {
        history.clear();
        history.addAll(all.subList(0, builtAt));
        version = builtAt;
        now = all.get(builtAt - 1).at().plus(Duration.ofMinutes(1));
        PreviewCatalogs catalogs = new PreviewCatalogs(source, () -> OptionalLong.of(1),
                new CatalogLimits(1L << 30, Duration.ofMinutes(30), Duration.ofMillis(200), 100), clock());
        catalogs.snapshot(ACME, Deadline.NONE);
        for (int i = builtAt; i < all.size(); i++) {
            PricePoint point = all.get(i);
            catalogs.on(ACME, new CatalogChange.Priced(TEE, new Money(point.amount(), "USD"), null, i + 1,
                    point.at()), 2 + i);
        }
        now = NOW;
        return catalogs.snapshot(ACME, Deadline.NONE);
    }

    /** The sample a move proposed now would be judged among, without the move. */
    private double[] sample(CatalogColumns columns) {
        RecentMoves moves = columns.recentMoves(0, columns.currencyCode("USD"));
        double[] withMove = moves.sampleWith(NOW, 0, 0);
        return java.util.Arrays.copyOf(withMove, withMove.length - 1);
    }

    /** What the read model's query answers: the price that held at {@code since} and every later one. */
    private List<PricePoint> readModelPrices(Instant since) {
        List<PricePoint> recent = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            boolean heldAfterSince = i == history.size() - 1 || history.get(i + 1).at().isAfter(since);
            if (heldAfterSince) recent.add(history.get(i));
        }
        return recent;
    }

    private CatalogEntry entry(List<PricePoint> recent) {
        BigDecimal current = history.get(history.size() - 1).amount();
        return new CatalogEntry(new CatalogItem(TEE, "TEE", "Tee", "Acme", "Shirts", List.of(), Set.of(), true, null,
                Map.of("USD", new Money(current, "USD")), Map.of(), null), version, null, Map.of("USD", recent));
    }

    private Clock clock() {
        return new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
    }
}
