package dev.calibrate.query.catalog;

import dev.calibrate.query.projection.AssignedIdEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** One price a product held in one currency, from {@code validFrom} until {@code validTo} (open when current). */
@Entity
@Table(name = "product_price_history")
public class PriceHistoryEntry extends AssignedIdEntity<String> {

    @Id
    @Column(name = "event_id")
    private String eventId;
    @Column(name = "product_id")
    private UUID productId;
    private String currency;
    @Column(name = "tenant_id")
    private UUID tenantId;
    private BigDecimal amount;
    @Column(name = "compare_at")
    private BigDecimal compareAt;
    private String source;
    @Column(name = "valid_from")
    private Instant validFrom;
    @Column(name = "valid_to")
    private Instant validTo;

    protected PriceHistoryEntry() {
    }

    PriceHistoryEntry(String eventId, UUID productId, String currency, UUID tenantId, BigDecimal amount,
                      BigDecimal compareAt, String source, Instant validFrom) {
        this.eventId = eventId;
        this.productId = productId;
        this.currency = currency;
        this.tenantId = tenantId;
        this.amount = amount;
        this.compareAt = compareAt;
        this.source = source;
        this.validFrom = validFrom;
    }

    void closeAt(Instant at) {
        this.validTo = at;
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

    public Instant getValidFrom() {
        return validFrom;
    }

    public Instant getValidTo() {
        return validTo;
    }

    @Override
    public String getId() {
        return eventId;
    }
}
