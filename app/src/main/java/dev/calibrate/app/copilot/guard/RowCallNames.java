package dev.calibrate.app.copilot.guard;

import java.util.Set;

/**
 * The names PostgreSQL may read, after a dot, as a call on a whole row: {@code s.to_json} is
 * {@code to_json(s)} when {@code s} has no column {@code to_json}. The guard's model of which columns a
 * relation has decides first ({@link NameScopes}); these names are refused after a dot wherever they
 * resolve, so that a gap in that model (the 4th review found three) cannot reach a function. They are
 * PostgreSQL 15's functions that take one argument of any row type (or any type), their families, and the
 * types a row converts to by a call ({@code p.text}). (A function of a text or a number cannot be reached so:
 * a row converts to neither implicitly.) No copilot view has a column of these names, and a question has
 * no need to name one so.
 */
final class RowCallNames {

    private static final Set<String> NAMES = Set.of("to_json", "to_jsonb", "row_to_json", "json_build_array",
            "json_build_object", "jsonb_build_array", "jsonb_build_object", "json", "jsonb", "text", "concat",
            "concat_ws", "format", "num_nulls", "num_nonnulls", "quote_literal", "quote_nullable", "quote_ident",
            "hash_record", "hash_record_extended", "record_out", "record_send", "row", "xml", "array_agg", "string_agg",
            "json_agg", "jsonb_agg", "xmlagg", "bpchar", "varchar");

    private static final Set<String> PREFIXES = Set.of("pg_", "to_json", "json", "row_", "record_", "hash_",
            "quote_", "num_", "concat", "xml");

    private static final Set<String> SUFFIXES = Set.of("_out", "_send", "_agg");

    private RowCallNames() {
    }

    /** Whether {@code name}, read after a dot, could be a call on the row before it. */
    static boolean couldCall(String name) {
        return NAMES.contains(name) || PREFIXES.stream().anyMatch(name::startsWith)
                || SUFFIXES.stream().anyMatch(name::endsWith);
    }
}
