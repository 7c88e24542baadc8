package dev.calibrate.app.audit.export;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.audit.checkpoint.CheckpointNote;
import dev.calibrate.app.audit.export.ExportRecord.Unreadable;

import java.io.BufferedReader;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Verifies an export (docs/audit.md) with nothing but the file: recomputes each leaf from its fields and
 * the SHA-256 of its payload and metadata bytes, compares it with the leaf hash the log stored, grows the
 * tree from the header's frontier keeping only its right edge, and at each checkpoint compares the root
 * with the checkpoint's and the signed note's, and checks the note's Ed25519 signature with the exported
 * key. Positions must grow from leaf to leaf, as sealing appends in store order. Memory: one line and O(log n) hashes. No Spring, no database.
 */
public final class ExportVerifier {

    /**
     * What a verification found: exit code 0 (every leaf verified and covered by a signed checkpoint), 1 (a bad
     * index), 2 (not a readable export) or 3 (consistent, but its last leaves are covered by no signature).
     */
    public record Outcome(int exitCode, String message, Long firstBadIndex) {

        static Outcome verified(String message) {
            return new Outcome(0, message, null);
        }

        static Outcome bad(long index, String reason) {
            return new Outcome(1, "first bad index: " + index + " (" + reason + ")", index);
        }

        static Outcome unsigned(String message) {
            return new Outcome(3, message, null);
        }

        static Outcome unreadable(String message) {
            return new Outcome(2, "unreadable export: " + message, null);
        }
    }

    private record Key(String name, byte[] publicKey) {
    }

    private static final HexFormat HEX = HexFormat.of();

    private final Map<String, Key> keys = new HashMap<>();
    private final Map<String, byte[]> pinned;
    private final Set<String> signers = new TreeSet<>();
    private String origin;
    private long from;
    private long to;
    private RightEdge edge;
    private int checkpoints;
    private long lineNumber;
    private long lastPosition = Long.MIN_VALUE;
    /** The largest tree size a verified signature covers: leaves past it are recomputable by anyone. */
    private long signedTo;

    private ExportVerifier(Map<String, byte[]> pinned) {
        this.pinned = Map.copyOf(pinned);
    }

    public static Outcome verify(BufferedReader lines) {
        return verify(lines, Map.of());
    }

    /**
     * @param pinned key id to raw Ed25519 public key; when not empty only these keys verify signatures, and
     *               a key in the file with a pinned id but other bytes makes the file unreadable
     */
    public static Outcome verify(BufferedReader lines, Map<String, byte[]> pinned) {
        return new ExportVerifier(pinned).run(lines);
    }

    private Outcome run(BufferedReader lines) {
        try {
            String line = next(lines);
            if (line == null) {
                throw new Unreadable("the file is empty");
            }
            header(ExportRecord.parse(line, lineNumber, lineAhead(lines)));
            while ((line = next(lines)) != null) {
                if (line.isBlank()) {
                    continue;
                }
                ExportRecord record = ExportRecord.parse(line, lineNumber, lineAhead(lines));
                String kind = record.text("kind");
                Outcome bad = switch (kind) {
                    case "key" -> key(record);
                    case "leaf" -> leaf(record);
                    case "checkpoint" -> checkpoint(record);
                    default -> throw new Unreadable("line " + record.line() + ": unknown record kind " + kind);
                };
                if (bad != null) {
                    return bad;
                }
            }
            if (edge.size() < to) {
                return Outcome.bad(edge.size(), "the export ends before this leaf; the header promises leaves up to " + to);
            }
            String verified = "verified leaves [" + from + ", " + to + "), " + checkpoints + " checkpoint"
                    + (checkpoints == 1 ? "" : "s") + ", root " + HEX.formatHex(edge.root())
                    + (signers.isEmpty() ? "" : ", signed by key" + (signers.size() == 1 ? " " : "s ")
                    + String.join(", ", signers));
            if (signedTo < to) {
                return Outcome.unsigned(verified + "; but leaves [" + signedTo + ", " + to
                        + ") are covered by no signature");
            }
            return Outcome.verified(verified);
        } catch (Unreadable e) {
            return Outcome.unreadable(e.getMessage());
        } catch (IOException e) {
            return Outcome.unreadable("cannot read it: " + e.getMessage());
        }
    }

    private void header(ExportRecord header) throws Unreadable {
        if (!"header".equals(header.path("kind").asText())) {
            throw new Unreadable("line 1 is not the export's header");
        }
        if (header.path("version").asLong(-1) != 1 || !header.path("version").canConvertToExactIntegral()) {
            throw new Unreadable("the header's version is not 1, the only version this verifier reads");
        }
        origin = header.text("origin");
        from = header.number("from");
        to = header.number("to");
        signedTo = from;
        if (from < 0 || from > to) {
            throw new Unreadable("the header's range [" + from + ", " + to + ") is not a range");
        }
        JsonNode frontier = header.path("frontier");
        if (!frontier.isArray()) {
            throw new Unreadable("the header has no frontier");
        }
        List<byte[]> hashes = new ArrayList<>();
        for (JsonNode hash : frontier) {
            hashes.add(header.hash(hash.asText(), "frontier"));
        }
        try {
            edge = new RightEdge(from, hashes);
        } catch (IllegalArgumentException e) {
            throw new Unreadable("the header's frontier: " + e.getMessage());
        }
    }

    private Outcome key(ExportRecord record) throws Unreadable {
        String keyId = record.text("keyId");
        Key key = new Key(record.text("name"), record.base64("publicKey"));
        if (keys.putIfAbsent(keyId, key) != null) {
            throw new Unreadable("line " + record.line() + ": key " + keyId + " is listed twice");
        }
        byte[] pin = pinned.get(keyId);
        if (pin != null && !MessageDigest.isEqual(pin, key.publicKey())) {
            throw new Unreadable("line " + record.line() + ": key " + keyId + " is not the key pinned with --key");
        }
        return null;
    }

    private Outcome leaf(ExportRecord record) throws Unreadable {
        long index = record.number("index");
        long expected = edge.size();
        if (index != expected) {
            return Outcome.bad(expected, expected >= to ? "the export has leaves past its range"
                    : "the next leaf in the export is " + index + ", not this one: missing or out of order");
        }
        if (index >= to) {
            return Outcome.bad(index, "the export has leaves past its range");
        }
        byte[] stored = record.hash("leafHash");
        if (record.isNull("payload")) {
            return Outcome.bad(index, "the event sealed here is gone from the event store");
        }
        ExportedLeaf leaf = new ExportedLeaf(index, record.number("position"), record.nullableText("eventId"),
                record.nullableText("aggregateId"), record.nullableText("aggregateType"), record.number("sequence"),
                record.nullableText("type"), record.nullableText("payloadRevision"), record.nullableText("timestamp"),
                record.base64("payload"), record.isNull("metadata") ? null : record.base64("metadata"), stored);
        byte[] recomputed = leaf.sealedEvent().leafHash();
        if (!MessageDigest.isEqual(recomputed, stored)) {
            return Outcome.bad(index, "the event (position " + leaf.position() + ", " + leaf.eventId()
                    + ") does not give the leaf hash the log sealed");
        }
        // sealing appends events in store order: positions only ever grow along the tree
        if (leaf.position() <= lastPosition) {
            return Outcome.bad(index, "its position " + leaf.position() + " is not after the previous leaf's, "
                    + lastPosition + ": leaves out of order");
        }
        lastPosition = leaf.position();
        edge.append(recomputed);
        return null;
    }

    private Outcome checkpoint(ExportRecord record) throws Unreadable {
        long size = record.number("treeSize");
        if (size <= from || size > to) {
            return Outcome.bad(Math.max(from, Math.min(size, to) - 1), "a checkpoint of size " + size
                    + " is outside the export's range");
        }
        if (size != edge.size()) {
            return size > edge.size()
                    ? Outcome.bad(edge.size(), "the checkpoint of size " + size + " comes before this leaf")
                    : Outcome.bad(size - 1, "the checkpoint of size " + size + " is out of place");
        }
        long last = size - 1;
        byte[] root = edge.root();
        if (!MessageDigest.isEqual(root, record.hash("rootHash"))) {
            return Outcome.bad(last, "the checkpoint's root is not the root the leaves give");
        }
        String note = record.text("note");
        String keyId = record.text("keyId");
        Key key = keys.get(keyId);
        if (key == null) {
            return Outcome.bad(last, "the checkpoint of size " + size + " is signed by a key the export does not list");
        }
        if (!pinned.isEmpty() && !pinned.containsKey(keyId)) {
            return Outcome.bad(last, "the checkpoint of size " + size + " is signed by key " + keyId
                    + ", not one pinned with --key");
        }
        if (!CheckpointNote.verify(note, key.name(), key.publicKey())) {
            return Outcome.bad(last, "the signature of the checkpoint of size " + size + " does not verify");
        }
        String[] text = note.split("\n", 4);
        if (text.length < 4 || !text[0].equals(origin) || !text[1].equals(Long.toString(size))
                || !text[2].equals(Base64.getEncoder().encodeToString(root))) {
            return Outcome.bad(last, "the signed note of size " + size + " names another origin, size or root");
        }
        checkpoints++;
        signers.add(keyId);
        signedTo = size;
        return null;
    }

    private String next(BufferedReader lines) throws IOException {
        lineNumber++;
        return lines.readLine();
    }

    /** Whether another line follows, without consuming it. */
    private static boolean lineAhead(BufferedReader lines) throws IOException {
        lines.mark(1);
        int c = lines.read();
        lines.reset();
        return c != -1;
    }
}
