package dev.calibrate.kernel.priorprice;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/**
 * What a preview item shows of its prior price: the amount (at the currency's scale), the reduction a
 * proposed price would announce, in percent of the prior price (null when it is no genuine reduction),
 * the window it was taken over, and whether the product's history is shorter than the window
 * ({@code historySince}) or the price belongs to a live campaign whose prior price it keeps
 * ({@code campaignStart}).
 */
public record ItemPriorPrice(BigDecimal amount, BigDecimal reductionPercent, Instant windowStart,
                             Instant historySince, Instant campaignStart) {

    /**
     * Rounded so as never to overstate: the amount down to the currency's scale (never above the lowest
     * price), the percentage from that amount, down.
     */
    public static ItemPriorPrice of(PriorPrice prior, BigDecimal proposed, int scale) {
        PriorPrice shown = prior.atScale(scale);
        return new ItemPriorPrice(shown.amount(),
                shown.genuinelyReducedBy(proposed) ? shown.reductionPercent(proposed) : null, prior.windowStart(),
                prior.historySince(), prior.campaignStart());
    }
}
