package dev.calibrate.command.pricechange;

import dev.calibrate.app.CalibrateApplication;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.Sql;
import dev.calibrate.command.pricechange.JdbcPreviewStore.ItemOutcome;
import dev.calibrate.command.pricechange.JdbcPreviewStore.Recorded;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.product.ObservedPrice;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.test.context.ContextConfiguration;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two runs of one change can overlap (one revived while its slow node still works). The later answer
 * for an item the first run already wrote is a conflict with that very write: the run record keeps
 * the first outcome, and with it the price a rollback must put back. (In the store's package, to reach
 * the store without widening it.)
 */
@ContextConfiguration(classes = CalibrateApplication.class) // found by search from dev.calibrate.app otherwise
class FirstOutcomeWinsTest extends IntegrationTest {

    @Autowired
    JdbcPreviewStore store;

    @Autowired
    Environment env;

    @Test
    void aLaterOutcomeNeverReplacesTheFirstForApplyOrRollback() {
        UUID change = UUID.randomUUID();
        try (Sql owner = Sql.connect(env)) {
            owner.execute("INSERT INTO price_change_item (tenant_id, price_change_id, preview_hash, seq, product_id,"
                    + " sku, currency, status, current_price, proposed_price, current_compare_at, reasons, explain)"
                    + " VALUES ('" + UUID.randomUUID() + "', '" + change + "', '" + "0".repeat(64) + "', 0, '"
                    + UUID.randomUUID() + "', 'MUG', 'USD', 'CHANGE', 12.00, 10.80, 14.00, '[]', '{}')");
            PriceChangeId id = new PriceChangeId(change);
            ObservedPrice replaced = new ObservedPrice(usd("12.00"), usd("15.00"));

            store.record(id, RunKind.APPLY, List.of(new Recorded(0, ItemOutcome.APPLIED, null, replaced)));
            store.record(id, RunKind.APPLY, List.of(new Recorded(0, ItemOutcome.CONFLICT, "price moved", null)));
            store.record(id, RunKind.ROLLBACK, List.of(new Recorded(0, ItemOutcome.ROLLED_BACK, null, null)));
            store.record(id, RunKind.ROLLBACK, List.of(new Recorded(0, ItemOutcome.ROLLBACK_CONFLICT, "moved", null)));

            Map<String, Object> row = owner.query("SELECT outcome, outcome_reason, replaced_price, replaced_compare_at,"
                    + " rollback_outcome, rollback_reason FROM price_change_item WHERE price_change_id = ?", change).get(0);
            assertThat(row.get("outcome")).isEqualTo("APPLIED");
            assertThat(row.get("outcome_reason")).isNull();
            assertThat(row.get("replaced_price")).isEqualTo(new BigDecimal("12.0000"));
            assertThat(row.get("replaced_compare_at")).isEqualTo(new BigDecimal("15.0000"));
            assertThat(row.get("rollback_outcome")).isEqualTo("ROLLED_BACK");
            assertThat(row.get("rollback_reason")).isNull();
        }
    }

    private static Money usd(String amount) {
        return new Money(new BigDecimal(amount), "USD");
    }
}
