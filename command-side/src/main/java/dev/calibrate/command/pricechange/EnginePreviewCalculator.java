package dev.calibrate.command.pricechange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.command.pricing.CompetitorObservations;
import dev.calibrate.command.pricing.EvaluationResult;
import dev.calibrate.command.pricing.EvaluationResult.Status;
import dev.calibrate.command.pricing.PricingEngine;
import dev.calibrate.command.pricing.RuleParser;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PreviewRecorded;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PreviewSummary;
import dev.calibrate.kernel.product.CatalogItem;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.FindCatalogSnapshot;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.schemas.SchemaRegistry;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs the pricing engine over the catalog snapshot with the tenant's current policy, and stores the
 * items in the same transaction as the preview event. Competitor observations arrive with issue 5.
 */
@Component
class EnginePreviewCalculator implements PreviewCalculator {

    private static final Logger log = LoggerFactory.getLogger(EnginePreviewCalculator.class);

    private final QueryGateway queries;
    private final TenantPolicies policies;
    private final PriceChangeItems items;
    private final RuleParser rules;
    private final PricingEngine engine = new PricingEngine();

    EnginePreviewCalculator(QueryGateway queries, TenantPolicies policies, PriceChangeItems items,
                            SchemaRegistry schemas) {
        this.queries = queries;
        this.policies = policies;
        this.items = items;
        this.rules = new RuleParser(schemas);
    }

    @Override
    public PreviewRecorded preview(PriceChangeId id, TenantId tenantId, JsonNode rule, Instant now) {
        long started = System.nanoTime();
        List<CatalogItem> catalog = queries.query(new FindCatalogSnapshot(tenantId),
                ResponseTypes.multipleInstancesOf(CatalogItem.class)).join();
        long loaded = System.nanoTime();
        EvaluationResult result = engine.evaluate(rules.parse(rule), policies.of(tenantId), catalog,
                CompetitorObservations.none(), now);
        long evaluated = System.nanoTime();
        Map<ProductId, Set<String>> channels = catalog.stream()
                .collect(Collectors.toMap(CatalogItem::productId, CatalogItem::channels));
        items.replace(tenantId, id, result.contentHash(), result.items(), channels);
        long stored = System.nanoTime();
        log.info("Preview of price change {}: {} of {} products selected; catalog {} ms, evaluation {} ms, storing {} ms",
                id, result.items().size(), catalog.size(), (loaded - started) / 1_000_000,
                (evaluated - loaded) / 1_000_000, (stored - evaluated) / 1_000_000);
        return new PreviewRecorded(result.contentHash(), summary(result));
    }

    private static PreviewSummary summary(EvaluationResult result) {
        Map<Status, Integer> counts = result.summary().counts();
        return new PreviewSummary(result.items().size(), counts.get(Status.CHANGE), counts.get(Status.NO_CHANGE),
                counts.get(Status.BLOCKED), counts.get(Status.SKIPPED), result.summary().minDeltaPercent(),
                result.summary().medianDeltaPercent(), result.summary().maxDeltaPercent());
    }
}
