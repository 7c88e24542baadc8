package dev.calibrate.app.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.Sql;
import dev.calibrate.query.catalog.ProductCountRecount;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The product list's total without a SKU, tag or vendor filter comes from {@code product_count} (V56), which
 * the catalog projection keeps with the rows: it must always equal counting the tenant's rows, through
 * creations, deactivations, reactivations and unchanged re-sends, and never count another tenant's products.
 */
class ProductCountsTest extends IntegrationTest {

    @Autowired
    Environment env;

    @Autowired
    ProductCountRecount recount;

    private static Map<String, Object> product(String sku, String vendor, boolean active) {
        Map<String, Object> product = new LinkedHashMap<>();
        product.put("sku", sku);
        product.put("title", "Count " + sku);
        product.put("vendor", vendor);
        product.put("active", active);
        product.put("prices", List.of(Map.of("currency", "USD", "amount", "10.00")));
        return product;
    }

    private long total(Api.TenantToken tenant, String query) {
        Api.Response page = api.get("/api/v1/products?size=1" + query, tenant.token());
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        JsonNode json = page.json();
        assertThat(json.get("totalExact").asBoolean()).isTrue();
        return json.get("total").asLong();
    }

    private void assertTotals(Api.TenantToken tenant, long all, long active) {
        assertThat(total(tenant, "")).isEqualTo(all);
        assertThat(total(tenant, "&active=true")).isEqualTo(active);
        assertThat(total(tenant, "&active=false")).isEqualTo(all - active);
        try (Sql owner = Sql.connect(env)) {
            Map<String, Object> rows = owner.query("SELECT count(*) AS products, count(*) FILTER (WHERE active) AS active"
                    + " FROM product_view WHERE tenant_id = CAST(? AS uuid)", tenant.tenantId()).get(0);
            List<Map<String, Object>> kept = owner.query("SELECT products, active_products FROM product_count"
                    + " WHERE tenant_id = CAST(? AS uuid)", tenant.tenantId());
            // a tenant without products has no count row yet
            long keptProducts = kept.isEmpty() ? 0 : ((Number) kept.get(0).get("products")).longValue();
            long keptActive = kept.isEmpty() ? 0 : ((Number) kept.get(0).get("active_products")).longValue();
            assertThat(keptProducts).isEqualTo(((Number) rows.get("products")).longValue()).isEqualTo(all);
            assertThat(keptActive).isEqualTo(((Number) rows.get("active")).longValue()).isEqualTo(active);
        }
    }

    @Test
    void theTotalFollowsCreationsAndActivationsAndCountsOnlyTheTenantsOwnProducts() {
        PriceChangeSteps steps = new PriceChangeSteps(api);
        Api.TenantToken acme = api.newTenant("Counts " + UUID.randomUUID());
        Api.TenantToken other = api.newTenant("Counts other " + UUID.randomUUID());
        assertTotals(other, 0, 0);
        assertThat(total(acme, "")).isZero();

        steps.catalog(acme.token(), List.of(product("A1", "Acme", true), product("A2", "Acme", true),
                product("A3", "Zeta", true), product("I1", "Acme", false), product("I2", "Zeta", false)));
        steps.catalog(other.token(), List.of(product("A1", "Acme", true), product("B2", "Acme", false)));
        assertTotals(acme, 5, 3);
        assertTotals(other, 2, 1);

        // A1 deactivated, I1 reactivated, A2 sent again unchanged, N1 new: 6 products, 4 active
        steps.catalog(acme.token(), List.of(product("A1", "Acme", false), product("I1", "Acme", true),
                product("A2", "Acme", true), product("N1", "Zeta", true)));
        assertTotals(acme, 6, 4);
        assertTotals(other, 2, 1);

        // a filter other than active still counts the rows themselves
        assertThat(total(acme, "&vendor=Zeta")).isEqualTo(3);
        assertThat(total(acme, "&vendor=Zeta&active=false")).isEqualTo(1);
        assertThat(total(acme, "&sku=N1")).isEqualTo(1);
    }

    @Test
    void theRecountCorrectsACountThatAWriterKeepingNoneLeftShortAndLeavesRightOnesAlone() {
        PriceChangeSteps steps = new PriceChangeSteps(api);
        Api.TenantToken acme = api.newTenant("Recount " + UUID.randomUUID());
        Api.TenantToken other = api.newTenant("Recount other " + UUID.randomUUID());
        steps.catalog(acme.token(), List.of(product("R1", "Acme", true), product("R2", "Acme", true),
                product("R3", "Acme", false)));
        steps.catalog(other.token(), List.of(product("R1", "Acme", true)));
        recount.recountAll();
        try (Sql owner = Sql.connect(env)) {
            // a node of an earlier release projected two products and counted none; another reset its rows
            owner.execute("UPDATE product_count SET products = products - 2, active_products = active_products - 1"
                    + " WHERE tenant_id = '" + acme.tenantId() + "'");
        }
        assertThat(total(acme, "")).isEqualTo(1);

        assertThat(recount.recountAll()).as("the tenant whose count was wrong").isPositive();

        assertTotals(acme, 3, 2);
        assertTotals(other, 1, 1);
        assertThat(recount.recountAll(() -> true)).as("stopped before the first tenant").isZero();
        recount.recountAll();
        assertTotals(acme, 3, 2);
    }
}
