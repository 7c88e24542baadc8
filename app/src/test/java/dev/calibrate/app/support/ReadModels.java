package dev.calibrate.app.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every processor that owns read-model tables and the admin API can replay ({@code POST
 * /admin/v1/projections/{name}/replay}: its reset handler clears them), with each table it writes. Left out
 * on purpose, as no replay rebuilds them: {@code shopify_delivery}, the write-back's intents and their
 * outcomes, which {@code shopify-channel} writes with {@code @DisallowReplay} handlers (a replay must send
 * nothing again, so a replay keeps the table as it is); and the command side's stores ({@code
 * price_change_item}, {@code price_change_preview}: the previews an apply writes from, not read models), and
 * {@code preview-catalog}'s in-memory catalog.
 */
public final class ReadModels {

    /** Each projection's tables with the order that makes their content comparable. */
    public static final Map<String, Map<String, String>> TABLES = Map.of(
            "catalog", Map.of(
                    "product_view", "product_id",
                    "product_count", "tenant_id",
                    "product_price", "product_id, currency",
                    "product_price_history", "event_id"),
            "audit", Map.of(
                    "audit_entry", "event_id"),
            "tenants", Map.of(
                    "tenant_view", "tenant_id",
                    "api_token_view", "token_id",
                    "tenant_policy_view", "tenant_id"),
            "price-changes", Map.of(
                    "price_change_view", "price_change_id"),
            "channels", Map.of(
                    "channel_product", "product_id",
                    "channel_drift_view", "product_id, channel",
                    "price_change_channel_sync", "price_change_id, product_id, action, channel"),
            "competitors", Map.of(
                    "competitor_view", "competitor_id",
                    "competitor_observation", "batch_id, idx"),
            "price-change-channel-sync", Map.of(
                    "price_change_item_confirmation", "price_change_id, product_id"),
            "shopify-channel", Map.of(
                    "shopify_variant_link", "product_id",
                    "shopify_running_change", "price_change_id"),
            "saved-rules", Map.of(
                    "saved_rule_view", "rule_id",
                    "saved_rule_version", "rule_id, version"),
            "saved-rule-runs", Map.of(
                    "saved_rule_run", "rule_id, slot"));
    public static final List<String> PROJECTIONS = List.of("catalog", "audit", "tenants", "price-changes", "channels",
            "competitors", "price-change-channel-sync", "shopify-channel", "saved-rules", "saved-rule-runs");

    private ReadModels() {
    }

    /**
     * Every row of every read-model table, every column as text, in key order, as {@code connection} sees
     * them (a role that bypasses row-level security sees every tenant's).
     */
    public static Map<String, List<Map<String, String>>> content(Connection connection) throws SQLException {
        Map<String, List<Map<String, String>>> content = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement()) {
            for (Map<String, String> tables : TABLES.values()) {
                for (Map.Entry<String, String> table : tables.entrySet()) {
                    List<Map<String, String>> rows = new ArrayList<>();
                    try (ResultSet rs = statement.executeQuery("SELECT * FROM " + table.getKey()
                            + " ORDER BY " + table.getValue())) {
                        ResultSetMetaData columns = rs.getMetaData();
                        while (rs.next()) {
                            Map<String, String> row = new LinkedHashMap<>();
                            for (int c = 1; c <= columns.getColumnCount(); c++) {
                                row.put(columns.getColumnName(c), rs.getString(c));
                            }
                            rows.add(row);
                        }
                    }
                    content.put(table.getKey(), rows);
                }
            }
        }
        return content;
    }
}
