package dev.calibrate.command.pricechange.upload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calibrate.command.csv.CsvFields;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.error.InvalidInput.Violation;
import dev.calibrate.kernel.money.Money;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An uploaded CSV of SKUs and prices, checked whole: a header {@code sku,price}, then a row per product
 * (the header is line 1; a leading byte-order mark and blank lines are allowed). Every problem is named by
 * its line and nothing is drafted unless the whole file is right. Its rule ({@link #rule}) selects exactly
 * the listed SKUs and gives each its price with a {@code price_table} step that names the file, its
 * SHA-256 and the line, so the price change is an ordinary one: previewed, judged by the guardrails and
 * brand floors, approved by someone else, applied.
 *
 * @param fileName what the explain calls the file
 * @param sha256   the hash of the bytes as uploaded, in hex
 */
public record PriceUpload(String fileName, String sha256, String currency, List<Row> rows) {

    static final List<String> HEADER = List.of("sku", "price");
    /** A rule's table holds at most this many SKUs (the PricingRule schema's bound). */
    static final int MAX_ROWS = 10_000;
    /** At most this many problems are listed: a wrong file would otherwise answer one per line. */
    static final int MAX_VIOLATIONS = 100;
    /** An {@code in} condition holds at most this many values (the PricingRule schema's bound). */
    private static final int IN_LIMIT = 1_000;
    private static final Pattern AMOUNT = Pattern.compile("[0-9]{1,15}(\\.[0-9]{1,6})?");
    /** A carriage return not followed by a line feed: classic Mac line ends, which the split would miss. */
    private static final Pattern LONE_CR = Pattern.compile("\r(?!\n)");
    /** C0 and C1 controls and DEL: never in a SKU, a price or a file name. */
    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x1f\\x7f-\\x9f]");
    /**
     * Format characters (U+202E reverses what follows), line and paragraph separators: a file name holding
     * them could make an explain read as another file's, so the name shown is the name given.
     */
    private static final Pattern INVISIBLE = Pattern.compile("[\\p{Cf}\\p{Zl}\\p{Zp}]");

    public PriceUpload {
        rows = List.copyOf(rows);
    }

    /** One row: the product's SKU and its new price, at the currency's scale. */
    public record Row(int line, String sku, BigDecimal price) {
    }

    /**
     * The upload {@code body}, checked; an {@link InvalidInput} names each bad line (at most
     * {@value #MAX_VIOLATIONS}) or what is wrong with the whole file. {@code currency} is checked first.
     */
    public static PriceUpload parse(byte[] body, String fileName, String currency) {
        try {
            Money.minorUnits(currency);
        } catch (InvalidInput e) {
            throw new InvalidInput("currency", e.reason());
        }
        String name = fileName == null || fileName.isBlank() ? "upload.csv" : fileName.strip();
        if (name.length() > 255 || CONTROL.matcher(name).find() || INVISIBLE.matcher(name).find()) {
            throw new InvalidInput("fileName", "must be 1 to 255 characters, none of them a control, format "
                    + "(such as a bidirectional override) or line or paragraph separator character");
        }
        if (name.toLowerCase(Locale.ROOT).contains("(sha256")) {
            throw new InvalidInput("fileName", "must not hold \"(sha256\": the explain adds the file's own hash after it");
        }
        if (body == null || body.length == 0) {
            throw new InvalidInput("(body)", "is empty: a CSV with the header " + String.join(",", HEADER) + " is expected");
        }
        String text = utf8(body);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        Matcher loneCr = LONE_CR.matcher(text);
        if (loneCr.find()) {
            throw new InvalidInput("line " + text.substring(0, loneCr.start()).split("\n", -1).length,
                    "ends in a lone carriage return (CR): lines must end in LF (\\n) or CR LF (\\r\\n)");
        }
        String[] lines = text.split("\r?\n", -1);
        List<String> header;
        try {
            header = CsvFields.of(lines[0]).stream().map(f -> f.strip().toLowerCase(Locale.ROOT)).toList();
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("line 1", e.getMessage());
        }
        if (header.contains("compare_at")) {
            throw new InvalidInput("line 1", "a compare_at column is not taken: an uploaded strike-through price would "
                    + "bypass the EU prior-price rule; set the query parameter compareAt (keep, clear or set_to_current)");
        }
        if (!header.equals(HEADER)) {
            throw new InvalidInput("line 1", "the header must be " + String.join(",", HEADER));
        }
        int scale = Money.minorUnits(currency);
        List<Row> rows = new ArrayList<>();
        List<Violation> violations = new ArrayList<>();
        Map<String, Integer> firstLine = new HashMap<>();
        int read = 0;
        for (int i = 1; i < lines.length && violations.size() < MAX_VIOLATIONS; i++) {
            int line = i + 1;
            if (lines[i].isBlank()) continue;
            if (++read > MAX_ROWS) {
                throw new InvalidInput("line " + line, "more than " + MAX_ROWS + " rows; split the upload");
            }
            int before = violations.size();
            Row row = row(lines[i], line, currency, scale, violations);
            if (row == null) continue;
            Integer first = row.sku().isEmpty() ? null : firstLine.putIfAbsent(row.sku(), line);
            if (first != null) {
                violations.add(new Violation("line " + line + ": sku", "is in the file twice (first on line " + first + ")"));
            }
            if (violations.size() == before) rows.add(row);
        }
        if (!violations.isEmpty()) {
            throw new InvalidInput(violations.subList(0, Math.min(violations.size(), MAX_VIOLATIONS)));
        }
        if (rows.isEmpty()) {
            throw new InvalidInput("(body)", "has a header and no rows");
        }
        return new PriceUpload(name, sha256(body), currency, rows);
    }

    /**
     * One line's row, its problems added to {@code violations} (its price then null); null when the line has
     * no fields to read.
     */
    private static Row row(String text, int line, String currency, int scale, List<Violation> violations) {
        String at = "line " + line;
        if (CONTROL.matcher(text.replace("\r", "")).find()) {
            violations.add(new Violation(at, "holds a control character"));
            return null;
        }
        List<String> fields;
        try {
            fields = CsvFields.of(text);
        } catch (IllegalArgumentException e) {
            violations.add(new Violation(at, e.getMessage()));
            return null;
        }
        if (fields.size() != HEADER.size()) {
            violations.add(new Violation(at, "has " + fields.size() + " fields, not " + HEADER.size()));
            return null;
        }
        String sku = fields.get(0).strip();
        if (sku.isEmpty() || sku.length() > 255) {
            violations.add(new Violation(at + ": sku", "must be 1 to 255 characters"));
        }
        String amount = fields.get(1).strip();
        BigDecimal price = null;
        if (!AMOUNT.matcher(amount).matches()) {
            violations.add(new Violation(at + ": price", amount.startsWith("-")
                    ? "must not be negative, got \"" + amount + "\""
                    : "must be a decimal such as 21.60, got \"" + amount + "\""));
        } else {
            price = new BigDecimal(amount);
            if (price.signum() == 0) {
                violations.add(new Violation(at + ": price", "must be more than zero"));
            } else if (price.stripTrailingZeros().scale() > scale) {
                violations.add(new Violation(at + ": price", "has more than " + scale + " decimals for " + currency));
            } else {
                price = price.setScale(scale);
            }
        }
        return new Row(line, sku, price);
    }

    /**
     * The draft's rule: the listed SKUs (in conditions of at most {@value #IN_LIMIT}, any of them) and one
     * {@code price_table} step; {@code compareAt} as the caller chose.
     */
    public JsonNode rule(String compareAt) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ArrayNode conditions = json.arrayNode();
        for (int from = 0; from < rows.size(); from += IN_LIMIT) {
            ArrayNode skus = json.arrayNode();
            rows.subList(from, Math.min(rows.size(), from + IN_LIMIT)).forEach(row -> skus.add(row.sku()));
            conditions.add(json.objectNode().put("field", "sku").put("op", "in").set("value", skus));
        }
        ObjectNode rule = json.objectNode();
        rule.set("selector", conditions.size() == 1 ? conditions.get(0) : json.objectNode().set("any", conditions));
        ArrayNode prices = json.arrayNode();
        rows.forEach(row -> prices.add(json.objectNode().put("sku", row.sku())
                .put("price", row.price().toPlainString()).put("line", row.line())));
        ObjectNode source = json.objectNode().put("file", fileName).put("sha256", sha256);
        ObjectNode step = json.objectNode().put("op", "price_table");
        step.set("source", source);
        step.set("prices", prices);
        rule.set("transform", json.arrayNode().add(step));
        rule.put("currency", currency);
        rule.put("compareAt", compareAt);
        return rule;
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInput("(body)", "is not UTF-8 text");
        }
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
