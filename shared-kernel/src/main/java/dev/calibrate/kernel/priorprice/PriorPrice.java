package dev.calibrate.kernel.priorprice;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * The prior price of the EU Omnibus rule (Art. 6a of Directive 98/6/EC): the lowest price in effect at
 * any moment of {@code [windowStart, at)}. A price set before the window and still in effect at its start
 * counts; one that ended exactly at the start does not, nor one set exactly at {@code at}, nor one that
 * was replaced at the very instant it was set (in effect for no time at all). Pure: no clock, no database.
 *
 * @param amount       the lowest price
 * @param windowStart  the start of the window: {@code at} minus the window's days in the tenant's zone
 * @param historySince when the product's history in this currency starts, if after {@code windowStart}
 *                     (the product is younger than the window: the prior price is over what it has),
 *                     else null
 * @param campaignStart with a progressive reduction, when the live campaign whose prior price this is
 *                     started (the prior price is taken there), else null
 */
public record PriorPrice(BigDecimal amount, Instant windowStart, Instant historySince, Instant campaignStart) {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** Whether the product has less history than the window. */
    public boolean partial() {
        return historySince != null;
    }

    /**
     * The window's start: the same wall-clock time {@code days} calendar days before {@code at} in
     * {@code zone}. Across a daylight saving change the window is an hour shorter or longer than
     * {@code days × 24} hours; a start that falls into a spring-forward gap moves forward by the gap.
     */
    public static Instant windowStart(Instant at, int days, ZoneId zone) {
        return at.atZone(zone).minusDays(days).toInstant();
    }

    /**
     * The prior price at {@code at} over {@code history} (one product, one currency, in the order its
     * spells were set: by {@code from}, ties in event order); empty when no price was in effect at any
     * moment of the window.
     */
    public static Optional<PriorPrice> of(List<PriceSpell> history, Instant at, int days, ZoneId zone) {
        Instant start = windowStart(at, days, zone);
        BigDecimal lowest = null;
        Instant first = null;
        for (int i = 0; i < history.size(); i++) {
            PriceSpell spell = history.get(i);
            Instant end = i + 1 < history.size() ? history.get(i + 1).from() : Instant.MAX;
            if (first == null) {
                first = spell.from();
            }
            if (!spell.from().isBefore(at)) {
                break;
            }
            if (end.isAfter(start) && end.isAfter(spell.from())) {
                lowest = lowest == null || spell.amount().compareTo(lowest) < 0 ? spell.amount() : lowest;
            }
        }
        if (lowest == null) {
            return Optional.empty();
        }
        return Optional.of(new PriorPrice(lowest, start, first.isAfter(start) ? first : null, null));
    }

    /**
     * As {@link #of}, but progressive: when the price in effect just before {@code at} belongs to a live
     * announced reduction (a run of spells each with a compare-at above its price, up to {@code at}), the
     * prior price is the one at that campaign's start, so a second cut keeps the first cut's prior price.
     */
    public static Optional<PriorPrice> progressive(List<PriceSpell> history, Instant at, int days, ZoneId zone) {
        int last = lastBefore(history, at);
        if (last < 0 || !history.get(last).announcesReduction()) {
            return of(history, at, days, zone);
        }
        int first = last;
        while (first > 0 && history.get(first - 1).announcesReduction()) {
            first--;
        }
        Instant campaign = history.get(first).from();
        return of(history, campaign, days, zone)
                .map(prior -> new PriorPrice(prior.amount(), prior.windowStart(), prior.historySince(), campaign))
                .or(() -> of(history, at, days, zone));
    }

    /**
     * This prior price, but never above {@code current}, the price in effect now: the price history is a
     * read model that may not hold the newest price yet, and a newer, lower price it misses would make the
     * prior price too high (the illegal direction). Within a live progressive campaign the prior price is
     * the campaign's, kept even though the current (cut) price is lower.
     */
    public PriorPrice notAbove(BigDecimal current) {
        if (campaignStart != null || current == null || current.compareTo(amount) >= 0) {
            return this;
        }
        return new PriorPrice(current, windowStart, historySince, null);
    }

    /**
     * Whether {@code proposed} is a genuine reduction: below the prior price. Not below it, no
     * reduction may be announced.
     */
    public boolean genuinelyReducedBy(BigDecimal proposed) {
        return proposed.compareTo(amount) < 0;
    }

    /** This prior price rounded down to {@code scale} decimals: a shown prior price is never above the lowest price. */
    public PriorPrice atScale(int scale) {
        return new PriorPrice(amount.setScale(scale, RoundingMode.FLOOR), windowStart, historySince, campaignStart);
    }

    /**
     * The reduction from the prior price in percent, two decimals rounded down so it never overstates
     * (C-330/23: a percentage is from the prior price).
     */
    public BigDecimal reductionPercent(BigDecimal proposed) {
        return percentBelow(amount, proposed);
    }

    /** How far {@code proposed} is below {@code prior}, in percent of it, two decimals rounded down. */
    public static BigDecimal percentBelow(BigDecimal prior, BigDecimal proposed) {
        if (prior.signum() <= 0) {
            return BigDecimal.ZERO.setScale(2);
        }
        return prior.subtract(proposed).multiply(HUNDRED).divide(prior, 2, RoundingMode.DOWN);
    }

    /** The last spell set before {@code at}, or -1. */
    private static int lastBefore(List<PriceSpell> history, Instant at) {
        int last = -1;
        for (int i = 0; i < history.size() && history.get(i).from().isBefore(at); i++) {
            last = i;
        }
        return last;
    }
}
