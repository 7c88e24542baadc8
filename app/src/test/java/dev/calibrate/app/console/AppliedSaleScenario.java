package dev.calibrate.app.console;

import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.support.Api;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.pricechange.PriceChangeSteps.SUMMER_SALE;
import static dev.calibrate.app.pricechange.PriceChangeSteps.product;

/**
 * A tenant whose summer tee was reduced by an applied, approved price change, written through the
 * API as a pricing team would: a manager drafts and applies, a second person approves.
 */
final class AppliedSaleScenario {

    final Api.TenantToken manager;
    final Api.TenantToken approver;
    final String change;
    final String tee;
    final String winter;

    AppliedSaleScenario(Api api, String name) {
        PriceChangeSteps steps = new PriceChangeSteps(api);
        manager = api.token(api.createTenant(name + " " + UUID.randomUUID(), "USD"), "catalog:read", "catalog:write",
                "prices:write", "prices:apply", "audit:read", "competitors:read");
        approver = api.token(manager.tenantId(), "prices:approve", "catalog:read");
        steps.catalog(manager.token(), List.of(product("TS-1", "20.00", "8.00", "summer"),
                product("WN-1", "99.00", null, "winter")));
        change = steps.approved(manager.token(), approver.token(), "Summer sale", SUMMER_SALE, Map.of());
        steps.action(manager.token(), change, "apply", null);
        steps.awaitApplied(manager.token(), change);
        steps.view(manager.token(), change, "APPLIED");
        TenantId tenant = TenantId.parse(manager.tenantId());
        tee = ProductId.forSku(tenant, "TS-1").toString();
        winter = ProductId.forSku(tenant, "WN-1").toString();
    }
}
