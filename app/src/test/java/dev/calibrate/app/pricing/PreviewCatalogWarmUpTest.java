package dev.calibrate.app.pricing;

import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.Sql;
import dev.calibrate.command.catalog.PreviewCatalogs;
import dev.calibrate.kernel.tenant.TenantId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import java.util.List;
import java.util.Map;

import static dev.calibrate.app.pricechange.PriceChangeSteps.SUMMER_SALE;
import static dev.calibrate.app.pricechange.PriceChangeSteps.product;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node that starts warms the preview catalogs of the tenants previewed within the idle time, so their
 * next preview finds the catalog held; a tenant previewed longer ago is left to its next preview.
 */
class PreviewCatalogWarmUpTest extends IntegrationTest {

    @Autowired
    PreviewCatalogWarmUp warmUp;
    @Autowired
    PreviewCatalogs catalogs;
    @Autowired
    Environment env;

    @Test
    void tenantsPreviewedWithinTheIdleTimeAreRebuiltAndOlderOnesAreNot() {
        TenantId lately = previewed("Lately");
        TenantId longAgo = previewed("Long ago");
        try (Sql worker = Sql.connect(env).as("calibrate_worker")) {
            worker.execute("UPDATE price_change_preview SET previewed_at = now() - interval '31 minutes'"
                    + " WHERE tenant_id = '" + longAgo.value() + "'");
        }
        // as on a node that just started: neither catalog held
        catalogs.evict(lately);
        catalogs.evict(longAgo);

        warmUp.warm();

        assertThat(catalogs.held()).contains(lately).doesNotContain(longAgo);
    }

    private TenantId previewed(String name) {
        PriceChangeSteps steps = new PriceChangeSteps(api);
        Api.TenantToken manager = api.token(api.createTenant(name, "USD"), "catalog:read", "catalog:write",
                "prices:write");
        steps.catalog(manager.token(), List.of(product("TS-1", "20.00", "8.00", "summer")));
        steps.preview(manager.token(), steps.draft(manager.token(), "Summer sale", SUMMER_SALE, Map.of()));
        return TenantId.parse(manager.tenantId());
    }
}
