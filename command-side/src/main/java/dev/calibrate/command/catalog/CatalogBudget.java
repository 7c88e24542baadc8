package dev.calibrate.command.catalog;

import dev.calibrate.kernel.tenant.TenantId;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Which preview catalogs go when those held together pass the memory budget. */
final class CatalogBudget {

    /**
     * The tenants to evict, in order, and whether it is {@code current} alone because it is larger than
     * the whole budget (evicting the others first could not make it fit, and would make every other
     * tenant pay a rebuild for its previews).
     */
    record Eviction(List<TenantId> tenants, boolean currentAlone) {
        static final Eviction NONE = new Eviction(List.of(), false);
    }

    private CatalogBudget() {
    }

    /**
     * The least recently previewed tenants first, {@code current} (null: none) last, until the held
     * catalogs fit {@code budget}; only rebuilt catalogs count.
     */
    static Eviction overBudget(Map<TenantId, TenantSlot> tenants, TenantId current, long budget) {
        Map<TenantId, Long> bytes = new HashMap<>();
        tenants.forEach((tenant, slot) -> {
            if (slot.catalog != null) bytes.put(tenant, slot.catalog.estimatedBytes());
        });
        long total = bytes.values().stream().mapToLong(Long::longValue).sum();
        if (total <= budget) {
            return Eviction.NONE;
        }
        Long own = bytes.get(current);
        if (own != null && own > budget) {
            return new Eviction(List.of(current), true);
        }
        List<TenantId> order = new ArrayList<>(bytes.keySet());
        order.sort(Comparator.comparing((TenantId tenant) -> tenant.equals(current))
                .thenComparingLong(tenant -> tenants.get(tenant).lastUsed));
        List<TenantId> evicted = new ArrayList<>();
        for (TenantId tenant : order) {
            if (total <= budget) break;
            evicted.add(tenant);
            total -= bytes.get(tenant);
        }
        return new Eviction(evicted, false);
    }
}
