package dev.calibrate.command.product.price;

import dev.calibrate.kernel.tenant.TenantId;

/**
 * What a product's snapshot holds that a price write decides with (the product's {@code ProductSnapshot} is
 * one): a chunk's {@link PriceWriteState} starts from it when the product's stream starts with it.
 */
public interface PricesSnapshot {

    TenantId tenantId();

    boolean active();

    ProductPrices.Memory prices();
}
