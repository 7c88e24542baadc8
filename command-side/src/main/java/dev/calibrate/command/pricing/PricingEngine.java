package dev.calibrate.command.pricing;

import dev.calibrate.kernel.product.CatalogItem;
import dev.calibrate.kernel.tenant.TenantPolicy;
import dev.calibrate.kernel.pricechange.Explain;
import dev.calibrate.kernel.pricechange.Explain.GuardrailCheck;
import dev.calibrate.command.pricing.EvaluationResult.ItemResult;
import dev.calibrate.command.pricing.EvaluationResult.Status;
import dev.calibrate.kernel.pricechange.Explain.StepTrace;
import dev.calibrate.command.pricing.EvaluationResult.Summary;
import dev.calibrate.command.pricing.EvaluationResult.Verdict;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.ProductId;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Evaluates a rule over a catalog snapshot. Pure: the same inputs give the same result and hash,
 * whatever the order of the catalog or of the observations. With a {@link Deadline} it stops with
 * {@link EvaluationOverBudget} once the deadline has passed.
 */
public final class PricingEngine {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final Deadline deadline;

    public PricingEngine() {
        this(Deadline.NONE);
    }

    public PricingEngine(Deadline deadline) {
        this.deadline = deadline;
    }

    public EvaluationResult evaluate(Rule rule, TenantPolicy policy, List<CatalogItem> catalog,
                                     CompetitorObservations competitors, Instant now) {
        Objects.requireNonNull(now, "now");
        String currency = rule.currency();
        SelectorEvaluator selector = new SelectorEvaluator(currency, competitors, rule.competitorMaxAge(), now, deadline);
        StepContext context = StepContext.of(currency, competitors, now, policy);

        List<CatalogItem> ordered = new ArrayList<>(catalog);
        ordered.sort(Comparator.comparing(item -> item.productId().toString()));
        Set<ProductId> seen = new HashSet<>();
        for (CatalogItem item : ordered) {
            if (!seen.add(item.productId())) {
                throw new IllegalArgumentException("product " + item.productId() + " is in the catalog twice");
            }
        }
        // items are independent and the evaluators hold no state: a parallel stream keeps the order
        List<ItemResult> results = ordered.parallelStream()
                .filter(CatalogItem::active)
                .map(item -> {
                    deadline.check();
                    SelectorEvaluator.Match match = selector.evaluate(rule.selector(), item);
                    return match.matched() ? evaluateItem(rule, policy, item, match.because(), context) : null;
                })
                .filter(Objects::nonNull)
                .toList();
        return new EvaluationResult(results, summarise(results), ResultHash.of(results));
    }

    private static ItemResult evaluateItem(Rule rule, TenantPolicy policy, CatalogItem item, List<String> matched,
                                           StepContext context) {
        String currency = rule.currency();
        BigDecimal currentCompareAt = item.compareAt(currency).map(Money::amount).orElse(null);
        Optional<Money> currentPrice = item.price(currency);
        if (currentPrice.isEmpty()) {
            return skipped(item, currency, null, currentCompareAt, "no price in " + currency,
                    new Explain(matched, List.of(), List.of()));
        }
        BigDecimal current = currentPrice.get().amount();
        if (current.signum() <= 0) {
            // no percentage of it means anything, and a catalog should never hold it
            return skipped(item, currency, current, currentCompareAt,
                    "the current price " + current.toPlainString() + " " + currency + " is not a price",
                    new Explain(matched, List.of(), List.of()));
        }
        BigDecimal price = current;
        List<StepTrace> traces = new ArrayList<>();
        for (Step step : rule.transform()) {
            Step.Outcome outcome = step.apply(price, item, context);
            traces.add(new StepTrace(step.op(), price, outcome.output(), outcome.detail()));
            if (outcome.isSkipped()) {
                return skipped(item, currency, current, currentCompareAt, outcome.skipReason(),
                        new Explain(matched, traces, List.of()));
            }
            price = outcome.output();
        }
        if (price.abs().compareTo(Money.LIMIT) >= 0) {
            return skipped(item, currency, current, currentCompareAt, "the proposed price " + price.toPlainString()
                    + " " + currency + " is beyond the largest price Calibrate holds (" + Money.LIMIT_TEXT + ")",
                    new Explain(matched, traces, List.of()));
        }
        BigDecimal delta = price.subtract(current);
        BigDecimal deltaPercent = delta.multiply(HUNDRED).divide(current, 2, RoundingMode.HALF_EVEN);
        if (deltaPercent.compareTo(EvaluationResult.DELTA_PERCENT_LIMIT) >= 0) {
            return skipped(item, currency, current, currentCompareAt, "the proposed price " + price.toPlainString()
                    + " " + currency + " is a hundred million times the current price or more",
                    new Explain(matched, traces, List.of()));
        }
        BigDecimal proposedCompareAt = switch (rule.compareAt()) {
            case KEEP -> currentCompareAt;
            case CLEAR -> null;
            case SET_TO_CURRENT -> price.compareTo(current) < 0 ? current : currentCompareAt;
        };
        List<GuardrailCheck> guardrails = Guardrails.check(policy, item, currency, current, price,
                item.brandFloor(currency, context.now()).orElse(null));
        List<String> broken = Guardrails.broken(guardrails);
        boolean changes = price.compareTo(current) != 0 || !Objects.equals(proposedCompareAt, currentCompareAt);
        Verdict verdict = Verdict.of(changes, broken);
        return new ItemResult(item.productId(), item.sku(), currency, current, price, delta, deltaPercent,
                currentCompareAt, proposedCompareAt, verdict.status(), new ArrayList<>(verdict.reasons()),
                new Explain(matched, traces, guardrails));
    }

    private static ItemResult skipped(CatalogItem item, String currency, BigDecimal current, BigDecimal compareAt,
                                      String reason, Explain explain) {
        return new ItemResult(item.productId(), item.sku(), currency, current, null, null, null,
                compareAt, compareAt, Status.SKIPPED, List.of(reason), explain);
    }

    private static Summary summarise(List<ItemResult> items) {
        return Summary.of(items, ItemResult::status, ItemResult::deltaPercent);
    }
}
