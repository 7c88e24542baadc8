package dev.calibrate.command.pricechange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.command.anomaly.PreviewAnomalies;
import dev.calibrate.command.anomaly.PriceMoveFloor;
import dev.calibrate.command.catalog.CatalogColumns;
import dev.calibrate.command.catalog.PreviewCatalogs;
import dev.calibrate.command.pricechange.approval.ChangeSizes;
import dev.calibrate.command.priorprice.PriorPriceReader;
import dev.calibrate.command.priorprice.PriorPrices;
import dev.calibrate.command.pricing.CompetitorObservations;
import dev.calibrate.command.pricing.Deadline;
import dev.calibrate.command.pricing.compiled.CompiledRule;
import dev.calibrate.command.pricing.EvaluationResult.Status;
import dev.calibrate.command.pricing.compiled.PreviewEvaluation;
import dev.calibrate.command.pricing.compiled.PreviewItem;
import dev.calibrate.command.pricing.Rule;
import dev.calibrate.command.pricing.RuleParser;
import dev.calibrate.kernel.competitor.CompetitorMessages.CompetitorPrice;
import dev.calibrate.kernel.competitor.CompetitorMessages.FindCompetitorPrices;
import dev.calibrate.kernel.pricechange.ExplainFrame;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PreviewSummary;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.ApprovalThresholds.ApprovalNeed;
import dev.calibrate.kernel.tenant.ApprovalThresholds.ChangeSize;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantPolicy;
import dev.calibrate.schemas.SchemaRegistry;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs the rule, compiled once ({@link CompiledRule}, exactly the pricing engine), over the columns of
 * the tenant's catalog (this node's copy, see {@link PreviewCatalogs}; no product is made whole) and
 * the competitor prices with the tenant's current policy. Each read takes a pooled connection only while it reads; the evaluation holds none,
 * so however long a rule takes, it never starves other tenants of connections. Competitor prices are
 * loaded only when the rule looks at them, and only as far back as it can use them; the prior prices of
 * the EU prior-price rule only when the tenant's policy has it on for the rule's currency.
 */
@Component
class PreviewCalculator {

    /**
     * A rule evaluated over the catalog, with the frame its items' explains render with and the
     * channels each product is linked to now. {@code hash} is over the items in product id order;
     * {@code items} are in run order ({@link #inRunOrder}), which is the order they are stored, paged
     * and applied in.
     */
    record Computed(JsonNode rule, String hash, PreviewSummary summary, ExplainFrame frame, List<PreviewItem> items,
                    Map<ProductId, Set<String>> channels, ChangeSize size, ApprovalNeed approvalNeed) {

        /** A preview that passes no approval threshold. */
        Computed(JsonNode rule, String hash, PreviewSummary summary, ExplainFrame frame, List<PreviewItem> items,
                 Map<ProductId, Set<String>> channels) {
            this(rule, hash, summary, frame, items, channels, null, null);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(PreviewCalculator.class);

    private final QueryGateway queries;
    private final PreviewCatalogs catalogs;
    private final TenantPolicies policies;
    private final RuleParser rules;
    private final PriceMoveFloor floor;
    private final PriorPriceReader priorPrices;

    PreviewCalculator(QueryGateway queries, PreviewCatalogs catalogs, TenantPolicies policies,
                      SchemaRegistry schemas, PriceMoveFloor floor, PriorPriceReader priorPrices) {
        this.floor = floor;
        this.priorPrices = priorPrices;
        this.queries = queries;
        this.catalogs = catalogs;
        this.policies = policies;
        this.rules = new RuleParser(schemas);
    }

    /** Throws {@link dev.calibrate.command.pricing.EvaluationOverBudget} once {@code deadline} has passed. */
    Computed compute(TenantId tenantId, JsonNode rule, Instant now, Deadline deadline) {
        long started = System.nanoTime();
        Rule parsed = rules.parse(rule);
        CatalogColumns columns = catalogs.snapshot(tenantId, deadline);
        deadline.check();
        CompetitorObservations competitors = competitors(tenantId, parsed, now);
        TenantPolicy policy = policies.of(tenantId);
        PriorPrices prior = policy.priorPriceRule().covers(parsed.currency())
                ? priorPrices.read(tenantId, parsed.currency(), now, policy.priorPriceRule(), policies.timeZone(tenantId),
                        deadline)
                : null;
        deadline.check();
        long loaded = System.nanoTime();
        PreviewEvaluation result = new CompiledRule(parsed, policy, competitors, now, deadline,
                new PreviewAnomalies(floor.fraction(), now), prior).evaluate(columns);
        log.info("Preview of {} products: {} selected; catalog and competitor prices {} ms, evaluation {} ms",
                columns.activeRows().length, result.items().size(), (loaded - started) / 1_000_000,
                (System.nanoTime() - loaded) / 1_000_000);
        // the hash was taken over the items in product id order (approvals bind to it); only the run reorders them
        ChangeSize size = ChangeSizes.of(result.items(), parsed.currency());
        return new Computed(rule, result.contentHash(), summary(result), result.frame(),
                inRunOrder(result.items(), columns.channelGroupsOfActive()), columns.channelsOfActive(), size,
                policy.approvalThresholds().assess(size).orElse(null));
    }

    /**
     * The items in the order a run applies them: product id order, except that the items of one channel
     * group (the variants of one Shopify product, each its own Calibrate product) follow each other at
     * the place of the group's first item. A run applies its items a chunk at a time in this order and
     * a channel writes back the variants of one of its products together when they change within a
     * short window (the Shopify sibling window): scattered over the run, most would miss it.
     */
    static List<PreviewItem> inRunOrder(List<PreviewItem> items, Map<ProductId, String> groups) {
        if (groups.isEmpty()) {
            return items;
        }
        Map<String, List<PreviewItem>> grouped = new HashMap<>();
        for (PreviewItem item : items) {
            String group = groups.get(item.productId());
            if (group != null) grouped.computeIfAbsent(group, key -> new ArrayList<>(4)).add(item);
        }
        List<PreviewItem> ordered = new ArrayList<>(items.size());
        for (PreviewItem item : items) {
            String group = groups.get(item.productId());
            if (group == null) {
                ordered.add(item);
            } else {
                List<PreviewItem> variants = grouped.remove(group);
                if (variants != null) ordered.addAll(variants);
            }
        }
        return ordered;
    }

    private static PreviewSummary summary(PreviewEvaluation result) {
        Map<Status, Integer> counts = result.summary().counts();
        int anomalous = 0;
        for (PreviewItem item : result.items()) if (!item.anomalies().isEmpty()) anomalous++;
        return new PreviewSummary(result.items().size(), counts.get(Status.CHANGE), counts.get(Status.NO_CHANGE),
                counts.get(Status.BLOCKED), counts.get(Status.SKIPPED), result.summary().minDeltaPercent(),
                result.summary().medianDeltaPercent(), result.summary().maxDeltaPercent(), anomalous);
    }

    /** The latest competing price per competitor, product and currency within the rule's window. */
    private CompetitorObservations competitors(TenantId tenantId, Rule rule, Instant now) {
        Optional<Duration> window = rule.competitorWindow();
        if (window.isEmpty()) {
            return CompetitorObservations.none();
        }
        return CompetitorObservations.of(queries.query(new FindCompetitorPrices(tenantId, now, window.get()),
                ResponseTypes.multipleInstancesOf(CompetitorPrice.class)).join());
    }
}
