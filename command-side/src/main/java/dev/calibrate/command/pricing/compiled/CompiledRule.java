package dev.calibrate.command.pricing.compiled;

import dev.calibrate.command.pricing.CompetitorObservations;
import dev.calibrate.command.pricing.Deadline;
import dev.calibrate.command.pricing.EvaluationOverBudget;
import dev.calibrate.command.pricing.EvaluationResult;
import dev.calibrate.command.pricing.PricingEngine;
import dev.calibrate.command.pricing.Rule;
import dev.calibrate.command.pricing.CompetitorObservations.Observation;
import dev.calibrate.command.pricing.EvaluationResult.Status;
import dev.calibrate.command.pricing.EvaluationResult.Summary;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.ExplainFrame;
import dev.calibrate.kernel.pricechange.ExplainInputs;
import dev.calibrate.kernel.pricechange.ExplainInputs.StepInput;
import dev.calibrate.kernel.product.CatalogItem;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantPolicy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A rule compiled once for one preview: selector, steps and guardrails worked out against the
 * rule's currency and the tenant's policy, so that per item the evaluation only compares and
 * computes amounts. It gives exactly the {@link PricingEngine}'s prices, statuses and reasons, and
 * the same explain once rendered from the {@link #frame()} and each item's {@link ExplainInputs}
 * (a property test holds the two to it); it writes no explain text per item.
 */
public final class CompiledRule {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** Product ids in the order of their text, as the engine sorts them, without writing the text. */
    static final Comparator<ProductId> BY_ID_TEXT = (a, b) -> {
        int c = Long.compareUnsigned(a.value().getMostSignificantBits(), b.value().getMostSignificantBits());
        return c != 0 ? c : Long.compareUnsigned(a.value().getLeastSignificantBits(), b.value().getLeastSignificantBits());
    };

    private final Rule rule;
    private final String currency;
    private final CompiledSelector selector;
    private final List<CompiledStep> steps;
    private final CompiledGuardrails guardrails;
    private final CompetitorObservations competitors;
    private final Duration competitorMaxAge;
    private final Instant now;
    private final Deadline deadline;
    private final ExplainFrame frame;

    public CompiledRule(Rule rule, TenantPolicy policy, CompetitorObservations competitors, Instant now,
                        Deadline deadline) {
        this.rule = rule;
        this.currency = rule.currency();
        this.competitors = competitors;
        this.now = Objects.requireNonNull(now, "now");
        this.deadline = deadline;
        this.competitorMaxAge = rule.competitorMaxAge();
        this.selector = new CompiledSelector(rule.selector(), currency, deadline);
        this.steps = rule.transform().stream().map(step -> new CompiledStep(step, currency)).toList();
        this.guardrails = new CompiledGuardrails(policy, currency);
        this.frame = new ExplainFrame(currency, selector.units(), steps.stream().map(CompiledStep::frame).toList(),
                guardrails.frames());
    }

    /** What every item's explain shares. */
    public ExplainFrame frame() {
        return frame;
    }

    /** Evaluates the rule over {@code catalog}; throws {@link EvaluationOverBudget} once the deadline has passed. */
    public PreviewEvaluation evaluate(List<CatalogItem> catalog) {
        List<CatalogItem> ordered = new ArrayList<>(catalog);
        ordered.sort(Comparator.comparing(CatalogItem::productId, BY_ID_TEXT));
        for (int i = 1; i < ordered.size(); i++) {
            if (ordered.get(i).productId().equals(ordered.get(i - 1).productId())) {
                throw new IllegalArgumentException("product " + ordered.get(i).productId() + " is in the catalog twice");
            }
        }
        // items are independent and the compiled rule holds no per-item state: a parallel stream keeps the order
        List<PreviewItem> items = ordered.parallelStream()
                .filter(CatalogItem::active)
                .map(item -> {
                    deadline.check();
                    ItemView view = new ItemView(item);
                    BitSet because = new BitSet();
                    return selector.matches(view, because) ? evaluate(view, because) : null;
                })
                .filter(Objects::nonNull)
                .toList();
        return new PreviewEvaluation(frame, items, summarise(items), PreviewHash.of(frame, items));
    }

    private PreviewItem evaluate(ItemView view, BitSet because) {
        CatalogItem item = view.item();
        BigDecimal currentCompareAt = view.compareAt();
        BigDecimal current = view.price();
        BigDecimal map = guardrails.enforcesMap() ? view.map() : null;
        List<StepInput> traces = new ArrayList<>(steps.size());
        if (current == null) {
            return skipped(item, null, currentCompareAt, "no price in " + currency, inputs(view, because, map, "", traces));
        }
        if (current.signum() <= 0) {
            return skipped(item, current, currentCompareAt, "the current price " + current.toPlainString() + " "
                    + currency + " is not a price", inputs(view, because, map, "", traces));
        }
        BigDecimal price = current;
        for (CompiledStep step : steps) {
            StepInput outcome = step.apply(price, view);
            traces.add(outcome);
            if (outcome.output() == null) {
                ExplainInputs inputs = new ExplainInputs(because, view.cost(), view.costElsewhere(), map, "", traces);
                return skipped(item, current, currentCompareAt, frame.skipReason(step.frame(), inputs), inputs.encode());
            }
            price = outcome.output();
        }
        if (price.abs().compareTo(Money.LIMIT) >= 0) {
            return skipped(item, current, currentCompareAt, "the proposed price " + price.toPlainString() + " " + currency
                    + " is beyond the largest price Calibrate holds (" + Money.LIMIT_TEXT + ")",
                    inputs(view, because, map, "", traces));
        }
        BigDecimal delta = price.subtract(current);
        BigDecimal deltaPercent = delta.multiply(HUNDRED).divide(current, 2, RoundingMode.HALF_EVEN);
        if (deltaPercent.compareTo(EvaluationResult.DELTA_PERCENT_LIMIT) >= 0) {
            return skipped(item, current, currentCompareAt, "the proposed price " + price.toPlainString() + " " + currency
                    + " is a hundred million times the current price or more", inputs(view, because, map, "", traces));
        }
        BigDecimal proposedCompareAt = switch (rule.compareAt()) {
            case KEEP -> currentCompareAt;
            case CLEAR -> null;
            case SET_TO_CURRENT -> price.compareTo(current) < 0 ? current : currentCompareAt;
        };
        String checks = guardrails.check(current, price, view.cost(), map);
        boolean changes = price.compareTo(current) != 0 || !Objects.equals(proposedCompareAt, currentCompareAt);
        Status status;
        List<String> reasons;
        if (!changes) {
            status = Status.NO_CHANGE;
            reasons = List.of("the proposed price is the current price");
        } else if (checks.indexOf(ExplainInputs.FAIL) >= 0) {
            status = Status.BLOCKED;
            reasons = guardrails.broken(checks, view.cost(), map);
        } else {
            status = Status.CHANGE;
            reasons = List.of();
        }
        return new PreviewItem(item.productId(), item.sku(), currency, current, price, delta, deltaPercent,
                currentCompareAt, proposedCompareAt, status, reasons, inputs(view, because, map, checks, traces));
    }

    private static String inputs(ItemView view, BitSet because, BigDecimal map, String checks, List<StepInput> traces) {
        return new ExplainInputs(because, view.cost(), view.costElsewhere(), map, checks, traces).encode();
    }

    private PreviewItem skipped(CatalogItem item, BigDecimal current, BigDecimal compareAt, String reason, String inputs) {
        return new PreviewItem(item.productId(), item.sku(), currency, current, null, null, null, compareAt, compareAt,
                Status.SKIPPED, List.of(reason), inputs);
    }

    private static Summary summarise(List<PreviewItem> items) {
        Map<Status, Integer> counts = new EnumMap<>(Status.class);
        for (Status s : Status.values()) counts.put(s, 0);
        List<BigDecimal> deltas = new ArrayList<>();
        for (PreviewItem item : items) {
            counts.merge(item.status(), 1, Integer::sum);
            if (item.deltaPercent() != null) deltas.add(item.deltaPercent());
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

    /** One item as the compiled rule reads it: its amounts in the rule's currency, each looked up once. */
    final class ItemView {
        private final CatalogItem item;
        private List<String> lowerTags;
        private List<String> channels;

        ItemView(CatalogItem item) {
            this.item = item;
        }

        CatalogItem item() {
            return item;
        }

        String productIdText() {
            return item.productId().toString();
        }

        BigDecimal price() {
            Money price = item.prices().get(currency);
            return price == null ? null : price.amount();
        }

        BigDecimal compareAt() {
            Money compareAt = item.compareAt().get(currency);
            return compareAt == null ? null : compareAt.amount();
        }

        /** The cost in the rule's currency; null when there is none or it is in another. */
        BigDecimal cost() {
            return item.cost() != null && item.cost().currency().equals(currency) ? item.cost().amount() : null;
        }

        /** The currency of a cost that is not in the rule's; null otherwise. */
        String costElsewhere() {
            return item.cost() != null && !item.cost().currency().equals(currency) ? item.cost().currency() : null;
        }

        BigDecimal map() {
            return item.map() != null && item.map().currency().equals(currency) ? item.map().amount() : null;
        }

        List<String> lowerTags() {
            if (lowerTags == null) {
                lowerTags = item.tags().stream().map(tag -> tag.toLowerCase(Locale.ROOT)).toList();
            }
            return lowerTags;
        }

        List<String> channels() {
            if (channels == null) {
                channels = List.copyOf(item.channels());
            }
            return channels;
        }

        List<Observation> fresh(Duration maxAge) {
            return competitors.fresh(item.productId(), currency, maxAge, now);
        }

        BigDecimal lowestCompetitorPrice() {
            return fresh(competitorMaxAge).stream().map(o -> o.price().amount()).min(Comparator.naturalOrder())
                    .orElse(null);
        }
    }
}
