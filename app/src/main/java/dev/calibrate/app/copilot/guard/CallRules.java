package dev.calibrate.app.copilot.guard;

import dev.calibrate.app.copilot.guard.Refused.Rule;
import net.sf.jsqlparser.expression.CastExpression;

import java.util.Locale;
import java.util.Set;

/** The rules on what an expression may call: functions on the allow-list, casts to plain types. */
final class CallRules {

    /**
     * Cast targets a question needs. Not {@code regclass}/{@code regproc} and kin (a cast that reads the
     * catalogs), {@code xml}, {@code json}, arrays or types of another schema.
     */
    private static final Set<String> CAST_TYPES = Set.of("text", "varchar", "character varying", "numeric",
            "decimal", "integer", "int", "int4", "bigint", "int8", "date", "timestamp", "timestamptz",
            "timestamp with time zone", "timestamp without time zone", "boolean", "bool", "interval", "time",
            "smallint", "int2", "real", "float", "float4", "float8", "double precision");

    /** What the parser reads as a call but PostgreSQL as an array comparison: {@code x = ANY (tags)}. */
    private static final Set<String> ARRAY_COMPARISONS = Set.of("any", "some", "all");

    private CallRules() {
    }

    static void allowCall(String name) {
        String lower = name == null ? null : name.toLowerCase(Locale.ROOT);
        if (lower == null || !(Allowed.FUNCTIONS.contains(lower) || ARRAY_COMPARISONS.contains(lower))) {
            throw new Refused(Rule.ALLOWED_FUNCTIONS, "the function " + name + " is not allowed");
        }
    }

    static void allowCast(CastExpression cast) {
        String type = cast.getColDataType() == null ? null : cast.getColDataType().getDataType();
        boolean array = cast.getColDataType() != null && cast.getColDataType().getArrayData() != null
                && !cast.getColDataType().getArrayData().isEmpty();
        // numeric(10, 2), timestamp(0): the type without its modifiers, which are numbers the parser checked
        String normalized = type == null ? "" : type.toLowerCase(Locale.ROOT).replaceAll("\\(.*\\)", "").trim()
                .replaceAll("\\s+", " ");
        if (array || !CAST_TYPES.contains(normalized)) {
            throw new Refused(Rule.ALLOWED_FUNCTIONS, "a cast to " + type + " is not allowed");
        }
    }
}
