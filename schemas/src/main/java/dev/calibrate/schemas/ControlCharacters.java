package dev.calibrate.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.kernel.error.InvalidInput.Violation;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds control characters in a request body, wherever they hide: values, array items and object keys.
 * PostgreSQL cannot store U+0000 in text or jsonb, so one such character in an appended event used to
 * stop every projection that stored it; the other C0 controls and DEL are never meant in SKUs, ids,
 * tags or codes either. Free text (titles, names, notes, reasons) may hold tabs and line breaks.
 */
public final class ControlCharacters {

    /** Properties people type prose into, anywhere in a body; everything else is an identifier or a code. */
    static final Set<String> FREE_TEXT = Set.of("title", "name", "note", "reason", "description");

    private ControlCharacters() {
    }

    /** One violation per string (or key) holding a control character, named by its path ({@code tags[2]}). */
    public static List<Violation> violations(JsonNode body) {
        List<Violation> violations = new ArrayList<>();
        walk(body, "", null, violations);
        return violations;
    }

    private static boolean isForbidden(char c, boolean freeText) {
        if (c == '\t' || c == '\n') {
            return !freeText;
        }
        return c < 0x20 || c == 0x7f;
    }

    /** {@code text} without the characters a request could not carry in such a field: what connectors keep of channel data. */
    public static String strip(String text, boolean freeText) {
        if (text == null || firstForbidden(text, freeText) < 0) {
            return text;
        }
        StringBuilder kept = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isForbidden(c, freeText)) kept.append(c);
        }
        return kept.toString();
    }

    private static void walk(JsonNode node, String path, String property, List<Violation> violations) {
        if (node.isTextual()) {
            boolean freeText = property != null && FREE_TEXT.contains(property);
            int at = firstForbidden(node.textValue(), freeText);
            if (at >= 0) {
                violations.add(new Violation(field(path), "must not contain control characters; found "
                        + codePoint(node.textValue().charAt(at)) + " at position " + at));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", property, violations);
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                int at = firstForbidden(field.getKey(), false);
                if (at >= 0) {
                    // the key itself is not repeated: it is the offending text
                    violations.add(new Violation(field(path), "has a key with a control character ("
                            + codePoint(field.getKey().charAt(at)) + ")"));
                    continue;
                }
                walk(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey(),
                        field.getKey(), violations);
            }
        }
    }

    private static int firstForbidden(String text, boolean freeText) {
        for (int i = 0; i < text.length(); i++) {
            if (isForbidden(text.charAt(i), freeText)) return i;
        }
        return -1;
    }

    private static String field(String path) {
        return path.isEmpty() ? "(body)" : path;
    }

    private static String codePoint(char c) {
        return String.format("U+%04X", (int) c);
    }
}
