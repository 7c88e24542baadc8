package dev.calibrate.app.copilot.guard;

import java.util.Map;
import java.util.Set;

/** What a copilot statement may name: the copilot views, and functions that only compute. */
public final class Allowed {

    private Allowed() {
    }

    /**
     * The views of the schema {@code copilot} (V25) and their columns, which the copilot role may read and
     * nothing else. Kept in sync with the database by CopilotDatabaseDefenceTest. A qualified name that is
     * not one of these columns would be read by PostgreSQL as a call on the whole row ({@code p.to_json}).
     */
    public static final Map<String, Set<String>> COLUMNS = Map.ofEntries(
            Map.entry("products", Set.of("product_id", "sku", "title", "vendor", "product_type", "tags", "active",
                    "cost_amount", "cost_currency", "created_at", "updated_at")),
            Map.entry("current_prices", Set.of("product_id", "sku", "currency", "amount", "compare_at", "source", "valid_from")),
            Map.entry("price_history", Set.of("product_id", "sku", "currency", "amount", "compare_at", "source", "valid_from",
                    "valid_to")),
            Map.entry("price_changes", Set.of("price_change_id", "name", "state", "note", "author", "last_editor", "approver",
                    "rejected_by", "rejection_reason", "schedule_at", "expires_at", "preview_items", "preview_change",
                    "preview_no_change", "preview_blocked", "preview_skipped", "preview_min_delta_percent",
                    "preview_median_delta_percent", "preview_max_delta_percent", "applied", "conflicts",
                    "rolled_back", "rollback_conflicts", "failure_reason", "created_at", "updated_at",
                    "previewed_at", "submitted_at", "approved_at", "rejected_at", "cancelled_at", "applied_at",
                    "rolled_back_at")),
            Map.entry("price_change_items", Set.of("price_change_id", "seq", "product_id", "sku", "currency", "status",
                    "old_price", "new_price", "delta", "delta_percent", "reasons", "outcome", "outcome_reason",
                    "rollback_outcome", "rollback_reason")),
            Map.entry("channel_sync", Set.of("price_change_id", "product_id", "sku", "action", "channel", "state")),
            Map.entry("drifts", Set.of("product_id", "channel", "sku", "currency", "expected", "actual", "actual_compare_at",
                    "state", "detected_at", "resolved_at")),
            Map.entry("competitors", Set.of("competitor_id", "name", "domain", "registered_at")),
            Map.entry("competitor_observations", Set.of("competitor_id", "competitor", "product_id", "sku", "currency",
                    "amount", "in_stock", "observed_at", "url")),
            Map.entry("price_position", Set.of("product_id", "sku", "currency", "our_price", "competitors",
                    "lowest_competitor_price", "average_competitor_price", "highest_competitor_price",
                    "competitors_cheaper")),
            Map.entry("price_anomalies", Set.of("product_id", "sku", "kind", "severity", "currency", "occurred_at", "amount",
                    "compared_with", "score", "channel", "still_open", "carried_over", "event_id")));

    /** The copilot views. */
    public static final Set<String> VIEWS = COLUMNS.keySet();

    /**
     * Functions that compute from their arguments and read nothing else: aggregates, window functions,
     * arithmetic, text and time. Never anything that reads or writes files, settings, sequences, locks,
     * large objects, other databases or the catalogs ({@code pg_*}, {@code lo_*}, {@code set_config},
     * {@code current_setting}, {@code nextval}, {@code dblink*}, {@code query_to_xml} …). Nor anything whose
     * result can be much larger than its arguments ({@code string_agg}, {@code array_agg}, {@code concat},
     * {@code replace}, {@code repeat}, {@code lpad}/{@code rpad}, {@code regexp_*}), nor {@code power} and
     * {@code exp}, whose results can have tens of thousands of digits that PostgreSQL computes without looking
     * at the timeout: one answer must not make
     * PostgreSQL or the server hold more than a few MB.
     */
    public static final Set<String> FUNCTIONS = Set.of(
            // aggregates
            "count", "sum", "avg", "min", "max", "bool_and", "bool_or", "every",
            "stddev", "stddev_pop", "stddev_samp", "variance", "var_pop", "var_samp",
            "percentile_cont", "percentile_disc", "mode",
            // window functions
            "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead",
            "first_value", "last_value", "nth_value",
            // numbers
            "round", "abs", "ceil", "ceiling", "floor", "trunc", "sign", "mod", "sqrt", "ln",
            "log", "greatest", "least",
            // conditionals
            "coalesce", "nullif",
            // text
            "lower", "upper", "initcap", "length", "char_length", "trim", "btrim", "ltrim", "rtrim", "substring",
            "substr", "left", "right", "position", "strpos", "split_part",
            "starts_with", "to_char",
            // time
            "now", "date_trunc", "date_part", "extract", "age", "make_date", "to_date",
            // arrays
            "array_length", "cardinality", "unnest", "array_to_string", "array_position");
}
