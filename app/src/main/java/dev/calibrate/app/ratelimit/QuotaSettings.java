package dev.calibrate.app.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-tenant quotas ({@code calibrate.rate-limits.quotas.*}); 0 is unlimited.
 *
 * @param products               products a tenant may hold (active or not, as the catalog read model counts
 *                               them); creating one more is a 403, updating one never is
 * @param priceChangesPerDay     price changes a tenant may draft a UTC day; one more is a 429 until midnight
 * @param copilotQuestionsPerDay copilot questions a tenant may ask a UTC day; one more is a 429 until midnight
 */
@ConfigurationProperties("calibrate.rate-limits.quotas")
public record QuotaSettings(@DefaultValue("0") long products,
                            @DefaultValue("1000") int priceChangesPerDay,
                            @DefaultValue("1000") int copilotQuestionsPerDay) {

    public QuotaSettings {
        if (products < 0 || priceChangesPerDay < 0 || copilotQuestionsPerDay < 0) {
            throw new IllegalArgumentException("calibrate.rate-limits.quotas: 0 (unlimited) or more");
        }
    }

    int perDay(DailyQuota quota) {
        return switch (quota) {
            case PRICE_CHANGES -> priceChangesPerDay;
            case COPILOT_QUESTIONS -> copilotQuestionsPerDay;
        };
    }
}
