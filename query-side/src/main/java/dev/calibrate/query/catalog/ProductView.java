package dev.calibrate.query.catalog;

import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.query.projection.AssignedIdEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@Entity
@Table(name = "product_view")
public class ProductView extends AssignedIdEntity<UUID> {

    @Id
    @Column(name = "product_id")
    private UUID productId;
    @Column(name = "tenant_id")
    private UUID tenantId;
    private String sku;
    private String title;
    private String vendor;
    @Column(name = "product_type")
    private String productType;
    @JdbcTypeCode(SqlTypes.ARRAY)
    private List<String> tags;
    @Column(name = "cost_amount")
    private BigDecimal costAmount;
    @Column(name = "cost_currency")
    private String costCurrency;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "channel_refs")
    private Map<String, Map<String, String>> channelRefs;
    private boolean active;
    private long version;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "updated_at")
    private Instant updatedAt;

    protected ProductView() {
    }

    ProductView(UUID productId, UUID tenantId, String sku, Instant createdAt) {
        this.productId = productId;
        this.tenantId = tenantId;
        this.sku = sku;
        this.createdAt = createdAt;
    }

    void describe(ProductDetails details) {
        title = details.title();
        vendor = details.vendor();
        productType = details.productType();
        tags = details.tags();
        costAmount = details.cost() == null ? null : details.cost().amount();
        costCurrency = details.cost() == null ? null : details.cost().currency();
        channelRefs = details.channelRefs();
    }

    void activate(boolean active) {
        this.active = active;
    }

    void touched(long version, Instant at) {
        this.version = Math.max(this.version, version);
        this.updatedAt = at;
    }

    public UUID getProductId() {
        return productId;
    }

    public UUID getTenantId() {
        return tenantId;
    }

    public String getSku() {
        return sku;
    }

    public String getTitle() {
        return title;
    }

    public String getVendor() {
        return vendor;
    }

    public String getProductType() {
        return productType;
    }

    public List<String> getTags() {
        return tags;
    }

    public BigDecimal getCostAmount() {
        return costAmount;
    }

    public String getCostCurrency() {
        return costCurrency;
    }

    public Map<String, Map<String, String>> getChannelRefs() {
        return channelRefs;
    }

    public boolean isActive() {
        return active;
    }

    public long getVersion() {
        return version;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    @Override
    public UUID getId() {
        return productId;
    }
}
