package dev.calibrate.app.console;

import dev.calibrate.kernel.error.InvalidInput;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What was wrong with a submitted form, by the form field it belongs to, for the template to show next
 * to that field ({@code errors.of('name')}). A violation of a nested path ({@code floors.USD}) belongs to
 * its top-level field and keeps the rest of the path in its message.
 */
public record FormErrors(Map<String, String> byField) {

    public static FormErrors none() {
        return new FormErrors(Map.of());
    }

    public static FormErrors of(InvalidInput invalid) {
        Map<String, String> byField = new LinkedHashMap<>();
        for (InvalidInput.Violation violation : invalid.violations()) {
            String path = violation.field();
            int cut = firstSeparator(path);
            String field = cut < 0 ? path : path.substring(0, cut);
            String rest = cut < 0 ? "" : path.substring(cut).replaceFirst("^\\.", "");
            byField.putIfAbsent(field, rest.isEmpty() ? violation.message() : rest + ": " + violation.message());
        }
        return new FormErrors(Map.copyOf(byField));
    }

    public static FormErrors of(String field, String message) {
        return new FormErrors(Map.of(field, message));
    }

    public boolean any() {
        return !byField.isEmpty();
    }

    public boolean has(String field) {
        return byField.containsKey(field);
    }

    public String of(String field) {
        return byField.get(field);
    }

    /** Violations of fields the form does not show (the whole body, say), for an alert above it. */
    public String outside(String... shown) {
        StringBuilder text = new StringBuilder();
        byField.forEach((field, message) -> {
            if (!java.util.Arrays.asList(shown).contains(field)) {
                if (!text.isEmpty()) text.append("; ");
                text.append(field).append(": ").append(message);
            }
        });
        return text.isEmpty() ? null : text.toString();
    }

    private static int firstSeparator(String path) {
        int dot = path.indexOf('.');
        int bracket = path.indexOf('[');
        if (dot < 0) return bracket;
        if (bracket < 0) return dot;
        return Math.min(dot, bracket);
    }
}
