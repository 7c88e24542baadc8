package dev.calibrate.app.audit.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Base64;
import java.util.HexFormat;

/** One line of an export, parsed, with typed reads of its fields; a field that does not read names its line. */
final class ExportRecord {

    /** A structural problem with the file: it is not an export the verifier can read. */
    static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    /** A leaf's base64 payload can pass Jackson's default 20 MB string limit; a line is still read whole. */
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build()).build());
    private static final HexFormat HEX = HexFormat.of();

    private final JsonNode node;
    private final long line;

    private ExportRecord(JsonNode node, long line) {
        this.node = node;
        this.line = line;
    }

    /** @param more whether a line follows: an unparsable last line is a file cut short, not a bad record */
    static ExportRecord parse(String text, long line, boolean more) throws Unreadable {
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isObject()) {
                throw new Unreadable("line " + line + " is not a JSON object");
            }
            return new ExportRecord(node, line);
        } catch (IOException e) {
            throw new Unreadable(more ? "line " + line + " is not JSON"
                    : "the file is cut short at line " + line + " (its last line is not whole JSON)");
        }
    }

    long line() {
        return line;
    }

    /** The field as it is, or a missing node. */
    JsonNode path(String field) {
        return node.path(field);
    }

    /** Whether the field is absent or null. */
    boolean isNull(String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull();
    }

    String text(String field) throws Unreadable {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new Unreadable("line " + line + ": " + field + " is missing or not a string");
        }
        return value.asText();
    }

    String nullableText(String field) throws Unreadable {
        return isNull(field) ? null : text(field);
    }

    long number(String field) throws Unreadable {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToExactIntegral() || !value.canConvertToLong()) {
            throw new Unreadable("line " + line + ": " + field + " is missing or not an integer");
        }
        return value.asLong();
    }

    /** A text field holding a hex SHA-256 hash. */
    byte[] hash(String field) throws Unreadable {
        return hash(text(field), field);
    }

    /** {@code hex} of the field {@code field} (an element of an array of hashes, say), as a SHA-256 hash. */
    byte[] hash(String hex, String field) throws Unreadable {
        try {
            byte[] hash = HEX.parseHex(hex);
            if (hash.length == 32) {
                return hash;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new Unreadable("line " + line + ": " + field + " is not a hex SHA-256 hash");
    }

    /** A text field holding base64. */
    byte[] base64(String field) throws Unreadable {
        String value = text(field);
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new Unreadable("line " + line + ": " + field + " is not base64");
        }
    }
}
