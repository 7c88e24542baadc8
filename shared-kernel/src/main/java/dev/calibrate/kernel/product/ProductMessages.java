package dev.calibrate.kernel.product;

import dev.calibrate.kernel.message.DomainEvent;
import dev.calibrate.kernel.message.TenantCommand;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.Explain;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/** Commands, events and results of the Product aggregate (one sellable SKU). */
public final class ProductMessages {

    private ProductMessages() {
    }

    /**
     * Creates the product or brings it to this state. {@code active} null keeps the current flag
     * (new products start active). Currencies not listed in {@code prices} are left alone. When
     * {@code source} is a channel Calibrate writes to and the product is linked to it, a price a price
     * change set is never overwritten: a different one is ignored while Calibrate's write is pending,
     * and is a drift after (see {@code ChannelMessages}). When {@code source} is a channel
     * ({@code shopify}, {@code amazon}), its upsert replaces only that channel's entry of
     * {@code channelRefs}; a read-only channel (Amazon) leaves the details and the active flag of a
     * product a write-back channel is linked to as they are.
     */
    public record UpsertProduct(@TargetAggregateIdentifier ProductId productId, TenantId tenantId, String sku,
                                ProductDetails details, Boolean active, List<ObservedPrice> prices,
                                String source) implements TenantCommand {
    }

    public record DeactivateProduct(@TargetAggregateIdentifier ProductId productId, TenantId tenantId)
            implements TenantCommand {
    }

    public enum UpsertOutcome { CREATED, UPDATED, UNCHANGED }

    /** What an upsert did; {@code version} is the aggregate's last event sequence number. */
    public record UpsertResult(ProductId productId, UpsertOutcome outcome, long version) {
    }

    public sealed interface ProductEvent extends DomainEvent {
        ProductId productId();

        @Override
        default String entityType() {
            return "product";
        }

        @Override
        default String entityId() {
            return productId().toString();
        }
    }

    public record ProductCreated(ProductId productId, TenantId tenantId, String sku, ProductDetails details,
                                 boolean active) implements ProductEvent {
    }

    /** The descriptive fields changed; {@code changedFields} names them for the audit log. */
    public record ProductDetailsChanged(ProductId productId, TenantId tenantId, ProductDetails details,
                                        List<String> changedFields) implements ProductEvent {
    }

    public record ProductDeactivated(ProductId productId, TenantId tenantId) implements ProductEvent {
    }

    public record ProductReactivated(ProductId productId, TenantId tenantId) implements ProductEvent {
    }

    /**
     * Sets the product's brand floors in {@code currency} (MAP, PMAP with its window, LRP), replacing the ones
     * it had there; {@code floors} null clears them.
     */
    public record SetBrandFloors(@TargetAggregateIdentifier ProductId productId, TenantId tenantId, String currency,
                                 BrandFloors floors) {
    }

    /** The product's brand floors in {@code currency} are now {@code floors}; null: it has none there. */
    public record ProductBrandFloorsSet(ProductId productId, TenantId tenantId, String currency, BrandFloors floors)
            implements ProductEvent {
    }

    /** A price seen at {@code source} (e.g. {@code api}, {@code shopify}), not one Calibrate set. */
    public record ProductPriceObserved(ProductId productId, TenantId tenantId, Money price, Money compareAt,
                                       String source) implements ProductEvent {
    }

    /**
     * Sets the price a price change decided, unless the product's current price in that currency is
     * no longer {@code expectedPrice} (then it is a conflict), or, when {@code enforceMap} (the tenant
     * policy's, read when the run starts), {@code newPrice} is below the product's brand floor in force at
     * the apply instant (a conflict too). Answers a {@link PriceWriteOutcome}; sent twice for the same
     * change, it answers the first outcome again and changes nothing.
     */
    public record SetProductPrice(@TargetAggregateIdentifier ProductId productId, TenantId tenantId,
                                  PriceChangeId priceChangeId, Money expectedPrice, Money newPrice,
                                  Money newCompareAt, Explain explain, boolean enforceMap) implements TenantCommand {
    }

    /**
     * Puts back {@code restore}, the price and compare-at {@code priceChangeId} replaced (its run keeps
     * them), only if the current price is still {@code appliedPrice} as that change set it and, when
     * {@code enforceMap}, the restored price is not below the brand floor in force at the rollback instant.
     * Idempotent like {@link SetProductPrice}.
     */
    public record RevertProductPrice(@TargetAggregateIdentifier ProductId productId, TenantId tenantId,
                                     PriceChangeId priceChangeId, Money appliedPrice, ObservedPrice restore,
                                     boolean enforceMap)
            implements TenantCommand {
    }

    /**
     * A run's chunk of an apply: the price writes of one change to many products, decided together on
     * the products' states read in one query, their events appended in one batch, one event per product
     * (never one for many: each product's history, price-at and conflict check read its own stream).
     * Answers {@link PriceWriteOutcomes}. Each write means what {@link SetProductPrice} means alone.
     */
    public record SetProductPrices(TenantId tenantId, PriceChangeId priceChangeId, List<SetProductPrice> writes)
            implements TenantCommand {
    }

    /** A run's chunk of a rollback, as {@link SetProductPrices} is of an apply. Answers {@link PriceWriteOutcomes}. */
    public record RevertProductPrices(TenantId tenantId, PriceChangeId priceChangeId, List<RevertProductPrice> writes)
            implements TenantCommand {
    }

    /**
     * Per write of a chunk, in its order: the outcome, or null for a write the chunk left alone (no
     * product of this tenant has that id): sent on its own, the product command answers it as before.
     */
    public record PriceWriteOutcomes(List<PriceWriteOutcome> outcomes) {
    }

    public enum PriceWriteResult { WRITTEN, CONFLICT }

    /**
     * What became of a price write; a written apply names the price and compare-at it replaced
     * ({@code replaced}), which the run keeps for the rollback. Null otherwise.
     */
    public record PriceWriteOutcome(PriceWriteResult result, String reason, ObservedPrice replaced) {

        public PriceWriteOutcome(PriceWriteResult result, String reason) {
            this(result, reason, null);
        }
    }

    /**
     * Answers {@code true} once the catalog read model has processed the event-store {@code position}
     * (a preview catalog is rebuilt from it only then); fails as "read model behind" after the
     * configured maximum wait.
     */
    public record AwaitCatalog(long position) {
    }

    /**
     * The active products among {@code productIds} of a tenant with their current prices (ids of
     * inactive, unknown or other tenants' products are left out); answers
     * {@code List<CatalogItem>}. For a page of a request: at most {@link #MAX_IDS} ids.
     */
    public record FindCatalogItems(TenantId tenantId, List<ProductId> productIds) {
        public static final int MAX_IDS = 1_000;

        public FindCatalogItems {
            productIds = List.copyOf(productIds);
            if (productIds.size() > MAX_IDS) {
                throw new IllegalArgumentException("at most " + MAX_IDS + " products a query, not " + productIds.size());
            }
        }
    }

    /**
     * Up to {@code limit} of the tenant's products, inactive ones too, in product id order after
     * {@code after} (null: from the first), each with its version; answers {@code List<CatalogEntry>}.
     * Pages of it rebuild the command side's preview catalog. With {@code pricesSince}, each entry
     * carries its {@link CatalogEntry#recentPrices()}: the price that held at that instant and every
     * later one (at most the 250 most recent per currency), read in the same statement as the
     * entry, so they agree with its version.
     */
    public record FindCatalogEntries(TenantId tenantId, ProductId after, int limit, Instant pricesSince) {

        public FindCatalogEntries(TenantId tenantId, ProductId after, int limit) {
            this(tenantId, after, limit, null);
        }
    }

    /**
     * A price set by a price change ({@code action} APPLY) or restored by its rollback (ROLLBACK), with
     * the explain trace that says why. Revision 2 (schema 2.0.0) no longer copies the change's rule into
     * every product's event: the rule lives once, in the price change's own events, and an apply of
     * 100,000 items stored it 100,000 times. Revision 1 rows read through {@code ProductPriceChangedUpcaster}.
     */
    @Revision("2")
    public record ProductPriceChanged(ProductId productId, TenantId tenantId, PriceChangeId priceChangeId,
                                      RunKind action, Money oldPrice, Money newPrice, Money oldCompareAt,
                                      Money newCompareAt, Explain explain) implements ProductEvent {
    }

    /** A price change did not touch this product because its price moved since the preview (or since the apply). */
    public record ProductPriceChangeConflicted(ProductId productId, TenantId tenantId, PriceChangeId priceChangeId,
                                               RunKind action, Money expectedPrice, Money actualPrice,
                                               String reason) implements ProductEvent {
    }
}
