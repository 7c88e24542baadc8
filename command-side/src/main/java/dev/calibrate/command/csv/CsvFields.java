package dev.calibrate.command.csv;

import java.util.ArrayList;
import java.util.List;

/**
 * The fields of one line of an uploaded CSV (RFC 4180 quoting: a field may be double-quoted, with
 * {@code ""} for a quote inside). A file is read line by line, so a quoted field never spans lines.
 */
public final class CsvFields {

    private CsvFields() {
    }

    /** The fields of {@code line}, unquoted; an {@link IllegalArgumentException} when a quote is never closed. */
    public static List<String> of(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("has a quote that is never closed");
        }
        fields.add(field.toString());
        return fields;
    }
}
