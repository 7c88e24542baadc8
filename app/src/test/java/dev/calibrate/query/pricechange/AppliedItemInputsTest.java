package dev.calibrate.query.pricechange;

import dev.calibrate.app.CalibrateApplication;
import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.kernel.pricechange.ExplainInputs;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantScope;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static dev.calibrate.app.pricechange.PriceChangeSteps.SUMMER_SALE;
import static dev.calibrate.app.pricechange.PriceChangeSteps.product;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A price's provenance finds the explain inputs of the item that applied it by product, through an index that
 * holds only items a run has given an outcome (V59): a preview's rows are not indexed by product at all, so
 * storing a preview pays for no such index, and an item only previewed is not found.
 */
@ContextConfiguration(classes = CalibrateApplication.class) // found by search from dev.calibrate.app otherwise
class AppliedItemInputsTest extends IntegrationTest {

    @Autowired
    PriceChangeItemQueries items;

    @Autowired
    TenantScope tenantScope;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void anItemIsFoundByProductOnlyOnceARunGaveItAnOutcome() {
        PriceChangeSteps steps = new PriceChangeSteps(api);
        String tenantId = api.createTenant("Acme", "USD");
        Api.TenantToken author = api.token(tenantId, "catalog:read", "catalog:write", "prices:write",
                "prices:apply", "audit:read");
        Api.TenantToken approver = api.token(tenantId, "prices:approve");
        steps.catalog(author.token(), List.of(product("TS-1", "20.00", "8.00", "summer")));
        TenantId tenant = TenantId.parse(tenantId);
        ProductId ts1 = ProductId.forSku(tenant, "TS-1");

        String change = steps.approved(author.token(), approver.token(), "Summer sale", SUMMER_SALE, Map.of());
        PriceChangeId id = new PriceChangeId(UUID.fromString(change));
        assertThat(items.explainInputs(tenant, id, ts1, "USD")).as("previewed and approved, not applied").isEmpty();

        assertThat(steps.action(author.token(), change, "apply", null).status()).isEqualTo(202);
        steps.awaitApplied(author.token(), change);

        Optional<ExplainInputs> applied = items.explainInputs(tenant, id, ts1, "USD");
        assertThat(applied).hasValueSatisfying(inputs -> assertThat(inputs.cost()).isEqualByComparingTo(new BigDecimal("8.00")));
        assertThat(items.explainInputs(tenant, id, ts1, "EUR")).as("no item in that currency").isEmpty();
    }

    @Test
    void theLookupReadsTheIndexOfItemsWithAnOutcome() {
        String tenantId = api.createTenant("Acme", "USD");
        String index = jdbc.queryForObject("SELECT indexname FROM pg_indexes WHERE tablename = 'price_change_item_all'"
                + " AND indexdef LIKE '%(price_change_id, product_id)%WHERE (outcome IS NOT NULL)'", String.class);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_indexes WHERE tablename = 'price_change_item_all'"
                + " AND indexdef LIKE '%product_id%'", Integer.class)).as("no other index by product").isEqualTo(1);

        String plan = tenantScope.read(TenantId.parse(tenantId), () -> {
            // the table is small here: without this the planner may rightly read it whole
            jdbc.execute("SET LOCAL enable_seqscan = off");
            return String.join("\n", jdbc.query("EXPLAIN " + PriceChangeItemQueries.APPLIED_ITEM_INPUTS
                            .replaceFirst("\\?", "'" + UUID.randomUUID() + "'")
                            .replaceFirst("\\?", "'" + UUID.randomUUID() + "'")
                            .replaceFirst("\\?", "'USD'"),
                    (rs, row) -> rs.getString(1)));
        });

        assertThat(plan).contains(index).doesNotContain("pkey");
    }
}
