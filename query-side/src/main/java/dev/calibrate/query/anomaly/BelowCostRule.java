package dev.calibrate.query.anomaly;

import dev.calibrate.kernel.anomaly.PriceMoves;
import dev.calibrate.kernel.anomaly.PriceMoves.Tense;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.query.anomaly.AnomalyApi.Anomaly;
import dev.calibrate.query.anomaly.AnomalyApi.AnomalyKind;
import dev.calibrate.kernel.anomaly.ProposedAnomaly.Severity;
import dev.calibrate.query.anomaly.ProductHistory.CostSet;
import dev.calibrate.query.anomaly.ProductHistory.Fact;
import dev.calibrate.query.anomaly.ProductHistory.PriceSet;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A price below the product's cost (in the cost's currency). Critical: each sale loses money. Reported
 * are the events in the period that made it so (every price set below the cost, and a cost raised
 * above a price that was not below the old one), and a price still below cost at {@code to} whose
 * condition began before the period, at the event that began it (so each stretch below cost shows in
 * every period it lasts into, once).
 */
final class BelowCostRule implements AnomalyRule {

    @Override
    public AnomalyKind kind() {
        return AnomalyKind.BELOW_COST;
    }

    @Override
    public List<Anomaly> find(ProductHistory history, Instant from, Instant to) {
        List<Anomaly> found = new ArrayList<>();
        CostSet cost = null;
        Map<String, PriceSet> prices = new TreeMap<>();
        // per currency, when its price went below the cost and has stayed there since
        Map<String, Instant> belowSince = new HashMap<>();
        for (Fact fact : history.facts()) {
            if (fact instanceof PriceSet set) {
                String currency = set.price().currency();
                prices.put(currency, set);
                if (below(set.price(), cost)) {
                    belowSince.putIfAbsent(currency, set.at());
                    if (AnomalyRule.within(set.at(), from, to)) {
                        found.add(anomaly(history, set, cost, set.at()));
                    }
                } else {
                    belowSince.remove(currency);
                }
            } else if (fact instanceof CostSet raised) {
                CostSet before = cost;
                cost = raised;
                for (PriceSet price : prices.values()) {
                    String currency = price.price().currency();
                    if (!below(price.price(), raised)) {
                        belowSince.remove(currency);
                    } else if (!below(price.price(), before)) {
                        belowSince.put(currency, raised.at());
                        if (AnomalyRule.within(raised.at(), from, to)) {
                            found.add(anomaly(history, price, raised, raised.at()));
                        }
                    }
                }
            }
        }
        // still below at `to` since before the period: the event that began it was in no earlier report of this one
        for (Map.Entry<String, Instant> open : new TreeMap<>(belowSince).entrySet()) {
            if (open.getValue().isBefore(from)) {
                found.add(anomaly(history, prices.get(open.getKey()), cost, open.getValue()));
            }
        }
        return found;
    }

    private static boolean below(Money price, CostSet cost) {
        return cost != null && PriceMoves.belowCost(price, cost.cost());
    }

    private Anomaly anomaly(ProductHistory history, PriceSet price, CostSet cost, Instant at) {
        String reason = PriceMoves.belowCostReason(Tense.PAST, price.price(), cost.cost());
        return new Anomaly(kind(), Severity.CRITICAL, history.productId().value(), price.price().currency(), at,
                price.price().amount().toPlainString(), reason, null,
                List.of(AnomalyRule.evidence("price", price.ref(), price.price()),
                        AnomalyRule.evidence("cost", cost.ref(), cost.cost())));
    }
}
