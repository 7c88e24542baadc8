package dev.calibrate.command.simulation;

import dev.calibrate.kernel.product.BrandFloors;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.ProductBrandFloorsSet;
import dev.calibrate.kernel.product.ProductMessages.ProductCreated;
import dev.calibrate.kernel.product.ProductMessages.ProductDeactivated;
import dev.calibrate.kernel.product.ProductMessages.ProductDetailsChanged;
import dev.calibrate.kernel.product.ProductMessages.ProductReactivated;
import dev.calibrate.kernel.tenant.TenantPolicy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a simulation takes as of each day besides prices: the tenant's policy, and the details, active flag
 * and brand floors of the products that changed after the first day ended (the others are as they are now).
 * Each is kept as a timeline of the values it took, from the one in effect when the first day ended on; a day
 * takes the latest at or before its instant. {@code complete} is false when the products' fields could not be
 * read as of the day (under the axonserver profile): then every product's are today's.
 */
final class CatalogHistory {

    /** A product's replayed fields from {@code from} on; {@code details} null: the product did not exist yet. */
    record ProductThen(Instant from, ProductDetails details, boolean active, Map<String, BrandFloors> floors) {
    }

    private record PolicyThen(Instant from, TenantPolicy policy) {
    }

    private final Instant firstDayEnd;
    private final boolean complete;
    private final Map<ProductId, List<ProductThen>> products = new HashMap<>();
    private final List<PolicyThen> policies = new ArrayList<>();

    CatalogHistory(Instant firstDayEnd, boolean complete) {
        this.firstDayEnd = firstDayEnd;
        this.complete = complete;
        policies.add(new PolicyThen(Instant.MIN, TenantPolicy.unrestricted()));
    }

    /** The simulation's {@code catalogAsOf}: {@code each-day}, or {@code prices-only} when not complete. */
    String catalogAsOf() {
        return complete ? "each-day" : "prices-only";
    }

    /** How many products have a timeline (changed after the first day's end). */
    int products() {
        return products.size();
    }

    /** Whether the product's fields are taken from its timeline rather than from the catalog now. */
    boolean tracks(ProductId productId) {
        return products.containsKey(productId);
    }

    /** The product's fields at {@code at}: null when it is not tracked or did not exist then. */
    ProductThen productAt(ProductId productId, Instant at) {
        List<ProductThen> timeline = products.get(productId);
        if (timeline == null) return null;
        ProductThen held = null;
        for (ProductThen then : timeline) {
            if (then.from().isAfter(at)) break;
            held = then;
        }
        return held == null || held.details() == null ? null : held;
    }

    TenantPolicy policyAt(Instant at) {
        TenantPolicy held = policies.get(0).policy();
        for (PolicyThen then : policies) {
            if (then.from().isAfter(at)) break;
            held = then.policy();
        }
        return held;
    }

    void policyChanged(Instant at, TenantPolicy policy) {
        add(policies, new PolicyThen(at, policy), at);
    }

    /**
     * Folds one of a tracked product's events, in stream order, into its timeline; events of other kinds
     * (prices) are ignored. Values set before the first day ended keep only the latest.
     */
    void productEvent(ProductId productId, Instant at, Object payload) {
        List<ProductThen> timeline = products.computeIfAbsent(productId, id -> new ArrayList<>(2));
        ProductThen last = timeline.isEmpty() ? new ProductThen(Instant.MIN, null, false, Map.of())
                : timeline.get(timeline.size() - 1);
        ProductThen next = null;
        if (payload instanceof ProductCreated created) {
            next = new ProductThen(at, created.details(), created.active(), Map.of());
        } else if (payload instanceof ProductDetailsChanged changed) {
            next = new ProductThen(at, changed.details(), last.active(), last.floors());
        } else if (payload instanceof ProductDeactivated) {
            next = new ProductThen(at, last.details(), false, last.floors());
        } else if (payload instanceof ProductReactivated) {
            next = new ProductThen(at, last.details(), true, last.floors());
        } else if (payload instanceof ProductBrandFloorsSet set) {
            next = new ProductThen(at, last.details(), last.active(), floors(last, set));
        }
        if (next != null) add(timeline, next, at);
    }

    private static Map<String, BrandFloors> floors(ProductThen last, ProductBrandFloorsSet set) {
        Map<String, BrandFloors> floors = new HashMap<>(last.floors());
        if (set.floors() == null) floors.remove(set.currency());
        else floors.put(set.currency(), set.floors());
        return Map.copyOf(floors);
    }

    /** Appends, dropping the values a value in effect at the first day's end replaces (no day reads them). */
    private <T> void add(List<T> timeline, T value, Instant from) {
        if (!from.isAfter(firstDayEnd)) timeline.clear();
        timeline.add(value);
    }
}
