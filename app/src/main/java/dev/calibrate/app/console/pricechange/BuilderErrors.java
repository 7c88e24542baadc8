package dev.calibrate.app.console.pricechange;

import dev.calibrate.kernel.error.InvalidInput.Violation;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The API's violations placed where the builder shows them: next to the field, the selector row or
 * the transform step their path names ({@code rule.transform[0].value} is the first step's).
 */
public record BuilderErrors(List<Violation> violations) {

    private static final Pattern CONDITION = Pattern.compile("^rule\\.selector\\.all\\[(\\d+)]");
    private static final Pattern STEP = Pattern.compile("^rule\\.transform\\[(\\d+)]");
    private static final List<String> FIELDS = List.of("name", "scheduleAt", "expiresAt", "note", "rule.currency",
            "rule.compareAt");

    public static BuilderErrors none() {
        return new BuilderErrors(List.of());
    }

    public boolean any() {
        return !violations.isEmpty();
    }

    /** The message for a form field ({@code name}, {@code rule.currency}), or null. */
    public String field(String name) {
        return join(v -> v.field().equals(name) || v.field().startsWith(name + "."));
    }

    public String condition(int index) {
        return join(v -> index(CONDITION, v.field()) == index);
    }

    public String step(int index) {
        return join(v -> index(STEP, v.field()) == index);
    }

    /** What names the selector or the steps as a whole (none selected, too many steps). */
    public String selector() {
        return join(v -> v.field().startsWith("rule.selector") && index(CONDITION, v.field()) < 0);
    }

    public String transform() {
        return join(v -> v.field().startsWith("rule.transform") && index(STEP, v.field()) < 0);
    }

    /** Everything no field, row or section of the form shows. */
    public String other() {
        return join(v -> FIELDS.stream().noneMatch(f -> v.field().equals(f) || v.field().startsWith(f + "."))
                && !v.field().startsWith("rule.selector") && !v.field().startsWith("rule.transform"));
    }

    private String join(Predicate<Violation> which) {
        String text = violations.stream().filter(which).map(v -> label(v.field()) + " " + v.message())
                .collect(Collectors.joining("; "));
        return text.isEmpty() ? null : text;
    }

    /** The violation's own part of the path, e.g. "value" for rule.transform[0].value. */
    private static String label(String field) {
        int dot = field.lastIndexOf('.');
        String last = dot < 0 ? field : field.substring(dot + 1);
        return last + ":";
    }

    private static int index(Pattern pattern, String field) {
        Matcher m = pattern.matcher(field);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }
}
