package dev.calibrate.app.support;

import java.util.List;
import java.util.Map;

/** The projections the admin API can replay, and the read-model tables each one writes. */
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
                    "competitor_observation", "batch_id, idx"));
    public static final List<String> PROJECTIONS = List.of("catalog", "audit", "tenants", "price-changes", "channels",
            "competitors");

    private ReadModels() {
    }
}
