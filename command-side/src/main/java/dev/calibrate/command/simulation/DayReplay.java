package dev.calibrate.command.simulation;

import dev.calibrate.command.anomaly.PreviewAnomalies;
import dev.calibrate.command.catalog.CatalogColumns;
import dev.calibrate.command.pricing.CompetitorObservations;
import dev.calibrate.command.pricing.CompetitorObservations.Observation;
import dev.calibrate.command.pricing.Deadline;
import dev.calibrate.command.pricing.EvaluationResult.Status;
import dev.calibrate.command.pricing.Rule;
import dev.calibrate.command.pricing.compiled.CompiledRule;
import dev.calibrate.command.pricing.compiled.PreviewItem;
import dev.calibrate.command.priorprice.PriorPriceReader;
import dev.calibrate.command.priorprice.PriorPrices;
import dev.calibrate.kernel.competitor.CompetitorMessages.CompetitorPrice;
import dev.calibrate.kernel.competitor.CompetitorMessages.FindCompetitorPrices;
import dev.calibrate.kernel.priorprice.PriceSpell;
import dev.calibrate.kernel.priorprice.PriorPriceMessages.FindPriceHistory;
import dev.calibrate.kernel.priorprice.PriorPriceMessages.PriceHistory;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantPolicy;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One day of a simulation: the rule evaluated, exactly as a preview evaluates it ({@link CompiledRule}), over
 * the catalog as it was at one instant ({@link CatalogAsOf}: each product's price in effect then, from the
 * price history read model, and the details, active flag and brand floors then of the products that changed
 * since) under the tenant's policy as it was then, with the competitor prices observed as of then (each competitor's latest at or
 * before the instant, within the rule's window) and, with the EU prior-price rule on, the prior prices as of
 * then. Plus where each product's price stood among the competitors' before and after the rule.
 */
@Component
class DayReplay {

    /** A day's selected items, each with the lowest fresh competitor price, and its counts. */
    record Replayed(List<SimulatedItem> items, DayCounts counts) {
    }

    /** An item of the day: the engine's, and the lowest fresh competing price (null: none). */
    record SimulatedItem(PreviewItem item, BigDecimal competitorLowest) {
    }

    private final QueryGateway queries;
    private final PriorPriceReader priorPrices;
    DayReplay(QueryGateway queries, PriorPriceReader priorPrices) {
        this.queries = queries;
        this.priorPrices = priorPrices;
    }

    /**
     * Throws {@link dev.calibrate.command.pricing.EvaluationOverBudget} once {@code deadline} has passed.
     * {@code current}: the catalog now, whose products' other fields stand in for theirs then unless
     * {@code history} has them as of {@code at}; the policy is {@code history}'s as of {@code at}. {@code zone}:
     * the simulation's (stored as it started), whose days the prior prices are counted in, as its days are.
     */
    Replayed replay(TenantId tenantId, Rule rule, CatalogColumns current, CatalogHistory history, ZoneId zone,
                    Instant at, Deadline deadline) {
        String currency = rule.currency();
        CatalogColumns then = CatalogAsOf.of(tenantId, current, currency, pricesAt(tenantId, currency, at, deadline),
                history, at);
        deadline.check();
        Duration window = rule.competitorWindow().orElse(rule.competitorMaxAge());
        CompetitorObservations seen = competitors(tenantId, at, window);
        TenantPolicy policy = history.policyAt(at);
        PriorPrices prior = policy.priorPriceRule().covers(currency)
                ? priorPrices.read(tenantId, currency, at, policy.priorPriceRule(), zone, deadline) : null;
        deadline.check();
        CompetitorObservations forRule = rule.competitorWindow().isPresent() ? seen : CompetitorObservations.none();
        List<PreviewItem> items = new CompiledRule(rule, policy, forRule, at, deadline, PreviewAnomalies.NONE, prior)
                .evaluate(then).items();
        return positioned(rule, then, seen, at, items);
    }

    private static Replayed positioned(Rule rule, CatalogColumns then, CompetitorObservations seen, Instant at,
                                       List<PreviewItem> items) {
        String currency = rule.currency();
        Map<ProductId, PreviewItem> selected = new HashMap<>(items.size() * 2);
        for (PreviewItem item : items) selected.put(item.productId(), item);
        DayCounts.Builder counts = new DayCounts.Builder();
        int code = then.currencyCode(currency);
        List<SimulatedItem> simulated = new ArrayList<>(items.size());
        // every row has a price in the currency (CatalogAsOf keeps no other), so there is a code when there are rows
        for (int row : code < 0 ? new int[0] : then.activeRows()) {
            ProductId id = then.productId(row);
            BigDecimal before = BigDecimal.valueOf(then.unscaledPrice(row, code), then.scale(code));
            List<Observation> fresh = seen.fresh(id, currency, rule.competitorMaxAge(), at);
            BigDecimal lowest = fresh.stream().map(o -> o.price().amount()).min(BigDecimal::compareTo).orElse(null);
            BigDecimal highest = fresh.stream().map(o -> o.price().amount()).max(BigDecimal::compareTo).orElse(null);
            PreviewItem item = selected.get(id);
            BigDecimal after = item != null && item.status() == Status.CHANGE ? item.proposedPrice() : before;
            counts.product(Position.of(before, lowest, highest), Position.of(after, lowest, highest), item);
        }
        for (PreviewItem item : items) {
            List<Observation> fresh = seen.fresh(item.productId(), currency, rule.competitorMaxAge(), at);
            simulated.add(new SimulatedItem(item,
                    fresh.stream().map(o -> o.price().amount()).min(BigDecimal::compareTo).orElse(null)));
        }
        return new Replayed(simulated, counts.build());
    }

    /** Each product's price spell in effect at {@code at}; a product with none had no price in the currency then. */
    private Map<ProductId, PriceSpell> pricesAt(TenantId tenantId, String currency, Instant at, Deadline deadline) {
        List<PriceHistory> histories;
        try {
            histories = queries.query(new FindPriceHistory(tenantId, currency, at, at, null, deadline.remaining()),
                    ResponseTypes.multipleInstancesOf(PriceHistory.class)).join();
        } catch (RuntimeException failed) {
            deadline.check();
            throw failed;
        }
        Map<ProductId, PriceSpell> prices = new HashMap<>(histories.size() * 2);
        for (PriceHistory history : histories) {
            PriceSpell held = null;
            for (PriceSpell spell : history.spells()) if (!spell.from().isAfter(at)) held = spell;
            if (held != null) prices.put(history.productId(), held);
        }
        return prices;
    }

    /** The latest in-stock price of each competitor, product and currency at or before {@code at}, within {@code window}. */
    private CompetitorObservations competitors(TenantId tenantId, Instant at, Duration window) {
        return CompetitorObservations.of(queries.query(new FindCompetitorPrices(tenantId, at, window),
                ResponseTypes.multipleInstancesOf(CompetitorPrice.class)).join());
    }
}
