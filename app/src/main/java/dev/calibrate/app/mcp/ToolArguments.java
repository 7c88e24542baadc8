package dev.calibrate.app.mcp;

import dev.calibrate.kernel.error.InvalidInput;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A tool call's arguments, checked as the REST edge checks its parameters: a wrong type, an unknown name,
 * a value out of range or a control character is an {@link InvalidInput} naming the argument, which the
 * caller sees as a tool error. An assistant writes these arguments, so nothing in them is trusted.
 */
final class ToolArguments {

    private final Map<String, Object> values;

    private ToolArguments(Map<String, Object> values) {
        this.values = values;
    }

    /** The arguments, refusing any name not in {@code known} (a typo would otherwise be silently ignored). */
    static ToolArguments of(Map<String, Object> values, Set<String> known) {
        Map<String, Object> given = values == null ? Map.of() : values;
        for (String name : given.keySet()) {
            if (!known.contains(name)) {
                throw new InvalidInput(name.chars().anyMatch(Character::isISOControl) ? "(arguments)" : name,
                        "is not an argument of this tool; it takes " + String.join(", ", known.stream().sorted().toList()));
            }
        }
        return new ToolArguments(given);
    }

    /** Text of at most {@code maxLength} characters without control characters; null when absent. */
    String text(String name, int maxLength) {
        Object value = values.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw new InvalidInput(name, "must be a string");
        }
        if (text.length() > maxLength) {
            throw new InvalidInput(name, "must be at most " + maxLength + " characters");
        }
        // what QueryParameterFilter refuses in a REST query parameter: PostgreSQL cannot compare U+0000
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInput(name, "must not contain control characters");
        }
        return text;
    }

    String requiredText(String name, int maxLength) {
        String text = text(name, maxLength);
        if (text == null || text.isBlank()) {
            throw new InvalidInput(name, "is required");
        }
        return text;
    }

    /** A whole number from {@code min} to {@code max}; {@code fallback} when absent. */
    int integer(String name, int min, int max, int fallback) {
        Integer value = integer(name, min, max);
        return value == null ? fallback : value;
    }

    /** A whole number from {@code min} to {@code max}; null when absent. */
    Integer integer(String name, int min, int max) {
        Object value = values.get(name);
        if (value == null) {
            return null;
        }
        long whole;
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            whole = ((Number) value).longValue();
        } else if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())
                && Math.abs(number.doubleValue()) < 1e15) {
            whole = (long) number.doubleValue();
        } else {
            throw new InvalidInput(name, "must be a whole number from " + min + " to " + max);
        }
        if (whole < min || whole > max) {
            throw new InvalidInput(name, "must be a whole number from " + min + " to " + max);
        }
        return (int) whole;
    }

    /** A UUID in its canonical form (as the REST edge takes ids); null when absent. */
    UUID uuid(String name) {
        String text = text(name, 36);
        if (text == null) {
            return null;
        }
        try {
            UUID parsed = UUID.fromString(text);
            // UUID.fromString accepts shortened groups ("1-1-1-1-1"); only the canonical form is an id
            if (parsed.toString().equalsIgnoreCase(text)) {
                return parsed;
            }
        } catch (IllegalArgumentException malformed) {
            // answered below
        }
        throw new InvalidInput(name, "must be a UUID such as 3f2b6c1e-8d4a-4f7b-9c2e-5a1d0e6f7b8c");
    }

    UUID requiredUuid(String name) {
        UUID id = uuid(name);
        if (id == null) {
            throw new InvalidInput(name, "is required");
        }
        return id;
    }
}
