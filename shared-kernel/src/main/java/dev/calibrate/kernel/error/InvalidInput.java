package dev.calibrate.kernel.error;

import java.util.List;

/**
 * Input that breaks a rule; each {@link Violation} names the JSON path of the offending part
 * ({@code prices[0].amount}) and says what is wrong with it.
 */
public class InvalidInput extends Rejection {

    public record Violation(String field, String message) {
    }

    private final List<Violation> violations;

    public InvalidInput(String field, String reason) {
        this(List.of(new Violation(field, reason)));
    }

    public InvalidInput(List<Violation> violations) {
        super(describe(violations));
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("an invalid input names at least one violation");
        }
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }

    /** The first offending field. */
    public String field() {
        return violations.get(0).field();
    }

    public String reason() {
        return violations.get(0).message();
    }

    @Override
    public Kind kind() {
        return Kind.INVALID;
    }

    private static String describe(List<Violation> violations) {
        StringBuilder text = new StringBuilder();
        for (Violation v : violations) {
            if (!text.isEmpty()) text.append("; ");
            text.append(v.field()).append(": ").append(v.message());
        }
        return text.toString();
    }
}
