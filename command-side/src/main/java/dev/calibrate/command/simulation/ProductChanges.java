package dev.calibrate.command.simulation;

import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.ProductBrandFloorsSet;
import dev.calibrate.kernel.product.ProductMessages.ProductDeactivated;
import dev.calibrate.kernel.product.ProductMessages.ProductDetailsChanged;
import dev.calibrate.kernel.product.ProductMessages.ProductReactivated;
import dev.calibrate.kernel.tenant.TenantId;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which of a tenant's products had their details, active flag or brand floors changed after an instant: the
 * products whose catalog fields a simulation must take as of each day rather than as they are now. Read from PostgreSQL's event table; under the {@code axonserver} profile the events cannot
 * be searched by time, and the answer is empty.
 */
public interface ProductChanges {

    /**
     * The events that change a product's fields a simulation replays. Not its creation: a product created
     * later had no price before, and after it, unless one of these followed, its fields are as they are now.
     */
    List<Class<?>> REPLAYED = List.of(ProductDetailsChanged.class, ProductDeactivated.class,
            ProductReactivated.class, ProductBrandFloorsSet.class);

    /**
     * At most {@code limit + 1} of the tenant's products with a {@link #REPLAYED} event stored after
     * {@code after} (one more than the limit says there are more); empty when the events cannot be searched
     * by time here. A read taking longer than {@code timeout} (null: no deadline) is cancelled (an exception).
     */
    Optional<Set<ProductId>> changedAfter(TenantId tenantId, Instant after, int limit, Duration timeout);

    /** Whether {@link #changedAfter} can answer here (false: it is always empty). */
    default boolean searchable() {
        return true;
    }
}
