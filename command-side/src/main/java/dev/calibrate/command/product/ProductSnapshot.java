package dev.calibrate.command.product;

import dev.calibrate.command.product.price.PricesSnapshot;
import dev.calibrate.command.product.price.ProductPrices;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.serialization.Revision;

import java.util.Objects;

/**
 * All a {@link Product} remembers after the events up to a sequence number, stored in the snapshot table so
 * that loading the product reads this and the events after it instead of its whole stream (a product
 * priced hourly for a year has thousands of events). Not an event: no projection ever sees it, and the
 * events it sums up stay in the store. {@link ProductSnapshotter} takes it, the aggregate's
 * {@code on(ProductSnapshot)} and a chunk's price write state restore from it.
 *
 * <p>A snapshot is only ever a shortcut: one of another revision is ignored (the product is replayed from
 * its first event), so a change to what a product remembers raises the revision below, and the first load
 * after it replays and snapshots again.
 */
@Revision(ProductSnapshot.REVISION)
public record ProductSnapshot(ProductId productId, TenantId tenantId, ProductDetails details, boolean active,
                              ProductPrices.Memory prices, ChannelPrices.Memory channels)
        implements PricesSnapshot {

    public static final String REVISION = "1";

    /** A snapshot missing any of these cannot be read, and the product is replayed from its first event. */
    public ProductSnapshot {
        Objects.requireNonNull(productId, "productId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(details, "details");
        Objects.requireNonNull(prices, "prices");
        Objects.requireNonNull(channels, "channels");
    }
}
