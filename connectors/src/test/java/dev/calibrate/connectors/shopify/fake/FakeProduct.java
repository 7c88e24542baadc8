package dev.calibrate.connectors.shopify.fake;

import java.time.Instant;
import java.util.List;

/**
 * A product as the fake shop stores it (immutable snapshot). Change products through
 * {@link FakeShop#updateProduct(String, java.util.function.UnaryOperator)}, which stamps
 * {@code updatedAt} like Shopify does.
 *
 * @param legacyId    numeric id, as in REST payloads and {@code legacyResourceId}
 * @param title       product title
 * @param handle      URL handle
 * @param vendor      vendor name
 * @param productType product type
 * @param tags        tags, in the order Shopify returns them (sorted)
 * @param status      {@code ACTIVE}, {@code DRAFT}, {@code ARCHIVED} or {@code UNLISTED}
 * @param createdAt   creation time (whole seconds)
 * @param updatedAt   last change of the product or any of its variants (whole seconds)
 */
public record FakeProduct(long legacyId, String title, String handle, String vendor, String productType,
                          List<String> tags, String status, Instant createdAt, Instant updatedAt) {

    public FakeProduct {
        tags = tags.stream().sorted().toList();
    }

    /** The GraphQL id, {@code gid://shopify/Product/N}. */
    public String gid() {
        return Gids.product(legacyId);
    }

    public FakeProduct withTitle(String newTitle) {
        return new FakeProduct(legacyId, newTitle, handle, vendor, productType, tags, status, createdAt, updatedAt);
    }

    public FakeProduct withVendor(String newVendor) {
        return new FakeProduct(legacyId, title, handle, newVendor, productType, tags, status, createdAt, updatedAt);
    }

    public FakeProduct withProductType(String newType) {
        return new FakeProduct(legacyId, title, handle, vendor, newType, tags, status, createdAt, updatedAt);
    }

    public FakeProduct withTags(List<String> newTags) {
        return new FakeProduct(legacyId, title, handle, vendor, productType, newTags, status, createdAt, updatedAt);
    }

    public FakeProduct withStatus(String newStatus) {
        return new FakeProduct(legacyId, title, handle, vendor, productType, tags, newStatus, createdAt, updatedAt);
    }

    FakeProduct withUpdatedAt(Instant at) {
        return new FakeProduct(legacyId, title, handle, vendor, productType, tags, status, createdAt, at);
    }
}
