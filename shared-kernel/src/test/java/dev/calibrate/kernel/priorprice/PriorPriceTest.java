package dev.calibrate.kernel.priorprice;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The prior price: the lowest price in effect at any moment of [at − window, at), the window counted
 * in calendar days of the tenant's zone. The golden cases of issue 20 sit at exactly the window's start.
 */
class PriorPriceTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId UTC = ZoneId.of("UTC");
    /** 10:00 in Berlin (CEST, UTC+2) on 2026-07-31: the reduction's moment. */
    private static final Instant AT = berlin("2026-07-31T10:00");
    /** 30 calendar days before AT in Berlin: 2026-07-01T10:00 local. */
    private static final Instant START = berlin("2026-07-01T10:00");
    private static final Duration MILLI = Duration.ofMillis(1);

    @Nested
    class GoldenCases {

        /** 80 → 100 → 90: the 80 held inside the window, so 90 is no reduction. */
        @Test
        void eightyThenHundredThenNinetyAnnouncesNoReduction() {
            List<PriceSpell> history = List.of(spell("80", START), spell("100", START.plus(Duration.ofDays(10))));

            PriorPrice prior = PriorPrice.of(history, AT, 30, BERLIN).orElseThrow();

            assertThat(prior.amount()).isEqualByComparingTo("80");
            assertThat(prior.genuinelyReducedBy(new BigDecimal("90"))).isFalse();
        }

        /** The 80 that ended at exactly the window's start was in effect at no moment of it. */
        @Test
        void eightyThatEndedExactlyAtTheWindowStartDoesNotCount() {
            List<PriceSpell> history = List.of(spell("80", START.minus(Duration.ofDays(5))), spell("100", START));

            PriorPrice prior = PriorPrice.of(history, AT, 30, BERLIN).orElseThrow();

            assertThat(prior.amount()).isEqualByComparingTo("100");
            assertThat(prior.genuinelyReducedBy(new BigDecimal("90"))).isTrue();
            assertThat(prior.reductionPercent(new BigDecimal("90"))).isEqualByComparingTo("10.00");
        }

        /** One millisecond later, the 80 was in effect for that millisecond of the window. */
        @Test
        void eightyThatEndedAMillisecondIntoTheWindowCounts() {
            List<PriceSpell> history = List.of(spell("80", START.minus(Duration.ofDays(5))),
                    spell("100", START.plus(MILLI)));

            assertThat(PriorPrice.of(history, AT, 30, BERLIN).orElseThrow().amount()).isEqualByComparingTo("80");
        }

        /** 100 for 40 days, then cut to 80: the prior price is 100, set before the window and in effect at its start. */
        @Test
        void hundredForFortyDaysThenEightyShowsHundred() {
            List<PriceSpell> history = List.of(spell("100", AT.minus(Duration.ofDays(40))));

            PriorPrice prior = PriorPrice.of(history, AT, 30, BERLIN).orElseThrow();

            assertThat(prior.amount()).isEqualByComparingTo("100");
            assertThat(prior.partial()).isFalse();
            assertThat(prior.windowStart()).isEqualTo(START);
            assertThat(prior.reductionPercent(new BigDecimal("80"))).isEqualByComparingTo("20.00");
        }

        /** 100 set at exactly the window's start counts as the price of the whole window. */
        @Test
        void hundredSetAtExactlyTheWindowStartIsTheWholeHistory() {
            PriorPrice prior = PriorPrice.of(List.of(spell("100", START)), AT, 30, BERLIN).orElseThrow();

            assertThat(prior.amount()).isEqualByComparingTo("100");
            assertThat(prior.partial()).as("history from the window's very start is the whole window").isFalse();
        }

        /** 100 → 80 (announced, compare-at 100) → 60 while the 80 is live: both show 100. */
        @Test
        void hundredThenEightyThenSixtyProgressiveShowsHundredBothTimes() {
            Instant firstCut = AT.minus(Duration.ofDays(3));
            List<PriceSpell> beforeFirstCut = List.of(spell("100", AT.minus(Duration.ofDays(40))));
            PriorPrice first = PriorPrice.progressive(beforeFirstCut, firstCut, 30, BERLIN).orElseThrow();
            assertThat(first.amount()).isEqualByComparingTo("100");

            List<PriceSpell> history = List.of(spell("100", AT.minus(Duration.ofDays(40))),
                    new PriceSpell(new BigDecimal("80"), first.amount(), firstCut));
            PriorPrice second = PriorPrice.progressive(history, AT, 30, BERLIN).orElseThrow();

            assertThat(second.amount()).isEqualByComparingTo("100");
            assertThat(second.campaignStart()).isEqualTo(firstCut);
            assertThat(second.reductionPercent(new BigDecimal("60"))).isEqualByComparingTo("40.00");
            assertThat(PriorPrice.of(history, AT, 30, BERLIN).orElseThrow().amount())
                    .as("not progressive, the first cut's 80 is the prior price").isEqualByComparingTo("80");
        }

        /** A product 10 days old uses its 10 days, and says so. */
        @Test
        void aNewProductUsesItsTenDaysAndSaysSo() {
            Instant created = AT.minus(Duration.ofDays(10));
            List<PriceSpell> history = List.of(spell("50", created), spell("45", created.plus(Duration.ofDays(2))));

            PriorPrice prior = PriorPrice.of(history, AT, 30, BERLIN).orElseThrow();

            assertThat(prior.amount()).isEqualByComparingTo("45");
            assertThat(prior.partial()).isTrue();
            assertThat(prior.historySince()).isEqualTo(created);
        }
    }

    @Nested
    class Window {

        @Test
        void aPriceSetAtExactlyAtIsNotInTheWindow() {
            List<PriceSpell> history = List.of(spell("100", START), spell("10", AT));

            assertThat(PriorPrice.of(history, AT, 30, BERLIN).orElseThrow().amount()).isEqualByComparingTo("100");
        }

        @Test
        void aPriceSetAMillisecondBeforeAtCounts() {
            List<PriceSpell> history = List.of(spell("100", START), spell("10", AT.minus(MILLI)));

            assertThat(PriorPrice.of(history, AT, 30, BERLIN).orElseThrow().amount()).isEqualByComparingTo("10");
        }

        @Test
        void pricesAfterAtAreIgnored() {
            List<PriceSpell> history = List.of(spell("100", START.minus(Duration.ofDays(1))),
                    spell("1", AT.plus(Duration.ofDays(1))));

            assertThat(PriorPrice.of(history, AT, 30, BERLIN).orElseThrow().amount()).isEqualByComparingTo("100");
        }

        @Test
        void noPriceBeforeAtHasNoPriorPrice() {
            assertThat(PriorPrice.of(List.of(), AT, 30, BERLIN)).isEmpty();
            assertThat(PriorPrice.of(List.of(spell("5", AT)), AT, 30, BERLIN)).isEmpty();
        }

        /** A price replaced at the instant it was set was in effect for no time. */
        @Test
        void aPriceReplacedTheInstantItWasSetDoesNotCount() {
            Instant t = START.plus(Duration.ofDays(3));
            List<PriceSpell> history = List.of(spell("100", START), spell("1", t), spell("90", t));

            assertThat(PriorPrice.of(history, AT, 30, BERLIN).orElseThrow().amount()).isEqualByComparingTo("90");
        }

        @Test
        void aPriceWhollyBeforeTheWindowDoesNotCount() {
            List<PriceSpell> history = List.of(spell("10", START.minus(Duration.ofDays(20))),
                    spell("70", START.minus(Duration.ofDays(1))), spell("90", START.plus(Duration.ofDays(1))));

            assertThat(PriorPrice.of(history, AT, 30, BERLIN).orElseThrow().amount()).isEqualByComparingTo("70");
        }

        @Test
        void theWindowsLengthIsThePolicysDays() {
            List<PriceSpell> history = List.of(spell("60", AT.minus(Duration.ofDays(8))),
                    spell("100", AT.minus(Duration.ofDays(6))));

            assertThat(PriorPrice.of(history, AT, 7, UTC).orElseThrow().amount()).isEqualByComparingTo("60");
            assertThat(PriorPrice.of(history, AT, 5, UTC).orElseThrow().amount()).isEqualByComparingTo("100");
        }
    }

    /** "30 days" are 30 calendar days of the tenant's zone: the same wall-clock time 30 days earlier. */
    @Nested
    class TimeZones {

        @Test
        void theWindowStartsAtTheSameLocalTimeInTheTenantsZone() {
            assertThat(PriorPrice.windowStart(AT, 30, BERLIN)).isEqualTo(START);
            assertThat(PriorPrice.windowStart(AT, 30, UTC)).isEqualTo(AT.minus(Duration.ofDays(30)));
        }

        /** Across the spring change (2026-03-29 in Berlin) the window is 30 days less an hour. */
        @Test
        void acrossSpringForwardTheWindowIsAnHourShorter() {
            Instant at = berlin("2026-04-10T10:00");
            Instant start = PriorPrice.windowStart(at, 30, BERLIN);

            assertThat(start).isEqualTo(berlin("2026-03-11T10:00"));
            assertThat(Duration.between(start, at)).isEqualTo(Duration.ofDays(30).minusHours(1));
        }

        /** Across the autumn change (2026-10-25 in Berlin) it is 30 days and an hour. */
        @Test
        void acrossFallBackTheWindowIsAnHourLonger() {
            Instant at = berlin("2026-11-10T10:00");
            Instant start = PriorPrice.windowStart(at, 30, BERLIN);

            assertThat(Duration.between(start, at)).isEqualTo(Duration.ofDays(30).plusHours(1));
        }

        /**
         * Across the spring change the calendar window starts an hour later than 720 hours before: an 80 that
         * ended at 09:30 Berlin time 30 days before is inside 720 hours but outside the tenant's 30 days.
         */
        @Test
        void theBoundaryIsTheCalendarDayNotTwentyFourHourDays() {
            Instant at = berlin("2026-04-10T10:00");
            Instant endedAt0930 = berlin("2026-03-11T09:30");
            List<PriceSpell> history = List.of(spell("80", berlin("2026-03-01T00:00")), spell("100", endedAt0930));

            assertThat(at.minus(Duration.ofDays(30))).as("720 hours before").isBefore(endedAt0930);
            assertThat(PriorPrice.of(history, at, 30, BERLIN).orElseThrow().amount())
                    .as("Berlin's 30 days start at 10:00, after the 80 ended").isEqualByComparingTo("100");
            assertThat(PriorPrice.of(history, at, 30, UTC).orElseThrow().amount())
                    .as("a UTC tenant's window starts at 08:00Z, inside the 80").isEqualByComparingTo("80");
        }

        /** A start in the spring gap (02:30 does not exist on 2026-03-29) moves forward by the gap. */
        @Test
        void aStartInTheSpringGapMovesForward() {
            Instant at = berlin("2026-04-28T02:30");
            assertThat(PriorPrice.windowStart(at, 30, BERLIN)).isEqualTo(berlin("2026-03-29T03:30"));
        }

        @Test
        void theSameInstantHasADifferentWindowInAnotherZone() {
            Instant at = Instant.parse("2026-07-31T00:30:00Z");
            assertThat(PriorPrice.windowStart(at, 30, BERLIN)).isEqualTo(Instant.parse("2026-07-01T00:30:00Z"));
            assertThat(PriorPrice.windowStart(at, 30, ZoneId.of("America/New_York")))
                    .isEqualTo(Instant.parse("2026-07-01T00:30:00Z"));
            assertThat(PriorPrice.windowStart(Instant.parse("2026-11-05T12:00:00Z"), 30, ZoneId.of("America/New_York")))
                    .as("New York left DST on 2026-11-01").isEqualTo(Instant.parse("2026-10-06T11:00:00Z"));
        }
    }

    @Nested
    class Progressive {

        @Test
        void withoutALiveCampaignItIsThePlainPriorPrice() {
            List<PriceSpell> history = List.of(spell("100", START), spell("90", START.plus(Duration.ofDays(2))));

            PriorPrice prior = PriorPrice.progressive(history, AT, 30, BERLIN).orElseThrow();

            assertThat(prior.amount()).isEqualByComparingTo("90");
            assertThat(prior.campaignStart()).isNull();
        }

        /** A campaign that ended (compare-at cleared) is not live: the next cut has the plain prior price. */
        @Test
        void anEndedCampaignDoesNotCarryOver() {
            Instant cut = AT.minus(Duration.ofDays(10));
            List<PriceSpell> history = List.of(spell("100", AT.minus(Duration.ofDays(60))),
                    new PriceSpell(new BigDecimal("80"), new BigDecimal("100"), cut),
                    spell("95", cut.plus(Duration.ofDays(5))));

            assertThat(PriorPrice.progressive(history, AT, 30, BERLIN).orElseThrow().amount())
                    .isEqualByComparingTo("80");
        }

        /** Three cuts in one campaign all keep the first cut's prior price. */
        @Test
        void everyCutOfOneCampaignKeepsItsFirstPriorPrice() {
            Instant first = AT.minus(Duration.ofDays(20));
            List<PriceSpell> history = List.of(spell("100", AT.minus(Duration.ofDays(90))),
                    new PriceSpell(new BigDecimal("80"), new BigDecimal("100"), first),
                    new PriceSpell(new BigDecimal("60"), new BigDecimal("100"), first.plus(Duration.ofDays(5))),
                    new PriceSpell(new BigDecimal("50"), new BigDecimal("100"), first.plus(Duration.ofDays(10))));

            PriorPrice prior = PriorPrice.progressive(history, AT, 30, BERLIN).orElseThrow();

            assertThat(prior.amount()).isEqualByComparingTo("100");
            assertThat(prior.campaignStart()).isEqualTo(first);
        }

        /** The campaign's prior price is the one at its start, whatever compare-at it showed. */
        @Test
        void theCampaignsPriorPriceIsRecomputedNotCopiedFromItsCompareAt() {
            Instant cut = AT.minus(Duration.ofDays(5));
            List<PriceSpell> history = List.of(spell("70", AT.minus(Duration.ofDays(20))),
                    spell("100", AT.minus(Duration.ofDays(10))),
                    new PriceSpell(new BigDecimal("90"), new BigDecimal("100"), cut));

            assertThat(PriorPrice.progressive(history, AT, 30, BERLIN).orElseThrow().amount())
                    .as("the 70 was within 30 days of the campaign's start").isEqualByComparingTo("70");
        }

        @Test
        void aProductThatStartedOnSaleFallsBackToItsPlainPriorPrice() {
            List<PriceSpell> history = List.of(new PriceSpell(new BigDecimal("80"), new BigDecimal("100"),
                    AT.minus(Duration.ofDays(3))));

            PriorPrice prior = PriorPrice.progressive(history, AT, 30, BERLIN).orElseThrow();

            assertThat(prior.amount()).isEqualByComparingTo("80");
            assertThat(prior.partial()).isTrue();
        }
    }

    @Test
    void theReductionPercentIsFromThePriorPrice() {
        PriorPrice prior = PriorPrice.of(List.of(spell("30", START)), AT, 30, BERLIN).orElseThrow();

        assertThat(prior.reductionPercent(new BigDecimal("20"))).isEqualByComparingTo("33.33");
        assertThat(prior.genuinelyReducedBy(new BigDecimal("30"))).as("equal is no reduction").isFalse();
        assertThat(prior.genuinelyReducedBy(new BigDecimal("29.99"))).isTrue();
    }

    /** Against a brute force over every millisecond boundary: the lowest price of any spell overlapping the window. */
    @Test
    void agreesWithABruteForceOverRandomHistories() {
        Random random = new Random(20);
        for (int run = 0; run < 2_000; run++) {
            List<PriceSpell> history = new ArrayList<>();
            Instant t = AT.minus(Duration.ofDays(60));
            int spells = random.nextInt(8);
            for (int i = 0; i < spells; i++) {
                t = t.plus(Duration.ofHours(random.nextInt(24 * 15)));
                history.add(spell(Integer.toString(1 + random.nextInt(200)), t));
            }
            Optional<BigDecimal> expected = bruteForce(history, AT, START);
            assertThat(PriorPrice.of(history, AT, 30, BERLIN).map(PriorPrice::amount))
                    .as("history %s", history).isEqualTo(expected);
        }
    }

    /** The lowest amount of the spells that hold at some hour or at the boundaries inside [start, at). */
    private static Optional<BigDecimal> bruteForce(List<PriceSpell> history, Instant at, Instant start) {
        BigDecimal lowest = null;
        List<Instant> moments = new ArrayList<>();
        moments.add(start);
        history.forEach(s -> moments.add(s.from()));
        for (Instant moment : moments) {
            if (moment.isBefore(start) || !moment.isBefore(at)) continue;
            PriceSpell holding = null;
            for (PriceSpell s : history) if (!s.from().isAfter(moment)) holding = s;
            if (holding != null && (lowest == null || holding.amount().compareTo(lowest) < 0)) {
                lowest = holding.amount();
            }
        }
        return Optional.ofNullable(lowest);
    }

    private static PriceSpell spell(String amount, Instant from) {
        return new PriceSpell(new BigDecimal(amount), null, from);
    }

    private static Instant berlin(String local) {
        return LocalDateTime.parse(local).atZone(BERLIN).toInstant();
    }
}
