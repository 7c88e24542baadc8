package dev.calibrate.command.anomaly;

import dev.calibrate.command.catalog.CatalogColumns;
import dev.calibrate.command.catalog.moves.PriceSpells;
import dev.calibrate.command.catalog.moves.RecentMoves;
import dev.calibrate.kernel.anomaly.AboveAverage;
import dev.calibrate.kernel.anomaly.PriceMoves;
import dev.calibrate.kernel.anomaly.PriceMoves.Tense;
import dev.calibrate.kernel.anomaly.PriceMoves.Unusual;
import dev.calibrate.kernel.anomaly.ProposedAnomaly;
import dev.calibrate.kernel.anomaly.ProposedAnomaly.Kind;
import dev.calibrate.kernel.anomaly.ProposedAnomaly.Severity;
import dev.calibrate.kernel.money.Money;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Judges a preview's proposed prices as the anomalies endpoint would judge them once set: a move
 * unlike the product's recent ones ({@link PriceMoves}, against the {@link RecentMoves} the preview
 * catalog keeps from events), a price below the product's cost, and a price above 6× its time-weighted
 * 30-day average ({@link AboveAverage}, against the current price and the {@link PriceSpells} the
 * catalog keeps). Reads only the catalog's columns: no database read per item, and an item that moves
 * less than the floor, stays above its cost and is not near 6× the product's highest recent price costs
 * a few comparisons and no allocation.
 */
public final class PreviewAnomalies {

    /** Judges nothing (a preview evaluated without anomalies: tests, benchmarks). */
    public static final PreviewAnomalies NONE = new PreviewAnomalies(0, null);

    private final double floor;
    private final Instant now;

    /**
     * @param floor the least move reported, as a fraction of the old price ({@code calibrate.anomalies.price-move-floor})
     * @param now   the preview's time: the window of changes ends here
     */
    public PreviewAnomalies(double floor, Instant now) {
        this.floor = floor;
        this.now = now;
    }

    /**
     * The anomalies of moving {@code row}'s price in {@code currency} from {@code current} to
     * {@code proposed}; {@code cost} is its cost in that currency, or null. An empty list when none.
     */
    public List<ProposedAnomaly> of(CatalogColumns columns, int row, int currencyCode, String currency,
                                    BigDecimal current, BigDecimal proposed, BigDecimal cost) {
        if (now == null || proposed.compareTo(current) == 0) {
            return List.of();
        }
        List<ProposedAnomaly> found = List.of();
        if (cost != null && proposed.compareTo(cost) < 0) {
            found = new ArrayList<>(2);
            found.add(new ProposedAnomaly(Kind.BELOW_COST, Severity.CRITICAL,
                    PriceMoves.belowCostReason(Tense.PROPOSED, new Money(proposed, currency), new Money(cost, currency)),
                    null));
        }
        Optional<ProposedAnomaly> move = move(columns, row, currencyCode, currency, current, proposed);
        if (move.isPresent()) {
            if (found.isEmpty()) found = new ArrayList<>(2);
            found.add(move.get());
        }
        if (currencyCode >= 0) {
            Optional<ProposedAnomaly> above = aboveAverage(columns.priceSpells(row, currencyCode),
                    columns.priceSince(row, currencyCode), columns.unscaledPrice(row, currencyCode),
                    columns.scale(currencyCode), currency, proposed);
            if (above.isPresent()) {
                if (found.isEmpty()) found = new ArrayList<>(1);
                found.add(above.get());
            }
        }
        return found;
    }

    /**
     * {@code above_average}: {@code proposed} above 6× the time-weighted average, over the 30 days before
     * the preview, of the current price ({@code current}, unscaled at {@code scale}, in effect from
     * {@code since}) and the earlier prices the catalog keeps ({@code spells}, null: none), by
     * {@link AboveAverage}, the endpoint's arithmetic. Public for the test that feeds the endpoint and a
     * preview the same history.
     */
    public Optional<ProposedAnomaly> aboveAverage(PriceSpells spells, long since, long current, int scale,
                                                  String currency, BigDecimal proposed) {
        if (now == null || current == CatalogColumns.ABSENT) {
            return Optional.empty();
        }
        return PriceSpells.judge(spells, since, current, scale, proposed, now.toEpochMilli())
                .map(above -> new ProposedAnomaly(Kind.ABOVE_AVERAGE, Severity.HIGH,
                        AboveAverage.reason(Tense.PROPOSED, new Money(proposed, currency), above), null));
    }

    private Optional<ProposedAnomaly> move(CatalogColumns columns, int row, int currencyCode, String currency,
                                           BigDecimal current, BigDecimal proposed) {
        // cheap checks first: most proposals move less than the floor, and many products have no history
        if (currencyCode < 0 || Math.abs(proposed.doubleValue() / current.doubleValue() - 1) < floor * 0.999) {
            return Optional.empty();
        }
        RecentMoves moves = columns.recentMoves(row, currencyCode);
        double logReturn = PriceMoves.logReturn(current, proposed);
        if (moves == null || Double.isNaN(logReturn)) {
            return Optional.empty();
        }
        Optional<Unusual> unusual = moves.judge(now, logReturn, PriceMoves.percentChange(current, proposed), floor);
        return unusual.map(u -> new ProposedAnomaly(Kind.PRICE_MOVE, u.high() ? Severity.HIGH : Severity.MEDIUM,
                PriceMoves.reason(Tense.PROPOSED, new Money(current, currency), new Money(proposed, currency), u),
                u.roundedScore()));
    }
}
