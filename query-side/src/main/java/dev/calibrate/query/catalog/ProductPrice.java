package dev.calibrate.query.catalog;

import dev.calibrate.query.projection.AssignedIdEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A product's current price in one currency. */
@Entity
@Table(name = "product_price")
@IdClass(ProductPrice.Key.class)
public class ProductPrice extends AssignedIdEntity<ProductPrice.Key> {

    public record Key(UUID productId, String currency) implements Serializable {
        public Key() {
            this(null, null);
        }
    }

    @Id
    @Column(name = "product_id")
    private UUID productId;
    @Id
    private String currency;
    @Column(name = "tenant_id")
    private UUID tenantId;
    private BigDecimal amount;
    @Column(name = "compare_at")
    private BigDecimal compareAt;
    private String source;
    @Column(name = "valid_from")
    private Instant validFrom;
    @Column(name = "event_id")
    private String eventId;

    protected ProductPrice() {
    }

    ProductPrice(UUID productId, String currency, UUID tenantId) {
        this.productId = productId;
        this.currency = currency;
        this.tenantId = tenantId;
    }

    void set(BigDecimal amount, BigDecimal compareAt, String source, Instant validFrom, String eventId) {
        this.amount = amount;
        this.compareAt = compareAt;
        this.source = source;
        this.validFrom = validFrom;
        this.eventId = eventId;
    }

    public UUID getProductId() {
        return productId;
    }

    public String getCurrency() {
        return currency;
    }

    public BigDecimal getAmount() {
        return amount;
    }

    public BigDecimal getCompareAt() {
        return compareAt;
    }

    public String getSource() {
        return source;
    }

    public String getEventId() {
        return eventId;
    }

    public Instant getValidFrom() {
        return validFrom;
    }

    @Override
    public ProductPrice.Key getId() {
        return new Key(productId, currency);
    }
}
