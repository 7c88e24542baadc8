package dev.calibrate.app.copilot.llm;

import dev.calibrate.app.copilot.guard.Allowed;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The copilot views as the model is told about them: every view the guard allows, each column with its
 * type and its {@code COMMENT}, read from the database's catalog (V25 comments every view and column), so
 * the description cannot drift from the views. Only the catalog is read, never a row: no tenant data.
 * Read once, at the first question the LLM translator is asked.
 */
public class CopilotSchema {

    private static final String CATALOG = """
            SELECT c.relname AS view, obj_description(c.oid, 'pg_class') AS view_comment,
                   a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
                   col_description(c.oid, a.attnum) AS column_comment
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            WHERE n.nspname = 'copilot' AND c.relkind = 'v'
            ORDER BY c.relname, a.attnum""";

    private final JdbcTemplate main;
    private volatile String text;

    public CopilotSchema(JdbcTemplate main) {
        this.main = main;
    }

    /** One paragraph per view: {@code copilot.<view>: <comment>}, then {@code - column type: comment}. */
    public String text() {
        String described = text;
        if (described == null) {
            described = describe();
            text = described;
        }
        return described;
    }

    private String describe() {
        Map<String, List<String>> views = new LinkedHashMap<>();
        main.query(CATALOG, row -> {
            String view = row.getString("view");
            if (!Allowed.VIEWS.contains(view)) {
                return;
            }
            List<String> lines = views.computeIfAbsent(view, v -> new ArrayList<>());
            if (lines.isEmpty()) {
                lines.add("copilot." + view + ": " + orNothing(row.getString("view_comment")));
            }
            lines.add("- " + row.getString("column") + " " + row.getString("type")
                    + commented(row.getString("column_comment")));
        });
        if (!views.keySet().containsAll(Allowed.VIEWS)) {
            throw new IllegalStateException("the copilot views are not all in the catalog: " + views.keySet());
        }
        List<String> paragraphs = new ArrayList<>();
        views.values().forEach(lines -> paragraphs.add(String.join("\n", lines)));
        return String.join("\n\n", paragraphs);
    }

    private static String orNothing(String comment) {
        return comment == null ? "" : comment;
    }

    private static String commented(String comment) {
        return comment == null ? "" : ": " + comment;
    }
}
