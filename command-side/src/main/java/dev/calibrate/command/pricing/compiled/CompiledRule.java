package dev.calibrate.command.pricing.compiled;

import dev.calibrate.command.anomaly.PreviewAnomalies;
import dev.calibrate.command.catalog.CatalogColumns;
import dev.calibrate.command.priorprice.PriorPrices;
import dev.calibrate.command.pricing.CompetitorObservations;
import dev.calibrate.command.pricing.Deadline;
import dev.calibrate.command.pricing.EvaluationOverBudget;
import dev.calibrate.command.pricing.EvaluationResult;
import dev.calibrate.command.pricing.PricingEngine;
import dev.calibrate.command.pricing.Rule;
import dev.calibrate.command.pricing.EvaluationResult.Status;
import dev.calibrate.command.pricing.EvaluationResult.Summary;
import dev.calibrate.kernel.anomaly.ProposedAnomaly;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.BrandFloors.BrandFloor;
import dev.calibrate.kernel.pricechange.ExplainFrame;
import dev.calibrate.kernel.pricechange.ExplainInputs;
import dev.calibrate.kernel.pricechange.ExplainInputs.StepInput;
import dev.calibrate.kernel.priorprice.ItemPriorPrice;
import dev.calibrate.kernel.priorprice.PriorPrice;
import dev.calibrate.kernel.tenant.TenantPolicy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * A rule compiled once for one preview: selector, steps and guardrails worked out against the
 * rule's currency and the tenant's policy, so that per item the evaluation only compares and
 * computes amounts. It gives exactly the {@link PricingEngine}'s prices, statuses and reasons, and
 * the same explain once rendered from the {@link #frame()} and each item's {@link ExplainInputs}
 * (a property test holds the two to it); it writes no explain text per item.
 */
public final class CompiledRule {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    /** A cut not below the prior price may not be announced: the item sets no compare-at. */
    public static final String NO_GENUINE_REDUCTION = "omnibus: no genuine reduction";
    /** No price was in effect during the window (the history has none yet): nothing to announce from. */
    public static final String NO_PRIOR_PRICE = "omnibus: no prior price in the window, no reduction announced";
    /** A kept compare-at above the prior price would announce a reduction from too high a reference. */
    public static final String COMPARE_AT_CAPPED = "omnibus: compare-at capped at the prior price";

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
    private final PreviewAnomalies anomalies;
    /** The EU prior-price rule's prior prices when it holds for the rule's currency; null when it does not. */
    private final PriorPrices priorPrices;

    public CompiledRule(Rule rule, TenantPolicy policy, CompetitorObservations competitors, Instant now,
                        Deadline deadline) {
        this(rule, policy, competitors, now, deadline, PreviewAnomalies.NONE);
    }

    /** {@code anomalies} judges each item that changes; it never changes a price, a status or the hash. */
    public CompiledRule(Rule rule, TenantPolicy policy, CompetitorObservations competitors, Instant now,
                        Deadline deadline, PreviewAnomalies anomalies) {
        this(rule, policy, competitors, now, deadline, anomalies, null);
    }

    /**
     * {@code priorPrices}: with the EU prior-price rule on for the rule's currency, each product's prior
     * price (docs/prior-price.md); {@code compareAt: set_to_current} then announces a cut only below it,
     * with it as the compare-at. Null: the rule is off.
     */
    public CompiledRule(Rule rule, TenantPolicy policy, CompetitorObservations competitors, Instant now,
                        Deadline deadline, PreviewAnomalies anomalies, PriorPrices priorPrices) {
        this.priorPrices = priorPrices;
        this.anomalies = Objects.requireNonNull(anomalies, "anomalies");
        this.rule = rule;
        this.currency = rule.currency();
        this.competitors = competitors;
        this.now = Objects.requireNonNull(now, "now");
        this.deadline = deadline;
        this.competitorMaxAge = rule.competitorMaxAge();
        this.selector = new CompiledSelector(rule.selector(), currency, deadline);
        this.steps = rule.transform().stream().map(step -> new CompiledStep(step, currency, policy)).toList();
        this.guardrails = new CompiledGuardrails(policy, currency);
        this.frame = new ExplainFrame(currency, selector.units(), steps.stream().map(CompiledStep::frame).toList(),
                guardrails.frames());
    }

    /** What every item's explain shares. */
    public ExplainFrame frame() {
        return frame;
    }

    /**
     * Evaluates the rule over the active products of {@code catalog}, reading its columns; throws
     * {@link EvaluationOverBudget} once the deadline has passed.
     */
    public PreviewEvaluation evaluate(CatalogColumns catalog) {
        ItemView.Reading reading = new ItemView.Reading(catalog, currency, competitors, competitorMaxAge, now);
        // a catalog holds each product once: its rows only need sorting, as the engine sorts the ids' texts
        int[] rows = IntStream.of(catalog.activeRows()).boxed()
                .sorted((a, b) -> byIdText(catalog, a, b))
                .mapToInt(Integer::intValue).toArray();
        // rows are independent and the compiled rule holds no per-item state: a parallel stream keeps the order
        List<PreviewItem> items = IntStream.of(rows).parallel()
                .mapToObj(row -> {
                    deadline.check();
                    ItemView view = new ItemView(reading, row);
                    BitSet because = new BitSet();
                    return selector.matches(view, because) ? evaluate(view, because) : null;
                })
                .filter(Objects::nonNull)
                .toList();
        return new PreviewEvaluation(frame, items, summarise(items), PreviewHash.of(frame, items));
    }

    /** Rows in the order of their product ids' text, without writing the text: the UUID's bits, unsigned. */
    private static int byIdText(CatalogColumns catalog, int a, int b) {
        int c = Long.compareUnsigned(catalog.idHigh(a), catalog.idHigh(b));
        return c != 0 ? c : Long.compareUnsigned(catalog.idLow(a), catalog.idLow(b));
    }

    private PreviewItem evaluate(ItemView view, BitSet because) {
        BigDecimal currentCompareAt = view.compareAt();
        BigDecimal current = view.price();
        BrandFloor brand = guardrails.enforcesMap() ? view.brandFloor() : null;
        List<StepInput> traces = new ArrayList<>(steps.size());
        if (current == null) {
            return skipped(view, null, currentCompareAt, "no price in " + currency, inputs(view, because, brand, "", traces));
        }
        if (current.signum() <= 0) {
            return skipped(view, current, currentCompareAt, "the current price " + current.toPlainString() + " "
                    + currency + " is not a price", inputs(view, because, brand, "", traces));
        }
        BigDecimal price = current;
        for (CompiledStep step : steps) {
            StepInput outcome = step.apply(price, view, brand);
            traces.add(outcome);
            if (outcome.output() == null) {
                ExplainInputs inputs = new ExplainInputs(because, view.cost(), view.costElsewhere(), brand, "", traces);
                return skipped(view, current, currentCompareAt, frame.skipReason(step.frame(), inputs), inputs.encode());
            }
            price = outcome.output();
        }
        if (price.abs().compareTo(Money.LIMIT) >= 0) {
            return skipped(view, current, currentCompareAt, "the proposed price " + price.toPlainString() + " " + currency
                    + " is beyond the largest price Calibrate holds (" + Money.LIMIT_TEXT + ")",
                    inputs(view, because, brand, "", traces));
        }
        BigDecimal delta = price.subtract(current);
        BigDecimal deltaPercent = delta.multiply(HUNDRED).divide(current, 2, RoundingMode.HALF_EVEN);
        if (deltaPercent.compareTo(EvaluationResult.DELTA_PERCENT_LIMIT) >= 0) {
            return skipped(view, current, currentCompareAt, "the proposed price " + price.toPlainString() + " " + currency
                    + " is a hundred million times the current price or more", inputs(view, because, brand, "", traces));
        }
        PriorPrice prior = priorPrices == null ? null : priorPrices.of(view.productId());
        if (prior != null) {
            prior = prior.notAbove(current);
        }
        boolean cut = price.compareTo(current) < 0;
        String omnibus = null;
        BigDecimal proposedCompareAt = switch (rule.compareAt()) {
            case KEEP -> currentCompareAt;
            case CLEAR -> null;
            case SET_TO_CURRENT -> {
                if (!cut) {
                    yield currentCompareAt;
                } else if (priorPrices == null) {
                    yield current;
                } else if (prior == null) {
                    omnibus = NO_PRIOR_PRICE;
                    yield null;
                } else if (!prior.genuinelyReducedBy(price)) {
                    omnibus = NO_GENUINE_REDUCTION;
                    yield null;
                } else {
                    yield prior.amount().setScale(current.scale(), RoundingMode.FLOOR);
                }
            }
        };
        if (prior != null && proposedCompareAt != null && proposedCompareAt.compareTo(price) > 0) {
            // any compare-at that announces a reduction (kept, or set_to_current's on a non-cut) is held to the
            // prior price: capped at it, or cleared when the price is not below it
            BigDecimal cap = prior.amount().setScale(current.scale(), RoundingMode.FLOOR);
            if (proposedCompareAt.compareTo(cap) > 0) {
                if (prior.genuinelyReducedBy(price) && cap.compareTo(price) > 0) {
                    proposedCompareAt = cap;
                    omnibus = COMPARE_AT_CAPPED;
                } else {
                    proposedCompareAt = null;
                    omnibus = NO_GENUINE_REDUCTION;
                }
            }
        }
        ItemPriorPrice itemPrior = prior == null ? null : ItemPriorPrice.of(prior, price, current.scale());
        String checks = guardrails.check(current, price, view.cost(), brand);
        boolean changes = price.compareTo(current) != 0 || !Objects.equals(proposedCompareAt, currentCompareAt);
        Status status;
        List<String> reasons;
        if (!changes) {
            status = Status.NO_CHANGE;
            reasons = List.of("the proposed price is the current price");
        } else if (checks.indexOf(ExplainInputs.FAIL) >= 0) {
            status = Status.BLOCKED;
            reasons = guardrails.broken(checks, view.cost(), brand);
        } else {
            status = Status.CHANGE;
            reasons = List.of();
        }
        if (omnibus != null) {
            reasons = new ArrayList<>(reasons);
            reasons.add(omnibus);
        }
        List<ProposedAnomaly> unusual = status == Status.CHANGE
                ? anomalies.of(view.columns(), view.row(), view.currencyCode(), currency, current, price, view.cost())
                : List.of();
        return new PreviewItem(view.productId(), view.sku(), currency, current, price, delta, deltaPercent,
                currentCompareAt, proposedCompareAt, status, reasons, inputs(view, because, brand, checks, traces),
                unusual, itemPrior);
    }

    private static String inputs(ItemView view, BitSet because, BrandFloor brand, String checks, List<StepInput> traces) {
        return new ExplainInputs(because, view.cost(), view.costElsewhere(), brand, checks, traces).encode();
    }

    private PreviewItem skipped(ItemView view, BigDecimal current, BigDecimal compareAt, String reason, String inputs) {
        return new PreviewItem(view.productId(), view.sku(), currency, current, null, null, null, compareAt, compareAt,
                Status.SKIPPED, List.of(reason), inputs);
    }

    private static Summary summarise(List<PreviewItem> items) {
        return Summary.of(items, PreviewItem::status, PreviewItem::deltaPercent);
    }
}
