package dev.calibrate.command.product.floors;

import dev.calibrate.command.csv.CsvFields;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.error.InvalidInput.Violation;
import dev.calibrate.kernel.product.BrandFloors;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A brand-floor import: a header {@code sku,currency,map,pmap,pmap_from,pmap_until,lrp}, then a row per
 * product and currency. A row with every floor empty clears the product's floors in that currency. The
 * whole file is checked before anything is written, and every problem named by its line (the header is
 * line 1); fields may be double-quoted, with {@code ""} for a quote inside.
 */
final class BrandFloorCsv {

    static final List<String> HEADER = List.of("sku", "currency", "map", "pmap", "pmap_from", "pmap_until", "lrp");
    /** Characters a file may hold: well under the server's request limit, a few thousand rows. */
    static final int MAX_CHARS = 1_000_000;
    static final int MAX_ROWS = 10_000;
    /** At most this many problems are listed: a wrong file would otherwise answer one per line. */
    static final int MAX_VIOLATIONS = 100;

    /** One row: {@code floors} null clears the product's floors in {@code currency}. */
    record Row(int line, String sku, String currency, BrandFloors floors) {
    }

    private BrandFloorCsv() {
    }

    /** Every row of {@code text}, or an {@link InvalidInput} naming each bad line. */
    static List<Row> parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInput("(body)", "is empty: a CSV with the header " + String.join(",", HEADER) + " is expected");
        }
        if (text.length() > MAX_CHARS) {
            throw new InvalidInput("(body)", "is longer than " + MAX_CHARS + " characters; split the import");
        }
        String[] lines = text.split("\r?\n", -1);
        List<String> header = CsvFields.of(lines[0].strip().replace("\uFEFF", ""));
        if (!header.stream().map(String::strip).toList().equals(HEADER)) {
            throw new InvalidInput("line 1", "the header must be " + String.join(",", HEADER));
        }
        List<Row> rows = new ArrayList<>();
        List<Violation> violations = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < lines.length; i++) {
            int line = i + 1;
            if (lines[i].isBlank()) continue;
            if (rows.size() + 1 > MAX_ROWS) {
                throw new InvalidInput("line " + line, "more than " + MAX_ROWS + " rows; split the import");
            }
            String prefix = "line " + line + ": ";
            List<String> fields;
            try {
                fields = CsvFields.of(lines[i]);
            } catch (IllegalArgumentException e) {
                violations.add(new Violation("line " + line, e.getMessage()));
                continue;
            }
            if (fields.size() != HEADER.size()) {
                violations.add(new Violation("line " + line, "has " + fields.size() + " fields, not " + HEADER.size()));
                continue;
            }
            String sku = fields.get(0).strip();
            if (sku.isEmpty() || sku.length() > 255) {
                violations.add(new Violation(prefix + "sku", "must be 1 to 255 characters"));
            }
            String currency = BrandFloorRules.currency(fields.get(1).strip(), prefix + "currency", violations);
            boolean clears = fields.subList(2, HEADER.size()).stream().allMatch(BrandFloorRules::blank);
            BrandFloors floors = clears ? null : BrandFloorRules.floors(currency, fields.get(2), fields.get(3),
                    fields.get(4), fields.get(5), fields.get(6), prefix, violations);
            if (currency != null && !sku.isEmpty() && !seen.add(sku + "\u0000" + currency)) {
                violations.add(new Violation(prefix + "sku", "is in the file twice for " + currency));
            }
            rows.add(new Row(line, sku, currency, floors));
            if (violations.size() >= MAX_VIOLATIONS) break;
        }
        if (!violations.isEmpty()) {
            throw new InvalidInput(violations.subList(0, Math.min(violations.size(), MAX_VIOLATIONS)));
        }
        if (rows.isEmpty()) {
            throw new InvalidInput("(body)", "has a header and no rows");
        }
        return rows;
    }
}
