package dev.calibrate.command.product;

import dev.calibrate.kernel.product.ObservedPrice;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.DeactivateProduct;
import dev.calibrate.kernel.product.ProductMessages.ProductCreated;
import dev.calibrate.kernel.product.ProductMessages.ProductDeactivated;
import dev.calibrate.kernel.product.ProductMessages.ProductDetailsChanged;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceObserved;
import dev.calibrate.kernel.product.ProductMessages.ProductReactivated;
import dev.calibrate.kernel.product.ProductMessages.UpsertOutcome;
import dev.calibrate.kernel.product.ProductMessages.UpsertProduct;
import dev.calibrate.kernel.product.ProductMessages.UpsertResult;
import dev.calibrate.kernel.product.ProductNotFound;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** One sellable SKU of one tenant, with its descriptive details and the prices seen for it. */
@Aggregate
public class Product {

    @AggregateIdentifier
    private ProductId productId;
    private TenantId tenantId;
    private ProductDetails details;
    private boolean active;
    private final Map<String, ObservedPrice> observedPrices = new HashMap<>();

    protected Product() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    UpsertResult handle(UpsertProduct cmd) {
        if (productId != null) {
            // before validating: another tenant's sku never matches this product id, and must read as missing
            requireTenant(cmd.tenantId());
        }
        ProductRules.validate(cmd);
        if (productId == null) {
            apply(new ProductCreated(cmd.productId(), cmd.tenantId(), cmd.sku(), cmd.details(),
                    cmd.active() == null || cmd.active()));
            cmd.prices().forEach(p -> observe(cmd, p));
            return result(UpsertOutcome.CREATED);
        }
        boolean changed = false;
        List<String> changedFields = changedFields(details, cmd.details());
        if (!changedFields.isEmpty()) {
            apply(new ProductDetailsChanged(productId, tenantId, cmd.details(), changedFields));
            changed = true;
        }
        if (cmd.active() != null && cmd.active() != active) {
            apply(cmd.active() ? new ProductReactivated(productId, tenantId) : new ProductDeactivated(productId, tenantId));
            changed = true;
        }
        for (ObservedPrice price : cmd.prices()) {
            if (!price.equals(observedPrices.get(price.price().currency()))) {
                observe(cmd, price);
                changed = true;
            }
        }
        return result(changed ? UpsertOutcome.UPDATED : UpsertOutcome.UNCHANGED);
    }

    @CommandHandler
    void handle(DeactivateProduct cmd) {
        requireTenant(cmd.tenantId());
        if (active) {
            apply(new ProductDeactivated(productId, tenantId));
        }
    }

    @EventSourcingHandler
    void on(ProductCreated event) {
        productId = event.productId();
        tenantId = event.tenantId();
        details = event.details();
        active = event.active();
    }

    @EventSourcingHandler
    void on(ProductDetailsChanged event) {
        details = event.details();
    }

    @EventSourcingHandler
    void on(ProductDeactivated event) {
        active = false;
    }

    @EventSourcingHandler
    void on(ProductReactivated event) {
        active = true;
    }

    @EventSourcingHandler
    void on(ProductPriceObserved event) {
        observedPrices.put(event.price().currency(), new ObservedPrice(event.price(), event.compareAt()));
    }

    private void observe(UpsertProduct cmd, ObservedPrice price) {
        apply(new ProductPriceObserved(cmd.productId(), cmd.tenantId(), price.price(), price.compareAt(), cmd.source()));
    }

    private UpsertResult result(UpsertOutcome outcome) {
        Long version = AggregateLifecycle.getVersion();
        return new UpsertResult(productId, outcome, version == null ? 0 : version);
    }

    /** Another tenant's product is reported as missing, never as forbidden. */
    private void requireTenant(TenantId caller) {
        if (!tenantId.equals(caller)) {
            throw new ProductNotFound(productId);
        }
    }

    private static List<String> changedFields(ProductDetails before, ProductDetails after) {
        List<String> changed = new ArrayList<>();
        if (!Objects.equals(before.title(), after.title())) changed.add("title");
        if (!Objects.equals(before.vendor(), after.vendor())) changed.add("vendor");
        if (!Objects.equals(before.productType(), after.productType())) changed.add("productType");
        if (!Objects.equals(before.tags(), after.tags())) changed.add("tags");
        if (!Objects.equals(before.cost(), after.cost())) changed.add("cost");
        if (!Objects.equals(before.channelRefs(), after.channelRefs())) changed.add("channelRefs");
        return changed;
    }
}
