package dev.calibrate.kernel.product;

import dev.calibrate.kernel.message.DomainEvent;
import dev.calibrate.kernel.message.TenantCommand;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** Commands, events and results of the Product aggregate (one sellable SKU). */
public final class ProductMessages {

    private ProductMessages() {
    }

    /**
     * Creates the product or brings it to this state. {@code active} null keeps the current flag
     * (new products start active). Currencies not listed in {@code prices} are left alone.
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

    /** A price seen at {@code source} (e.g. {@code api}, {@code shopify}), not one Calibrate set. */
    public record ProductPriceObserved(ProductId productId, TenantId tenantId, Money price, Money compareAt,
                                       String source) implements ProductEvent {
    }
}
