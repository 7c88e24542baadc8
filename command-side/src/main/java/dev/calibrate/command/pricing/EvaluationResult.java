package dev.calibrate.command.pricing;

import com.fasterxml.jackson.annotation.JsonFormat;
import dev.calibrate.kernel.pricechange.Explain;
import dev.calibrate.kernel.product.ProductId;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The outcome of a rule over a catalog: one item per selected active product, sorted by product id. */
public record EvaluationResult(List<ItemResult> items, Summary summary, String contentHash) {

    /**
     * Delta percentages are stored as {@code NUMERIC(12, 2)}: a change of this many percent or more
     * (a price a hundred million times the current one) is refused rather than written.
     */
    public static final BigDecimal DELTA_PERCENT_LIMIT = new BigDecimal("10000000000");

    public EvaluationResult {
        items = List.copyOf(items);
    }

    public enum Status { CHANGE, NO_CHANGE, BLOCKED, SKIPPED }

    /**
     * An item's status and its reasons once its price is decided: NO_CHANGE when neither price nor
     * compare-at moves, else BLOCKED naming each broken guardrail, else CHANGE. The engine's rule, which an
     * analyst's override is held to as well.
     */
    public record Verdict(Status status, List<String> reasons) {

        public static Verdict of(boolean changes, List<String> brokenGuardrails) {
            if (!changes) {
                return new Verdict(Status.NO_CHANGE, List.of("the proposed price is the current price"));
            }
            if (!brokenGuardrails.isEmpty()) {
                return new Verdict(Status.BLOCKED,
                        brokenGuardrails.stream().map(guardrail -> "breaks guardrail " + guardrail).toList());
            }
            return new Verdict(Status.CHANGE, List.of());
        }
    }

    /**
     * Prices are decimal amounts in {@code currency}. On a SKIPPED item without a price in the rule's
     * currency, the prices and deltas are null; {@code deltaPercent} has two decimals.
     */
    public record ItemResult(ProductId productId, String sku, String currency,
                             @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal currentPrice,
                             @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal proposedPrice,
                             @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal delta,
                             @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal deltaPercent,
                             @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal currentCompareAt,
                             @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal proposedCompareAt,
                             Status status, List<String> reasons, Explain explain) {
        public ItemResult {
            reasons = List.copyOf(reasons);
        }
    }

    /** Delta percentages over every item that has a proposed price (all but SKIPPED); null when none has. */
    public record Summary(Map<Status, Integer> counts,
                          @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal minDeltaPercent,
                          @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal medianDeltaPercent,
                          @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal maxDeltaPercent) {
        public Summary {
            counts = Map.copyOf(counts);
        }

        /** Counts per status and the spread of the deltas of {@code items}, whatever shape an item has. */
        public static <T> Summary of(List<T> items, Function<T, Status> status, Function<T, BigDecimal> deltaPercent) {
            Map<Status, Integer> counts = new EnumMap<>(Status.class);
            for (Status s : Status.values()) counts.put(s, 0);
            List<BigDecimal> deltas = new ArrayList<>();
            for (T item : items) {
                counts.merge(status.apply(item), 1, Integer::sum);
                BigDecimal delta = deltaPercent.apply(item);
                if (delta != null) deltas.add(delta);
            }
            if (deltas.isEmpty()) {
                return new Summary(counts, null, null, null);
            }
            deltas.sort(Comparator.naturalOrder());
            int n = deltas.size();
            BigDecimal median = n % 2 == 1 ? deltas.get(n / 2)
                    : deltas.get(n / 2 - 1).add(deltas.get(n / 2)).divide(BigDecimal.valueOf(2), 2, RoundingMode.HALF_EVEN);
            return new Summary(counts, deltas.get(0), median, deltas.get(n - 1));
        }
    }
}
