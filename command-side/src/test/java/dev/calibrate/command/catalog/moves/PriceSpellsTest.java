package dev.calibrate.command.catalog.moves;

import dev.calibrate.kernel.anomaly.AboveAverage;
import dev.calibrate.kernel.anomaly.AboveAverage.Above;
import dev.calibrate.kernel.product.CatalogEntry.PricePoint;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One product's earlier prices on their own: only those that ended within 30 days of the latest change
 * and at most {@link PriceSpells#MAX} are kept, a rebuild's history gives what the events gave, and the
 * quick check that spares most items the sum never hides a price above its average. No timings: the
 * cost of a preview is measured in bench/, not asserted here.
 */
class PriceSpellsTest {

    private static final Instant NOW = Instant.parse("2026-12-04T06:00:00Z");

    @Test
    void onlyPricesThatEndedWithinThirtyDaysOfTheLatestChangeAreKeptAtMost249() {
        // a change every 10 days for 100 days: the prices that ended in the last 30 days are those of the last 3 changes
        PriceSpells spells = null;
        long since = NOW.minus(Duration.ofDays(100)).toEpochMilli();
        for (int i = 1; i <= 10; i++) {
            long at = NOW.minus(Duration.ofDays(100 - 10L * i)).toEpochMilli();
            spells = PriceSpells.with(spells, since, 1000 + i, at);
            since = at;
        }
        assertThat(spells.size()).isEqualTo(3);

        PriceSpells many = null;
        since = NOW.minus(Duration.ofDays(20)).toEpochMilli();
        for (int i = 0; i < 400; i++) {
            long at = since + Duration.ofMinutes(1).toMillis();
            many = PriceSpells.with(many, since, 1000 + i % 2, at);
            since = at;
        }
        assertThat(many.size()).isEqualTo(PriceSpells.MAX);
    }

    @Test
    void aRebuildsHistoryGivesTheSpellsTheEventsGaveWithRepeatsAndZeroAmongThem() {
        List<PricePoint> prices = new ArrayList<>();
        String[] amounts = {"10.00", "12.00", "12.00", "0.00", "11.00", "-1.00", "11.00", "11.00", "13.00"};
        for (int i = 0; i < amounts.length; i++) {
            prices.add(new PricePoint(new BigDecimal(amounts[i]), NOW.minus(Duration.ofDays(45 - 5L * i))));
        }
        PriceSpells followed = null;
        long since = prices.get(0).at().toEpochMilli();
        for (int i = 1; i < prices.size(); i++) {
            if (prices.get(i).amount().compareTo(prices.get(i - 1).amount()) != 0) {
                long at = prices.get(i).at().toEpochMilli();
                followed = PriceSpells.with(followed, since, prices.get(i - 1).amount().movePointRight(2).longValueExact(), at);
                since = at;
            }
        }

        assertThat(PriceSpells.of(prices, 2)).isEqualTo(followed);
        assertThat(PriceSpells.since(prices)).isEqualTo(since);
        assertThat(PriceSpells.since(List.of())).isEqualTo(PriceSpells.UNKNOWN);
        assertThat(followed.toString()).as("the prices that ended after 30 days before the last change, zero and -1.00 too")
                .isEqualTo("1200@2026-10-25T06:00:00Z 0@2026-11-04T06:00:00Z 1100@2026-11-09T06:00:00Z "
                        + "-100@2026-11-14T06:00:00Z 1100@2026-11-19T06:00:00Z");
    }

    @Test
    void theQuickCheckNeverHidesAPriceAboveItsAverage() {
        Random random = new Random(16);
        int flagged = 0;
        for (int round = 0; round < 2_000; round++) {
            PriceSpells spells = null;
            long since = NOW.minus(Duration.ofDays(60)).toEpochMilli();
            long current = 100 + random.nextInt(10_000);
            int changes = random.nextInt(6);
            for (int i = 0; i < changes; i++) {
                long at = since + random.nextInt(1 + (int) Duration.ofDays(12).toMillis());
                long next = random.nextInt(10) == 0 ? 0 : 100 + random.nextInt(10_000);
                spells = PriceSpells.with(spells, since, current, at);
                since = at;
                current = next;
            }
            long now = since + random.nextInt(1 + (int) Duration.ofDays(10).toMillis());
            BigDecimal proposed = BigDecimal.valueOf(random.nextInt(80_000), 2);
            long[] from = spells == null ? new long[0] : spells.fromForTest();
            long[] amounts = spells == null ? new long[0] : spells.amountsForTest();

            Optional<Above> expected = AboveAverage.judge(proposed, now, from, amounts, from.length, since, current, 2);
            assertThat(PriceSpells.judge(spells, since, current, 2, proposed, now))
                    .as("round %d: %s then %s@%s, %s at %s", round, spells, current, since, proposed, now).isEqualTo(expected);
            if (expected.isPresent()) flagged++;
        }
        assertThat(flagged).as("both sides of the bar are tried").isBetween(200, 1800);
    }

    @Test
    void a249PriceWindowFlagsASpikeButNotAnOrdinaryPriceNorOneJustUnder6TimesItsAverage() {
        // every proposal on a product with the 249 earlier prices kept (its cost is in bench/, not here)
        PriceSpells full = null;
        long since = NOW.minus(Duration.ofDays(29)).toEpochMilli();
        for (int i = 0; i < PriceSpells.MAX; i++) {
            long at = since + Duration.ofMinutes(90).toMillis();
            full = PriceSpells.with(full, since, 1000 + i % 7, at);
            since = at;
        }
        long now = NOW.toEpochMilli();

        assertThat(full.size()).isEqualTo(PriceSpells.MAX);
        assertThat(PriceSpells.judge(full, since, 1000, 2, new BigDecimal("70.00"), now)).isPresent();
        assertThat(PriceSpells.judge(full, since, 1000, 2, new BigDecimal("11.00"), now)).isEmpty();
        // past 6× the lowest price (10.00) but under 6× the average (about 10.016): summed, not flagged
        assertThat(PriceSpells.judge(full, since, 1000, 2, new BigDecimal("60.05"), now)).isEmpty();
    }
}
