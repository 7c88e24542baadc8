package dev.calibrate.app.copilot.database;

import java.util.List;

/**
 * What a statement answered: column names, at most {@code maxRows} rows of plain values (text, whole
 * numbers, booleans, null; decimals as exact decimal strings, instants as ISO-8601, arrays as lists), and
 * whether more rows were there.
 */
public record ResultTable(List<String> columns, List<List<Object>> rows, boolean truncated) {

    public ResultTable {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }
}
