package dev.calibrate.query.csv;

import java.math.BigDecimal;

/**
 * The cells of the CSV exports (RFC 4180): text quoted with its quotes doubled, and defused when a
 * spreadsheet would read it as a formula (a leading {@code = + - @}, tab or carriage return gets a
 * {@code '}, OWASP's advice against CSV injection); amounts as plain decimals, which Calibrate writes
 * itself and a spreadsheet reads as numbers, a negative delta included.
 */
public final class CsvCells {

    private CsvCells() {
    }

    /** A text cell; null is an empty cell. */
    public static String text(String value) {
        if (value == null) {
            return "";
        }
        String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return '"' + safe.replace("\"", "\"\"") + '"';
    }

    /** An amount or percent as a plain decimal; null is an empty cell. */
    public static String decimal(BigDecimal value) {
        return value == null ? "" : value.toPlainString();
    }
}
