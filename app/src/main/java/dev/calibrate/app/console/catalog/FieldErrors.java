package dev.calibrate.app.console.catalog;

import java.util.ArrayList;
import java.util.List;

/** The errors of a form, each naming the field it belongs next to; templates ask {@code errors.of('page')}. */
public final class FieldErrors {

    public record FieldError(String field, String message) {
    }

    private final List<FieldError> errors = new ArrayList<>();

    public void add(String field, String message) {
        if (of(field) == null) {
            errors.add(new FieldError(field, message));
        }
    }

    /** The message for {@code field}, or null when it has none. */
    public String of(String field) {
        return errors.stream().filter(e -> e.field().equals(field)).map(FieldError::message).findFirst().orElse(null);
    }

    public boolean has(String field) {
        return of(field) != null;
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public List<FieldError> all() {
        return List.copyOf(errors);
    }
}
