package dev.calibrate.kernel.product;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.calibrate.kernel.tenant.TenantId;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * A product's identity. Derived from tenant and SKU, so "upsert by SKU" needs no lookup table and
 * the same SKU in two tenants never collides.
 */
public record ProductId(@JsonValue UUID value) {

    /** The aggregate type the event store records a product's events under (the command side's {@code Product}). */
    public static final String AGGREGATE_TYPE = "Product";

    @JsonCreator
    public ProductId {
        Objects.requireNonNull(value, "product id");
    }

    public static ProductId forSku(TenantId tenantId, String sku) {
        return new ProductId(UUID.nameUUIDFromBytes(
                ("calibrate:product:" + tenantId + ":" + sku).getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
