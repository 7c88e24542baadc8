package dev.calibrate.app.database;

import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.Sql;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store from before V16 keeps every price change it had: each preview gets the rule it evaluated,
 * each applied item the price and compare-at its apply replaced (as the product's event recorded
 * them, so a rollback after the upgrade puts back what was there), and the channels' confirmations
 * move to the query side's table.
 */
class PriceChangeRunRecordMigrationTest extends IntegrationTest {

    private static final MigrationVersion BEFORE = MigrationVersion.fromVersion("15");
    private static final String EDITED_RULE = "{\"select\": {\"tags\": [\"summer\"]}, \"steps\": [{\"op\": \"percent\", \"value\": -10}]}";

    @Autowired
    Environment env;

    @Test
    void previewsAppliedItemsAndConfirmationsFromBeforeAreCarriedOver() {
        try (ScratchDatabase database = new ScratchDatabase(env, "before_run_record")) {
            String url = database.url();
            UUID tenant = UUID.randomUUID();
            UUID change = UUID.randomUUID();
            UUID mug = UUID.randomUUID();
            UUID cap = UUID.randomUUID();
            database.migrateTo(BEFORE);
            try (Sql old = Sql.connect(url)) {
                event(old, change.toString(), 0, "PriceChange",
                        "dev.calibrate.kernel.pricechange.PriceChangeMessages$PriceChangeDrafted",
                        "{\"id\":\"" + change + "\",\"definition\":{\"name\":\"Summer\",\"rule\":{\"steps\":[]}}}");
                event(old, change.toString(), 1, "PriceChange",
                        "dev.calibrate.kernel.pricechange.PriceChangeMessages$PriceChangeEdited",
                        "{\"id\":\"" + change + "\",\"definition\":{\"name\":\"Summer\",\"rule\":" + EDITED_RULE + "}}");
                // the shop changed the compare-at between preview (14.00) and apply (15.00)
                event(old, mug.toString(), 3, "Product", "dev.calibrate.kernel.product.ProductMessages$ProductPriceChanged",
                        "{\"productId\":\"" + mug + "\",\"priceChangeId\":\"" + change + "\",\"action\":\"APPLY\","
                                + "\"oldPrice\":{\"amount\":\"12.00\",\"currency\":\"USD\"},"
                                + "\"newPrice\":{\"amount\":\"10.80\",\"currency\":\"USD\"},"
                                + "\"oldCompareAt\":{\"amount\":\"15.00\",\"currency\":\"USD\"},\"newCompareAt\":null}");
                item(old, tenant, change, 0, mug, "MUG", "APPLIED", "'{\"shopify\": {\"state\": \"SYNCED\"}}'");
                item(old, tenant, change, 1, cap, "CAP", "CONFLICT", "NULL");
            }

            database.migrateTo(MigrationVersion.LATEST);

            try (Sql migrated = Sql.connect(url)) {
                assertThat(migrated.single("SELECT rule FROM price_change_preview WHERE price_change_id = ?", change))
                        .as("the rule as last edited, as it was written").isEqualTo(EDITED_RULE);
                assertThat(migrated.query("SELECT replaced_price, replaced_compare_at FROM price_change_item"
                        + " WHERE price_change_id = ? ORDER BY seq", change)).containsExactly(
                        Map.of("replaced_price", new BigDecimal("12.0000"), "replaced_compare_at", new BigDecimal("15.0000")),
                        nulls());
                assertThat(migrated.single("SELECT apply_confirmation->'shopify'->>'state' FROM price_change_item_confirmation"
                        + " WHERE price_change_id = ? AND product_id = ?", change, mug)).isEqualTo("SYNCED");
                assertThat(migrated.query("SELECT 1 FROM price_change_item_confirmation WHERE product_id = ?", cap))
                        .as("no confirmation, no row").isEmpty();
                assertThat(migrated.query("SELECT column_name FROM information_schema.columns"
                        + " WHERE table_name = 'price_change_item' AND column_name LIKE '%sync'"))
                        .as("one writer: the command side's columns only").isEmpty();
            }
        }
    }

    private static Map<String, Object> nulls() {
        Map<String, Object> row = new java.util.HashMap<>();
        row.put("replaced_price", null);
        row.put("replaced_compare_at", null);
        return row;
    }

    private static void event(Sql sql, String aggregate, long sequence, String type, String payloadType,
                              String payload) {
        sql.query("INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, "
                        + "metadata, payload, payloadtype, timestamp) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                        + "RETURNING globalindex",
                aggregate, sequence, type, UUID.randomUUID().toString(), "{}".getBytes(StandardCharsets.UTF_8),
                payload.getBytes(StandardCharsets.UTF_8), payloadType, "2026-12-01T00:00:00Z");
    }

    private static void item(Sql sql, UUID tenant, UUID change, int seq, UUID product, String sku, String outcome,
                             String applySync) {
        sql.execute("INSERT INTO price_change_item (tenant_id, price_change_id, preview_hash, seq, product_id, sku,"
                + " currency, status, current_price, proposed_price, current_compare_at, reasons, explain, outcome,"
                + " apply_sync) VALUES ('" + tenant + "', '" + change + "', '" + "0".repeat(64) + "', " + seq + ", '"
                + product + "', '" + sku + "', 'USD', 'CHANGE', 12.00, 10.80, 14.00, '[]', '{}', '" + outcome + "', "
                + applySync + ")");
    }
}
