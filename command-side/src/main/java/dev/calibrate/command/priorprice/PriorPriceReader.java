package dev.calibrate.command.priorprice;

import dev.calibrate.command.pricing.Deadline;
import dev.calibrate.kernel.priorprice.PriceSpell;
import dev.calibrate.kernel.priorprice.PriorPrice;
import dev.calibrate.kernel.priorprice.PriorPriceMessages.FindPriceHistory;
import dev.calibrate.kernel.priorprice.PriorPriceMessages.PriceHistory;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.PriorPriceRule;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Works out every product's prior price for a preview from the price history read model: one read of
 * the window (and the price in effect at its start) for the whole catalog, then, when the rule is
 * progressive, the whole history of the few products whose current price belongs to a live announced
 * reduction, since that campaign's own window may start long before this one.
 */
@Component
public class PriorPriceReader {

    private final QueryGateway queries;

    public PriorPriceReader(QueryGateway queries) {
        this.queries = queries;
    }

    /**
     * The prior prices; throws {@link dev.calibrate.command.pricing.EvaluationOverBudget} when the reads
     * cannot end within {@code deadline} (each is cancelled in the database when the budget runs out).
     */
    public PriorPrices read(TenantId tenantId, String currency, Instant at, PriorPriceRule rule, ZoneId zone,
                            Deadline deadline) {
        Instant start = PriorPrice.windowStart(at, rule.windowDays(), zone);
        List<PriceHistory> window = histories(new FindPriceHistory(tenantId, currency, start, at, null,
                deadline.remaining()), deadline);
        Map<ProductId, PriorPrice> prior = new HashMap<>(window.size() * 2);
        Set<ProductId> inCampaign = new HashSet<>();
        for (PriceHistory history : window) {
            List<PriceSpell> spells = history.spells();
            if (rule.progressive() && !spells.isEmpty() && spells.get(spells.size() - 1).announcesReduction()) {
                inCampaign.add(history.productId());
            } else {
                PriorPrice.of(spells, at, rule.windowDays(), zone).ifPresent(p -> prior.put(history.productId(), p));
            }
        }
        if (!inCampaign.isEmpty()) {
            for (PriceHistory history : histories(new FindPriceHistory(tenantId, currency, null, at, inCampaign,
                    deadline.remaining()), deadline)) {
                Optional<PriorPrice> found = PriorPrice.progressive(history.spells(), at, rule.windowDays(), zone);
                found.ifPresent(p -> prior.put(history.productId(), p));
            }
        }
        return new PriorPrices(prior);
    }

    private List<PriceHistory> histories(FindPriceHistory query, Deadline deadline) {
        deadline.check();
        try {
            return queries.query(query, ResponseTypes.multipleInstancesOf(PriceHistory.class)).join();
        } catch (RuntimeException failed) {
            // cancelled at the budget's end: the preview is over its budget, not failed
            deadline.check();
            throw failed;
        }
    }
}
