package dev.calibrate.query.pricechange;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

import java.math.BigDecimal;

/**
 * The summary of a {@link PriceChangeView}'s current preview, in its {@code preview_*} columns: how many
 * items, how many change a price, stay, are blocked or skipped, the spread of the price moves, the anomalous
 * items, the largest decrease and the revenue impact. Read only, like the view.
 */
@Embeddable
public class PreviewSummaryColumns {

    @Column(name = "preview_items")
    private Integer items;
    @Column(name = "preview_change")
    private Integer change;
    @Column(name = "preview_no_change")
    private Integer noChange;
    @Column(name = "preview_blocked")
    private Integer blocked;
    @Column(name = "preview_skipped")
    private Integer skipped;
    @Column(name = "preview_min_delta_percent")
    private BigDecimal minDeltaPercent;
    @Column(name = "preview_median_delta_percent")
    private BigDecimal medianDeltaPercent;
    @Column(name = "preview_max_delta_percent")
    private BigDecimal maxDeltaPercent;
    @Column(name = "preview_anomalous")
    private Integer anomalous;
    @Column(name = "preview_largest_decrease_percent")
    private BigDecimal largestDecreasePercent;
    @Column(name = "preview_revenue_impact")
    private BigDecimal revenueImpact;

    protected PreviewSummaryColumns() {
    }

    public Integer getItems() {
        return items;
    }

    public Integer getChange() {
        return change;
    }

    public Integer getNoChange() {
        return noChange;
    }

    public Integer getBlocked() {
        return blocked;
    }

    public Integer getSkipped() {
        return skipped;
    }

    public BigDecimal getMinDeltaPercent() {
        return minDeltaPercent;
    }

    public BigDecimal getMedianDeltaPercent() {
        return medianDeltaPercent;
    }

    public BigDecimal getMaxDeltaPercent() {
        return maxDeltaPercent;
    }

    public Integer getAnomalous() {
        return anomalous;
    }

    public BigDecimal getLargestDecreasePercent() {
        return largestDecreasePercent;
    }

    public BigDecimal getRevenueImpact() {
        return revenueImpact;
    }
}
