package dev.calibrate.app.console;

import dev.calibrate.kernel.error.InvalidInput;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What was wrong with a submitted form or a page's filters, by the form field it belongs to, for the
 * template to show next to that field ({@code errors.of('name')}). Found by the page's own checks
 * ({@link #add}) or by the API's ({@link #of(InvalidInput)}); the first message for a field is kept. A
 * violation of a nested path ({@code floors.USD}) belongs to its top-level field and keeps the rest of
 * the path in its message. (The rule builder places its errors by row, {@code pricechange/BuilderErrors}.)
 */
public final class FormErrors {

    private final Map<String, String> byField = new LinkedHashMap<>();

    /** No errors yet; {@link #add} finds them. */
    public FormErrors() {
    }

    public static FormErrors none() {
        return new FormErrors();
    }

    public static FormErrors of(InvalidInput invalid) {
        FormErrors errors = new FormErrors();
        for (InvalidInput.Violation violation : invalid.violations()) {
            String path = violation.field();
            int cut = firstSeparator(path);
            String field = cut < 0 ? path : path.substring(0, cut);
            String rest = cut < 0 ? "" : path.substring(cut).replaceFirst("^\\.", "");
            errors.add(field, rest.isEmpty() ? violation.message() : rest + ": " + violation.message());
        }
        return errors;
    }

    public static FormErrors of(String field, String message) {
        FormErrors errors = new FormErrors();
        errors.add(field, message);
        return errors;
    }

    /** Records the message for {@code field} unless it has one already. */
    public void add(String field, String message) {
        byField.putIfAbsent(field, message);
    }

    public boolean any() {
        return !byField.isEmpty();
    }

    public boolean isEmpty() {
        return byField.isEmpty();
    }

    public boolean has(String field) {
        return byField.containsKey(field);
    }

    /** The message for {@code field}, or null when it has none. */
    public String of(String field) {
        return byField.get(field);
    }

    /** Violations of fields the form does not show (the whole body, say), for an alert above it. */
    public String outside(String... shown) {
        StringBuilder text = new StringBuilder();
        byField.forEach((field, message) -> {
            if (!Arrays.asList(shown).contains(field)) {
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
