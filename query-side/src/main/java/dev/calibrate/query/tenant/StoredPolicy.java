package dev.calibrate.query.tenant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.tenant.ApprovalThresholds;
import dev.calibrate.kernel.tenant.PriorPriceRule;
import dev.calibrate.kernel.tenant.TenantPolicy;
import org.springframework.lang.Nullable;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A tenant's policy as {@code tenant_policy_view.policy} stores it: the shape PUT /api/v1/policy takes, with
 * percents and amounts as decimal strings so the JSON column never turns them into floating point. A row stored
 * before the prior-price rule or the approval thresholds existed has neither (null here); a field added to the
 * policy is a component here, so the compiler names every place that must say what an older row reads as.
 * A property it does not know (written by a later release during a rolling deploy) is ignored, and an amount
 * stored as the first release wrote it ({@code {"USD": {"amount": "9.99", "currency": "USD"}}}) reads as its
 * amount, so no stored row makes GET /api/v1/policy a 500.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record StoredPolicy(@Nullable String maxDecreasePercent, @Nullable String maxIncreasePercent,
                    @JsonDeserialize(contentUsing = AmountText.class) Map<String, String> floors,
                    @JsonDeserialize(contentUsing = AmountText.class) Map<String, String> ceilings,
                    @Nullable String minMarginPercent,
                    boolean enforceMap, boolean selfApprovalAllowed,
                    @Nullable StoredPriorPriceRule priorPriceRule, @Nullable StoredApprovalThresholds approvalThresholds) {

    StoredPolicy {
        floors = floors == null ? Map.of() : floors;
        ceilings = ceilings == null ? Map.of() : ceilings;
    }

    /** Absent {@code windowDays} and {@code progressive} read as the rule's defaults. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record StoredPriorPriceRule(boolean enabled, @Nullable Integer windowDays, @Nullable List<String> currencies,
                                @Nullable Boolean progressive) {
    }

    /** An absent {@code requires} reads as the default. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record StoredApprovalThresholds(@Nullable String maxDecreasePercent,
                                    @JsonDeserialize(contentUsing = AmountText.class)
                                    @Nullable Map<String, String> maxRevenueImpact,
                                    @Nullable String requires) {
    }

    /** An amount as a decimal string, or as the first release stored it: an object with its {@code amount}. */
    static final class AmountText extends JsonDeserializer<String> {
        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() == JsonToken.START_OBJECT) {
                JsonNode money = parser.readValueAsTree();
                return money.path("amount").asText(null);
            }
            return parser.getValueAsString();
        }
    }

    static StoredPolicy of(TenantPolicy policy) {
        PriorPriceRule rule = policy.priorPriceRule();
        ApprovalThresholds thresholds = policy.approvalThresholds();
        return new StoredPolicy(decimal(policy.maxDecreasePercent()), decimal(policy.maxIncreasePercent()),
                byCurrency(policy.floors()), byCurrency(policy.ceilings()), decimal(policy.minMarginPercent()),
                policy.enforceMap(), policy.selfApprovalAllowed(),
                new StoredPriorPriceRule(rule.enabled(), rule.windowDays(), List.copyOf(rule.currencies()),
                        rule.progressive()),
                new StoredApprovalThresholds(decimal(thresholds.maxDecreasePercent()),
                        byCurrency(thresholds.maxRevenueImpact()), thresholds.requires().wireName()));
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
}
