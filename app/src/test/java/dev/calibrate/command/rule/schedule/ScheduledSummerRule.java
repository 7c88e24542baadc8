package dev.calibrate.command.rule.schedule;

import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.support.Api;
import dev.calibrate.kernel.rule.SavedRuleId;
import dev.calibrate.kernel.tenant.TenantId;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.pricechange.PriceChangeSteps.product;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A new tenant with one summer product and an enabled saved rule (summer minus 10 %) on a schedule, made
 * through the API as a person would: what the scheduled-run tests start from.
 */
record ScheduledSummerRule(Api.TenantToken manager, TenantId tenantId, SavedRuleId rule) {

    static ScheduledSummerRule create(Api api, PriceChangeSteps steps, String cron) {
        Api.TenantToken manager = api.token(api.createTenant("Acme", "USD"), "catalog:read", "catalog:write",
                "prices:write");
        Api.TenantToken admin = api.token(manager.tenantId(), "admin");
        steps.catalog(manager.token(), List.of(product("TS-1", "20.00", null, "summer")));
        Api.Response created = api.post("/api/v1/rules", manager.token(), Map.of("name", "Summer minus 10 %",
                "rule", Map.of("selector", Map.of("all", List.of(Map.of("field", "tags", "op", "contains", "value",
                        "summer"))), "transform", List.of(Map.of("op", "percent", "value", -10)), "currency", "USD")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        SavedRuleId rule = new SavedRuleId(UUID.fromString(created.json().get("id").asText()));
        assertThat(api.post("/api/v1/rules/" + rule + "/enable", admin.token(), null).status()).isEqualTo(200);
        Api.Response scheduled = api.send("PUT", "/api/v1/rules/" + rule + "/schedule", admin.token(),
                Map.of("cron", cron));
        assertThat(scheduled.status()).as(scheduled.body()).isEqualTo(200);
        return new ScheduledSummerRule(manager, new TenantId(UUID.fromString(manager.tenantId())), rule);
    }
}
