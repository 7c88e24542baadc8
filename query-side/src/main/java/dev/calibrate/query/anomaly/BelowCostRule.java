package dev.calibrate.query.anomaly;

import dev.calibrate.kernel.money.Money;
import dev.calibrate.query.anomaly.AnomalyApi.Anomaly;
import dev.calibrate.query.anomaly.AnomalyApi.AnomalyKind;
import dev.calibrate.query.anomaly.AnomalyApi.Severity;
import dev.calibrate.query.anomaly.ProductHistory.CostSet;
import dev.calibrate.query.anomaly.ProductHistory.Fact;
import dev.calibrate.query.anomaly.ProductHistory.PriceSet;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A price below the product's cost (in the cost's currency): every price set below it, and a cost
 * raised above a price that was not below the old one. Critical: each sale loses money. The anomaly
 * is the event that made it so; a price that stays below cost is not reported again in a later period.
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
        Map<String, PriceSet> prices = new HashMap<>();
        for (Fact fact : history.facts()) {
            if (fact instanceof PriceSet set) {
                prices.put(set.price().currency(), set);
                if (AnomalyRule.within(set.at(), from, to) && below(set.price(), cost)) {
                    found.add(anomaly(history, set, cost, set.at()));
                }
            } else if (fact instanceof CostSet raised) {
                CostSet before = cost;
                cost = raised;
                PriceSet price = raised.cost() == null ? null : prices.get(raised.cost().currency());
                if (price != null && AnomalyRule.within(raised.at(), from, to) && below(price.price(), raised)
                        && !below(price.price(), before)) {
                    found.add(anomaly(history, price, raised, raised.at()));
                }
            }
        }
        return found;
    }

    private static boolean below(Money price, CostSet cost) {
        return cost != null && cost.cost() != null && cost.cost().currency().equals(price.currency())
                && price.compareTo(cost.cost()) < 0;
    }

    private Anomaly anomaly(ProductHistory history, PriceSet price, CostSet cost, Instant at) {
        Money gap = new Money(cost.cost().amount().subtract(price.price().amount()), price.price().currency());
        // a cost of 0 (a negative price under it) has no percentage
        String percent = cost.cost().amount().signum() > 0
                ? " (" + AnomalyRule.number(-AnomalyRule.percentChange(cost.cost(), price.price())) + " % below)" : "";
        String reason = "priced " + AnomalyRule.money(price.price()) + ", " + gap.amount().toPlainString()
                + " under its cost of " + AnomalyRule.money(cost.cost()) + percent;
        return new Anomaly(kind(), Severity.CRITICAL, history.productId().value(), price.price().currency(), at,
                price.price().amount().toPlainString(), reason, null,
                List.of(AnomalyRule.evidence("price", price.ref(), price.price()),
                        AnomalyRule.evidence("cost", cost.ref(), cost.cost())));
    }
}
