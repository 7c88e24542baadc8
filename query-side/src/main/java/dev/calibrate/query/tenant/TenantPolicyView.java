package dev.calibrate.query.tenant;

import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.tenant.ApprovalThresholds;
import dev.calibrate.kernel.tenant.PriorPriceRule;
import dev.calibrate.kernel.tenant.TenantPolicy;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A tenant's current guardrails, kept as the API shows them (the shape PUT /api/v1/policy takes):
 * percents and amounts as decimal strings, so the JSON column never turns them into floating point.
 * Read only: {@link TenantProjection} writes the table.
 */
@Entity
@Immutable
@Table(name = "tenant_policy_view")
public class TenantPolicyView {

    @Id
    @Column(name = "tenant_id")
    private UUID tenantId;
    @JdbcTypeCode(SqlTypes.JSON)
    private Map<String, Object> policy;
    @Column(name = "updated_at")
    private Instant updatedAt;
    @Column(name = "updated_by")
    private String updatedBy;

    protected TenantPolicyView() {
    }

    /** {@code policy} as the API shows it; a null percent means that guardrail is not configured. */
    static Map<String, Object> json(TenantPolicy policy) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("maxDecreasePercent", decimal(policy.maxDecreasePercent()));
        json.put("maxIncreasePercent", decimal(policy.maxIncreasePercent()));
        json.put("floors", byCurrency(policy.floors()));
        json.put("ceilings", byCurrency(policy.ceilings()));
        json.put("minMarginPercent", decimal(policy.minMarginPercent()));
        json.put("enforceMap", policy.enforceMap());
        json.put("selfApprovalAllowed", policy.selfApprovalAllowed());
        PriorPriceRule rule = policy.priorPriceRule();
        Map<String, Object> prior = new LinkedHashMap<>();
        prior.put("enabled", rule.enabled());
        prior.put("windowDays", rule.windowDays());
        prior.put("currencies", List.copyOf(rule.currencies()));
        prior.put("progressive", rule.progressive());
        json.put("priorPriceRule", prior);
        ApprovalThresholds thresholds = policy.approvalThresholds();
        Map<String, Object> approval = new LinkedHashMap<>();
        approval.put("maxDecreasePercent", decimal(thresholds.maxDecreasePercent()));
        approval.put("maxRevenueImpact", byCurrency(thresholds.maxRevenueImpact()));
        approval.put("requires", thresholds.requires().wireName());
        json.put("approvalThresholds", approval);
        return json;
    }

    /** Amounts by currency as PUT /api/v1/policy takes them: {@code {"USD": "9.99"}}. */
    private static Map<String, String> byCurrency(Map<String, Money> amounts) {
        Map<String, String> json = new TreeMap<>();
        amounts.forEach((currency, money) -> json.put(currency, money.amount().toPlainString()));
        return json;
    }

    private static String decimal(BigDecimal value) {
        return value == null ? null : value.toPlainString();
    }

    public UUID getTenantId() {
        return tenantId;
    }

    public Map<String, Object> getPolicy() {
        return policy;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public String getUpdatedBy() {
        return updatedBy;
    }
}
