package dev.calibrate.command.pricechange.edit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.command.pricechange.approval.ChangeSizes;
import dev.calibrate.command.pricechange.approval.ChangeSizes.Move;
import dev.calibrate.command.pricechange.preview.PreviewJson;
import dev.calibrate.command.pricechange.preview.PreviewJson.Explains;
import dev.calibrate.command.pricing.EvaluationResult.Status;
import dev.calibrate.command.pricing.EvaluationResult.Summary;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.Explain;
import dev.calibrate.kernel.pricechange.ExplainInputs;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.tenant.ApprovalThresholds.ChangeSize;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PreviewSummary;
import dev.calibrate.kernel.product.BrandFloors.BrandFloor;
import dev.calibrate.kernel.product.ProductId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The stored items an analyst's {@link PreviewEdits} read and rewrite, in the transaction of the
 * aggregate's decision (the preview store's tables, with {@code JdbcPreviewStore} the only other
 * writer). An edited item keeps its whole explain as JSON, with the edit as its last step (its explain no
 * longer follows from the preview's frame alone, and every reader prefers the stored one), and keeps its
 * compact inputs too: they hold the cost and MAP the next edit of the same item is checked against.
 */
@Component
class PreviewEditRows {

    /** A stored item as an edit needs it: its prices, the cost and brand floor in force the preview saw, its explain. */
    record Row(int seq, ProductId productId, String sku, String currency, Status status, BigDecimal currentPrice,
               BigDecimal proposedPrice, BigDecimal currentCompareAt, BigDecimal proposedCompareAt, BigDecimal cost,
               BrandFloor brandFloor, Explain explain, BigDecimal priorPrice) {
    }

    /**
     * What an edit makes of an item. {@code priorReductionPercent}: with the prior-price rule on, the reduction the
     * edited price announces from the item's prior price (null when none: not below it, or excluded).
     */
    record EditedRow(int seq, Status status, BigDecimal proposedPrice, BigDecimal delta, BigDecimal deltaPercent,
                     BigDecimal proposedCompareAt, List<String> reasons, Explain explain,
                     BigDecimal priorReductionPercent) {
    }

    private final JdbcTemplate jdbc;
    private final PreviewJson json;

    PreviewEditRows(JdbcTemplate jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.json = new PreviewJson(jdbc, mapper);
    }

    /** The change's items with these SKUs, by SKU; an unknown SKU is absent. */
    Map<String, Row> bySku(PriceChangeId id, List<String> skus) {
        Explains explains = json.explains(id);
        Map<String, Row> rows = new HashMap<>();
        jdbc.query(connection -> {
            PreparedStatement select = connection.prepareStatement("SELECT seq, product_id, sku, currency, status,"
                    + " current_price, proposed_price, current_compare_at, proposed_compare_at, explain, explain_inputs,"
                    + " CAST(CAST(prior_price AS jsonb) ->> 'amount' AS numeric) AS prior_amount"
                    + " FROM price_change_item WHERE price_change_id = ? AND sku = ANY (?)");
            select.setObject(1, id.value());
            select.setArray(2, connection.createArrayOf("text", skus.toArray()));
            return select;
        }, rs -> {
            BigDecimal current = rs.getBigDecimal("current_price");
            BigDecimal cost = null;
            BrandFloor brandFloor = null;
            String encoded = rs.getString("explain_inputs");
            ExplainInputs inputs = encoded == null ? null : ExplainInputs.decode(encoded);
            if (inputs != null) {
                cost = inputs.costElsewhere() == null ? inputs.cost() : null;
                brandFloor = inputs.brandFloor();
            }
            Explain explain = explains.of(rs.getString("explain"), current, () -> inputs);
            String sku = rs.getString("sku");
            String currency = rs.getString("currency").trim();
            int scale = Money.minorUnits(currency);
            rows.put(sku, new Row(rs.getInt("seq"), new ProductId(rs.getObject("product_id", UUID.class)), sku,
                    currency, Status.valueOf(rs.getString("status")), scaled(current, scale),
                    scaled(rs.getBigDecimal("proposed_price"), scale), scaled(rs.getBigDecimal("current_compare_at"), scale),
                    scaled(rs.getBigDecimal("proposed_compare_at"), scale), cost, brandFloor, explain,
                    rs.getBigDecimal("prior_amount")));
        });
        return rows;
    }

    /**
     * Rewrites the edited items and gives every item of the preview, and the preview, the new hash.
     * An edited item's anomaly flags go: they judged the price it no longer proposes.
     */
    void write(PriceChangeId id, String hash, List<EditedRow> edited) {
        // the prior price stays what the preview found; the reduction it shows is the edited price's
        jdbc.batchUpdate("UPDATE price_change_item SET status = ?, proposed_price = ?, delta = ?, delta_percent = ?,"
                        + " proposed_compare_at = ?, reasons = ?, explain = ?, anomalies = NULL,"
                        + " prior_price = CASE WHEN prior_price IS NULL THEN NULL"
                        + " WHEN CAST(? AS text) IS NULL THEN CAST(CAST(prior_price AS jsonb) - 'reductionPercent' AS text)"
                        + " ELSE CAST(jsonb_set(CAST(prior_price AS jsonb), '{reductionPercent}', to_jsonb(CAST(? AS text)))"
                        + " AS text) END"
                        + " WHERE price_change_id = ? AND seq = ?", edited, edited.size(),
                (update, row) -> {
                    update.setString(1, row.status().name());
                    update.setBigDecimal(2, row.proposedPrice());
                    update.setBigDecimal(3, row.delta());
                    update.setBigDecimal(4, row.deltaPercent());
                    update.setBigDecimal(5, row.proposedCompareAt());
                    update.setString(6, json.write(row.reasons()));
                    update.setString(7, json.write(row.explain()));
                    String reduction = row.priorReductionPercent() == null ? null
                            : row.priorReductionPercent().toPlainString();
                    update.setString(8, reduction);
                    update.setString(9, reduction);
                    update.setObject(10, id.value());
                    update.setInt(11, row.seq());
                });
        jdbc.update("UPDATE price_change_item SET preview_hash = ? WHERE price_change_id = ?", hash, id.value());
        jdbc.update("UPDATE price_change_preview SET preview_hash = ? WHERE price_change_id = ?", hash, id.value());
    }

    /** The preview's summary as its items now stand, counted as the engine counts. */
    PreviewSummary summary(PriceChangeId id) {
        record Counted(Status status, BigDecimal deltaPercent) {
        }
        List<Counted> items = new ArrayList<>();
        int[] anomalous = new int[1];
        jdbc.query("SELECT status, delta_percent, anomalies FROM price_change_item WHERE price_change_id = ?",
                rs -> {
                    items.add(new Counted(Status.valueOf(rs.getString(1)), rs.getBigDecimal(2)));
                    if (rs.getString(3) != null) anomalous[0]++;
                }, id.value());
        Summary summary = Summary.of(items, Counted::status, Counted::deltaPercent);
        Map<Status, Integer> counts = summary.counts();
        return new PreviewSummary(items.size(), counts.get(Status.CHANGE), counts.get(Status.NO_CHANGE),
                counts.get(Status.BLOCKED), counts.get(Status.SKIPPED), summary.minDeltaPercent(),
                summary.medianDeltaPercent(), summary.maxDeltaPercent(), anomalous[0]);
    }

    /** How far the CHANGE items move prices as they now stand, for the approval thresholds; null without a currency. */
    ChangeSize size(PriceChangeId id) {
        List<Move> moves = new ArrayList<>();
        String[] currency = {null};
        jdbc.query("SELECT currency, delta, delta_percent FROM price_change_item WHERE price_change_id = ?"
                        + " AND status = 'CHANGE' AND delta IS NOT NULL",
                rs -> {
                    currency[0] = rs.getString(1);
                    moves.add(new Move(rs.getBigDecimal(2), rs.getBigDecimal(3)));
                }, id.value());
        return currency[0] == null ? new ChangeSize(null, null) : ChangeSizes.ofMoves(moves, currency[0]);
    }

    /** Stored with the column's four decimals; read at the currency's, as the item pages show it. */
    private static BigDecimal scaled(BigDecimal amount, int scale) {
        return amount == null || amount.scale() <= scale ? amount
                : amount.stripTrailingZeros().scale() <= scale ? amount.setScale(scale) : amount;
    }
}
