package dev.calibrate.app.copilot.guard;

import java.util.Set;

/** What a copilot statement may name: the copilot views, and functions that only compute. */
public final class Allowed {

    private Allowed() {
    }

    /** The views of the schema {@code copilot} (V25), which the copilot role may read and nothing else. */
    public static final Set<String> VIEWS = Set.of("products", "current_prices", "price_history", "price_changes",
            "price_change_items", "channel_sync", "drifts", "competitors", "competitor_observations",
            "price_position");

    /**
     * Functions that compute from their arguments and read nothing else: aggregates, window functions,
     * arithmetic, text and time. Never anything that reads or writes files, settings, sequences, locks,
     * large objects, other databases or the catalogs ({@code pg_*}, {@code lo_*}, {@code set_config},
     * {@code current_setting}, {@code nextval}, {@code dblink*}, {@code query_to_xml} …). Nor anything whose
     * result can be much larger than its arguments ({@code string_agg}, {@code array_agg}, {@code concat},
     * {@code replace}, {@code repeat}, {@code lpad}/{@code rpad}, {@code regexp_*}): one answer must not make
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
            "round", "abs", "ceil", "ceiling", "floor", "trunc", "sign", "mod", "power", "sqrt", "exp", "ln",
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
