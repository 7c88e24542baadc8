package dev.calibrate.app.copilot.guard.scan;

import java.util.Set;

/** The words {@link PrintedSqlScan} reads a statement by: where relations, calls, casts and texts may stand. */
final class ScanWords {

    private ScanWords() {
    }

    /** Words after which a {@code FROM} list's item is not yet named. */
    static final Set<String> BEFORE_RELATION = Set.of("only", "lateral");
    /** Words that end a {@code FROM} list at their level. */
    static final Set<String> AFTER_FROM_LIST = Set.of("where", "group", "having", "window", "order", "limit",
            "offset", "union", "intersect", "except", "fetch", "for", "qualify", "select", "values");
    /** Schemas no name of a copilot statement may start with, even as an alias would. */
    static final Set<String> OTHER_SCHEMAS = Set.of("public", "pg_catalog", "information_schema",
            "pg_toast", "pg_temp");

    /** Words PostgreSQL lets stand before a parenthesis without calling a function. */
    static final Set<String> NOT_CALLS = Set.of(
            "select", "from", "where", "and", "or", "not", "in", "any", "some", "all", "exists", "values", "as",
            "cast", "over", "filter", "array", "row", "lateral", "using", "on", "join", "having", "by", "with",
            "union", "intersect", "except", "case", "when", "then", "else", "end", "distinct", "is", "like",
            "ilike", "between", "limit", "offset", "within", "group", "overlaps", "recursive", "only", "interval", "numeric",
            "decimal", "varchar", "char", "character", "varying", "timestamp", "time", "float", "precision",
            "rows", "range", "groups", "preceding", "following", "current", "asc", "desc", "nulls", "first",
            "last", "inner", "outer", "full", "cross", "natural", "materialized", "similar", "escape", "to",
            "at", "zone", "isnull", "notnull", "symmetric", "unknown", "true", "false", "null", "default");

    /** The words of the cast types {@link CallRules} allows, as the scan meets them one at a time after {@code ::}. */
    static final Set<String> CAST_WORDS = Set.of("text", "varchar", "character", "varying", "numeric",
            "decimal", "integer", "int", "int4", "bigint", "int8", "date", "timestamp", "timestamptz", "with",
            "without", "time", "zone", "boolean", "bool", "interval", "smallint", "int2", "real", "float", "float4",
            "float8", "double", "precision");

    /**
     * Words a text may follow: keywords and operators spelled as words, and the plain types of a typed literal
     * ({@code interval '7 days'}, {@code date '2026-11-01'}). Never a type of the catalogs ({@code regclass 'x'}).
     */
    static final Set<String> BEFORE_TEXT = Set.of("select", "where", "and", "or", "not", "in", "like",
            "ilike", "similar", "to", "escape", "is", "distinct", "from", "between", "symmetric", "case", "when",
            "then", "else", "as", "on", "having", "by", "zone", "any", "some", "all", "interval", "date", "time",
            "timestamp", "timestamptz", "with", "without", "text", "varchar", "numeric", "integer", "int", "bigint",
            "boolean", "limit", "offset", "at", "both", "leading", "trailing", "for", "over", "filter", "separator",
            "preceding", "following", "day", "days", "hour", "minute", "second", "month", "year", "week");

    /**
     * Words refused wherever they stand, whatever the walk made of them: functions PostgreSQL calls without
     * parentheses, and the forms the walk refuses (recursion, row locks, FETCH), so that a part of the statement
     * the walk missed cannot bring them back.
     */
    static final Set<String> NEVER = Set.of("current_user", "session_user", "current_role", "system_user",
            "user", "current_catalog", "current_schema", "recursive", "update", "share", "fetch", "nowait",
            "locked");
}
