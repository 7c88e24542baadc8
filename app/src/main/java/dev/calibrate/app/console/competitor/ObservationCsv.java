package dev.calibrate.app.console.competitor;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calibrate.kernel.error.InvalidInput;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An observation upload's CSV, read into the items {@code POST /api/v1/competitors/{id}/observations} takes.
 * The first line names the columns ({@code sku} or {@code productId}, {@code price}, {@code currency},
 * {@code observedAt}, and optionally {@code url}, {@code inStock}); cells stay text, so each item is checked by
 * the API exactly as a JSON client's would be. A file that cannot be read as CSV is refused naming its line.
 */
final class ObservationCsv {

    /** The API takes at most this many observations a batch. */
    static final int MAX_ROWS = 5000;
    static final long MAX_BYTES = 512 * 1024;
    static final Set<String> COLUMNS = Set.of("sku", "productId", "price", "currency", "observedAt", "url", "inStock");
    private static final Map<String, String> BY_LOWER_CASE = new TreeMap<>();

    static {
        COLUMNS.forEach(c -> BY_LOWER_CASE.put(c.toLowerCase(Locale.ROOT), c));
    }

    /** An item and the CSV line it came from, so the API's answer for it can name that line. */
    record Row(int line, ObjectNode item) {
    }

    private ObservationCsv() {
    }

    static List<Row> read(String text) {
        List<List<String>> records = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        parse(text.startsWith("\uFEFF") ? text.substring(1) : text, records, lines);
        if (records.isEmpty()) {
            throw new InvalidInput("file", "the file is empty; its first line names the columns");
        }
        List<String> header = new ArrayList<>();
        for (String cell : records.get(0)) {
            String column = BY_LOWER_CASE.get(cell.strip().toLowerCase(Locale.ROOT));
            if (column == null) {
                throw new InvalidInput("file", "line 1: \"" + cell.strip() + "\" is not a column; the columns are "
                        + "sku (or productId), price, currency, observedAt, url, inStock");
            }
            if (header.contains(column)) {
                throw new InvalidInput("file", "line 1 names " + column + " twice");
            }
            header.add(column);
        }
        if (records.size() == 1) {
            throw new InvalidInput("file", "the file has no observations after its header line");
        }
        if (records.size() - 1 > MAX_ROWS) {
            throw new InvalidInput("file", "the file has " + (records.size() - 1) + " observations; one upload takes at most "
                    + MAX_ROWS);
        }
        List<Row> rows = new ArrayList<>();
        for (int r = 1; r < records.size(); r++) {
            List<String> cells = records.get(r);
            if (cells.size() != header.size()) {
                throw new InvalidInput("file", "line " + lines.get(r) + " has " + cells.size() + " cells; the header has "
                        + header.size());
            }
            ObjectNode item = JsonNodeFactory.instance.objectNode();
            for (int c = 0; c < cells.size(); c++) {
                String value = cells.get(c).strip();
                if (value.isEmpty()) {
                    continue;
                }
                if (header.get(c).equals("inStock") && (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false"))) {
                    item.put("inStock", Boolean.parseBoolean(value.toLowerCase(Locale.ROOT)));
                } else {
                    item.put(header.get(c), value);
                }
            }
            rows.add(new Row(lines.get(r), item));
        }
        return rows;
    }

    /** RFC 4180: commas, quoted cells with doubled quotes inside, CRLF or LF; blank lines are skipped. */
    private static void parse(String text, List<List<String>> records, List<Integer> lines) {
        int line = 1;
        int start = 1;
        List<String> record = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (ch == '\n') line++;
                    cell.append(ch);
                }
            } else if (ch == '"') {
                if (!cell.toString().isBlank()) {
                    throw new InvalidInput("file", "line " + line + ": a quote in the middle of a cell");
                }
                cell.setLength(0);
                quoted = true;
                any = true;
            } else if (ch == ',') {
                record.add(cell.toString());
                cell.setLength(0);
                any = true;
            } else if (ch == '\n' || ch == '\r') {
                if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
                if (any || !cell.toString().isBlank()) {
                    record.add(cell.toString());
                    records.add(record);
                    lines.add(start);
                }
                record = new ArrayList<>();
                cell.setLength(0);
                any = false;
                line++;
                start = line;
            } else {
                cell.append(ch);
                if (!Character.isWhitespace(ch)) any = true;
            }
        }
        if (quoted) {
            throw new InvalidInput("file", "line " + start + ": a quoted cell is not closed");
        }
        if (any || !cell.toString().isBlank()) {
            record.add(cell.toString());
            records.add(record);
            lines.add(start);
        }
    }
}
