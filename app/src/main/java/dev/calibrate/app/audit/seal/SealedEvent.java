package dev.calibrate.app.audit.seal;

import dev.calibrate.app.audit.tree.MerkleTree;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * What a leaf of the audit log says about one stored event, and its canonical JSON (docs/audit.md):
 * the keys in this order, which is sorted, no whitespace, strings JSON-escaped (only {@code "}, {@code \}
 * and control characters, as {@code \"}, {@code \\} and {@code &#92;u00XX}), integers in decimal, null as
 * {@code null}. The payload and metadata enter as the SHA-256 of their stored bytes (metadata absent:
 * of no bytes), so the leaf is small and the event's content still cannot change unseen.
 */
public record SealedEvent(long position, String eventId, String aggregateId, String aggregateType, long sequence,
                          String type, String payloadRevision, String timestamp, byte[] payloadSha256,
                          byte[] metadataSha256) {

    private static final HexFormat HEX = HexFormat.of();

    public String canonicalJson() {
        StringBuilder json = new StringBuilder(320).append('{');
        field(json, "aggregateId", aggregateId).append(',');
        field(json, "aggregateType", aggregateType).append(',');
        field(json, "eventId", eventId).append(',');
        field(json, "metadataSha256", HEX.formatHex(metadataSha256)).append(',');
        field(json, "payloadRevision", payloadRevision).append(',');
        field(json, "payloadSha256", HEX.formatHex(payloadSha256)).append(',');
        json.append("\"position\":").append(position).append(',');
        json.append("\"sequence\":").append(sequence).append(',');
        field(json, "timestamp", timestamp).append(',');
        field(json, "type", type);
        return json.append('}').toString();
    }

    /** SHA-256(0x00 ‖ canonical JSON in UTF-8). */
    public byte[] leafHash() {
        return MerkleTree.leafHash(canonicalJson().getBytes(StandardCharsets.UTF_8));
    }

    private static StringBuilder field(StringBuilder json, String name, String value) {
        json.append('"').append(name).append("\":");
        if (value == null) {
            return json.append("null");
        }
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"');
    }
}
