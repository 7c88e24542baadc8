package dev.calibrate.kernel.competitor;

import dev.calibrate.kernel.message.DomainEvent;
import dev.calibrate.kernel.message.TenantCommand;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Competitors a tenant watches and the prices seen at them. Observations are events, so "which
 * competitor prices did we know at time T" is answered by the event store; every event names the
 * competitor as its audit entity.
 */
public final class CompetitorMessages {

    private CompetitorMessages() {
    }

    /** {@code domain} arrives normalised (trimmed, lower case); {@code competitorId} is derived from it. */
    public record RegisterCompetitor(@TargetAggregateIdentifier CompetitorId competitorId, TenantId tenantId,
                                     String name, String domain) implements TenantCommand {
    }

    /**
     * Records one posted batch: its accepted observations and, for the audit trail, which items were
     * rejected and why. Handled by the competitor, which starts the batch's own event stream.
     */
    public record RecordObservations(@TargetAggregateIdentifier CompetitorId competitorId, TenantId tenantId,
                                     ObservationBatchId batchId, int submitted, List<Observation> accepted,
                                     List<RejectedObservation> rejected) implements TenantCommand {
    }

    /**
     * A competitor's price for one product. {@code index} is the item's position in the posted batch;
     * {@code inStock} false means the competitor could not sell at that price, so it does not compete.
     */
    public record Observation(int index, ProductId productId, String sku, Money price, Instant observedAt,
                              String url, boolean inStock) {
    }

    /** An item of a batch that was not recorded: {@code field} names the offending input. */
    public record RejectedObservation(int index, String field, String reason) {
    }

    public sealed interface CompetitorEvent extends DomainEvent {
        CompetitorId competitorId();

        @Override
        default String entityType() {
            return "competitor";
        }

        @Override
        default String entityId() {
            return competitorId().toString();
        }
    }

    public record CompetitorRegistered(CompetitorId competitorId, TenantId tenantId, String name, String domain)
            implements CompetitorEvent {
    }

    /**
     * Opens a batch: how many items were posted and accepted, in how many {@link CompetitorPricesObserved}
     * parts the accepted ones follow (in the same transaction), and the rejected items.
     */
    public record ObservationBatchRecorded(ObservationBatchId batchId, TenantId tenantId, CompetitorId competitorId,
                                           int submitted, int accepted, int parts,
                                           List<RejectedObservation> rejected) implements CompetitorEvent {
    }

    /** Part {@code part} (from 0) of a batch's accepted observations, at most {@value #MAX_PER_PART} of them. */
    public record CompetitorPricesObserved(ObservationBatchId batchId, TenantId tenantId, CompetitorId competitorId,
                                           int part, List<Observation> observations) implements CompetitorEvent {
        public static final int MAX_PER_PART = 1000;
    }

    /** Which of these products exist in the tenant; answers {@code List<ProductRef>}. */
    public record FindProductRefs(TenantId tenantId, List<ProductId> productIds, List<String> skus) {
    }

    public record ProductRef(ProductId productId, String sku) {
    }

    /**
     * The observations a preview at {@code asOf} may use: per competitor, product and currency the
     * latest one observed at or before {@code asOf} and no earlier than {@code maxAge} before it,
     * left out when that competitor was out of stock. Answers {@code List<CompetitorPrice>}.
     */
    public record FindCompetitorPrices(TenantId tenantId, Instant asOf, Duration maxAge) {
    }

    /** {@code competitor} names it as people read it: "name (domain)". */
    public record CompetitorPrice(ProductId productId, String competitor, Money price, Instant observedAt) {
    }

    /**
     * Answers {@code true} once the competitor read model has processed the event-store
     * {@code position}, so a preview right after posting observations uses them.
     */
    public record AwaitCompetitors(long position) {
    }
}
