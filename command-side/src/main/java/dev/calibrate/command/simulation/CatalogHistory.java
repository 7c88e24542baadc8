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
 * takes the latest at or before its instant. Where the products' fields cannot be read as of the day (under
 * the axonserver profile) no product has a timeline: every product's are today's.
 * <p>
 * Memory: a product's timeline holds at most one value per simulated day (a later event of the same day
 * replaces it, since only the day's end is read) and none after the last day's end, so at most days + 1; all
 * products' values together at most {@code maxEntries}, past which it refuses ({@link TooMuchHistory}).
 */
final class CatalogHistory {

    /** A product's replayed fields from {@code from} on; {@code details} null: the product did not exist yet. */
    record ProductThen(Instant from, ProductDetails details, boolean active, Map<String, BrandFloors> floors) {
    }

    private record PolicyThen(Instant from, TenantPolicy policy) {
    }

    /** Each simulated day's end, in order: the only instants a value is read at. */
    private final Instant[] dayEnds;
    private final long maxEntries;
    private final Map<ProductId, List<ProductThen>> products = new HashMap<>();
    private final List<PolicyThen> policies = new ArrayList<>();
    private long entries;

    CatalogHistory(Simulation simulation, long maxEntries) {
        this.dayEnds = new Instant[simulation.days()];
        for (int day = 0; day < dayEnds.length; day++) {
            dayEnds[day] = simulation.evaluatedAt(simulation.from().plusDays(day));
        }
        this.maxEntries = maxEntries;
        policies.add(new PolicyThen(Instant.MIN, TenantPolicy.unrestricted()));
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
        int day = dayOf(at);
        if (day < 0) return;
        if (day == 0) policies.subList(1, policies.size()).clear();
        policies.add(new PolicyThen(at, policy));
    }

    /**
     * Folds one of a tracked product's events, in stream order, into its timeline; events of other kinds
     * (prices) are ignored. The value a day reads is the last of the day's events; none after the last day.
     */
    void productEvent(ProductId productId, Instant at, Object payload) {
        int day = dayOf(at);
        if (day < 0) return; // after the last day's end: no day reads it
        List<ProductThen> timeline = products.computeIfAbsent(productId, id -> new ArrayList<>(2));
        ProductThen last = timeline.isEmpty() ? new ProductThen(Instant.MIN, null, false, Map.of())
                : timeline.get(timeline.size() - 1);
        Instant from = dayEnds[day]; // what a day reads: the value as its day ended
        ProductThen next = null;
        if (payload instanceof ProductCreated created) {
            next = new ProductThen(from, created.details(), created.active(), Map.of());
        } else if (payload instanceof ProductDetailsChanged changed) {
            next = new ProductThen(from, changed.details(), last.active(), last.floors());
        } else if (payload instanceof ProductDeactivated) {
            next = new ProductThen(from, last.details(), false, last.floors());
        } else if (payload instanceof ProductReactivated) {
            next = new ProductThen(from, last.details(), true, last.floors());
        } else if (payload instanceof ProductBrandFloorsSet set) {
            next = new ProductThen(from, last.details(), last.active(), floors(last, set));
        }
        if (next == null) return;
        if (!timeline.isEmpty() && last.from().equals(from)) {
            timeline.set(timeline.size() - 1, next);
        } else {
            if (++entries > maxEntries) throw new TooMuchHistory(maxEntries);
            timeline.add(next);
        }
    }

    /** The first simulated day whose end is at or after {@code at}; -1 after the last day's end. */
    private int dayOf(Instant at) {
        int low = 0;
        int high = dayEnds.length - 1;
        if (at.isAfter(dayEnds[high])) return -1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (dayEnds[mid].isBefore(at)) low = mid + 1;
            else high = mid;
        }
        return low;
    }

    private static Map<String, BrandFloors> floors(ProductThen last, ProductBrandFloorsSet set) {
        Map<String, BrandFloors> floors = new HashMap<>(last.floors());
        if (set.floors() == null) floors.remove(set.currency());
        else floors.put(set.currency(), set.floors());
        return Map.copyOf(floors);
    }

    /** The changed products' values over the range are more than a simulation holds; it fails rather than guess. */
    static final class TooMuchHistory extends RuntimeException {
        TooMuchHistory(long maxEntries) {
            super("the products changed since the first day took more than " + maxEntries + " values over the"
                    + " simulated days, more than a simulation holds"
                    + " (calibrate.pricing.simulation.max-history-entries); simulate from a later day or fewer days");
        }
    }
}
