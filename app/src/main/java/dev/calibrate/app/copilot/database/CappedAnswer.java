package dev.calibrate.app.copilot.database;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * What one answer may hold, in rows and in bytes. {@code ||}, casts and {@code power} can make a value far
 * wider than any stored one, and a row count alone does not bound what PostgreSQL sends or what the JVM
 * keeps. So the guarded statement runs wrapped: PostgreSQL cuts every value of a type without a fixed width
 * (text, numeric, arrays …) to {@code maxValueBytes + 1} characters before sending it; the reader cuts it
 * to {@code maxValueBytes} UTF-8 bytes ending with {@link #CUT_MARK}, fetches rows in batches small enough
 * for the answer's budget, and stops before the answer would hold more than {@code maxAnswerBytes}
 * (then the answer says it was truncated).
 */
final class CappedAnswer {

    /** How a cut value ends. */
    static final String CUT_MARK = "…[cut]";
    private static final int CUT_MARK_BYTES = CUT_MARK.getBytes(StandardCharsets.UTF_8).length;

    /** Types whose values have a small fixed width: sent as they are. */
    private static final Set<String> FIXED = Set.of("bool", "int2", "int4", "int8", "float4", "float8", "oid",
            "date", "time", "timetz", "timestamp", "timestamptz", "interval", "uuid");
    /** Text types: sent cut by PostgreSQL, read as text. */
    private static final Set<String> TEXT = Set.of("text", "varchar", "bpchar", "name", "unknown");

    private final int maxRows;
    private final int maxValueBytes;
    private final long maxAnswerBytes;

    CappedAnswer(int maxRows, int maxValueBytes, long maxAnswerBytes) {
        if (maxValueBytes <= CUT_MARK_BYTES || maxAnswerBytes < 1) {
            throw new IllegalArgumentException("the copilot's byte budgets are too small");
        }
        this.maxRows = maxRows;
        this.maxValueBytes = maxValueBytes;
        this.maxAnswerBytes = maxAnswerBytes;
    }

    /** A column of the statement as PostgreSQL described it, before it ran. */
    record Column(String label, String type) {

        static List<Column> of(ResultSetMetaData meta) throws SQLException {
            List<Column> columns = new ArrayList<>();
            for (int c = 1; c <= meta.getColumnCount(); c++) {
                columns.add(new Column(meta.getColumnLabel(c), meta.getColumnTypeName(c).toLowerCase(java.util.Locale.ROOT)));
            }
            return columns;
        }

        boolean fixed() {
            return FIXED.contains(type);
        }

        boolean text() {
            return TEXT.contains(type);
        }
    }

    /**
     * The statement wrapped so that no value PostgreSQL sends is much wider than the budget: a text is cut
     * to {@code maxValueBytes + 1} characters; any other type without a fixed width is sent as it is when its
     * text form fits, and otherwise as that text form cut, in a second column. The wrapper keeps the
     * statement's order and its {@code LIMIT}.
     */
    String wrap(String sql, List<Column> columns) {
        if (columns.isEmpty()) {
            return sql;
        }
        int cutAt = maxValueBytes + 1;
        List<String> selected = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            String name = "c" + (i + 1);
            names.add(name);
            Column column = columns.get(i);
            if (column.fixed()) {
                selected.add("q." + name);
            } else if (column.text()) {
                selected.add("left(q." + name + "::text, " + cutAt + ")");
            } else {
                selected.add("CASE WHEN octet_length(q." + name + "::text) <= " + maxValueBytes + " THEN q." + name
                        + " END");
                selected.add("CASE WHEN octet_length(q." + name + "::text) > " + maxValueBytes + " THEN left(q."
                        + name + "::text, " + cutAt + ") END");
            }
        }
        return "SELECT " + String.join(", ", selected) + " FROM (" + sql + ") AS q(" + String.join(", ", names) + ")";
    }

    /** Rows per fetch: as many as fit the answer's budget if every value were as wide as PostgreSQL sends it. */
    int fetchSize(int columns) {
        long widestRow = Math.max(1, columns) * 4L * (maxValueBytes + 1L);
        return (int) Math.max(1, Math.min(maxRows + 1L, maxAnswerBytes / widestRow));
    }

    /**
     * Reads at most {@code maxRows} rows and at most {@code maxAnswerBytes}; truncated when a row was left
     * unread for either. {@code pastDeadline} is asked before every row.
     */
    ResultTable read(ResultSet rows, List<Column> columns, BooleanSupplier pastDeadline)
            throws SQLException {
        List<String> labels = columns.stream().map(Column::label).toList();
        List<List<Object>> values = new ArrayList<>();
        long bytes = 0;
        boolean truncated = false;
        while (rows.next()) {
            if (pastDeadline.getAsBoolean()) {
                throw new SQLException("the copilot's statement ran past its deadline", "57014");
            }
            if (values.size() == maxRows) {
                truncated = true;
                break;
            }
            List<Object> row = new ArrayList<>(columns.size());
            long rowBytes = 0;
            int index = 1;
            for (Column column : columns) {
                Object value;
                if (column.fixed() || column.text()) {
                    value = capped(rows.getObject(index++));
                } else {
                    Object whole = rows.getObject(index++);
                    String cut = rows.getString(index++);
                    value = cut != null ? cut(cut) : capped(whole);
                }
                row.add(value);
                rowBytes += size(value);
            }
            if (bytes + rowBytes > maxAnswerBytes) {
                truncated = true;
                break;
            }
            bytes += rowBytes;
            values.add(row);
        }
        return new ResultTable(labels, values, truncated);
    }

    private Object capped(Object value) throws SQLException {
        Object plain = plain(value);
        return plain instanceof String text ? cut(text) : plain;
    }

    /** The text itself when it fits the budget, else its longest prefix that fits with the mark after it. */
    String cut(String text) {
        if (text.length() <= maxValueBytes / 4 || text.getBytes(StandardCharsets.UTF_8).length <= maxValueBytes) {
            return text;
        }
        int budget = maxValueBytes - CUT_MARK_BYTES;
        int used = 0;
        int end = 0;
        while (end < text.length()) {
            int cp = text.codePointAt(end);
            int width = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (used + width > budget) {
                break;
            }
            used += width;
            end += Character.charCount(cp);
        }
        return text.substring(0, end) + CUT_MARK;
    }

    /** About the bytes a value takes in the answer. */
    private static long size(Object value) {
        if (value == null) {
            return 4;
        }
        if (value instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8).length + 2L;
        }
        if (value instanceof List<?> list) {
            long total = 2;
            for (Object item : list) {
                total += size(item) + 1;
            }
            return total;
        }
        return value.toString().length();
    }

    private static Object plain(Object value) throws SQLException {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof Short) {
            return value;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.stripTrailingZeros().toPlainString();
        }
        if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            return Double.isFinite(number) ? new BigDecimal(value.toString()).stripTrailingZeros().toPlainString()
                    : value.toString();
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant().toString();
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant().toString();
        }
        if (value instanceof UUID uuid) {
            return uuid.toString();
        }
        if (value instanceof Array array) {
            Object[] items = (Object[]) array.getArray();
            List<Object> list = new ArrayList<>();
            for (Object item : items) {
                list.add(plain(item));
            }
            return list;
        }
        if (value instanceof Object[] items) {
            return Arrays.asList(items);
        }
        return value.toString();
    }
}
