package dev.calibrate.app.audit.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import dev.calibrate.app.audit.checkpoint.Checkpoint;
import dev.calibrate.app.audit.keys.SigningKey;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes an export (docs/audit.md, "Exporting and verifying offline"): JSON Lines, one typed record a
 * line: the header, every key, then the leaves in index order, each checkpoint right after the leaf
 * that completes its tree size (so a verifier compares it with the root it has just computed, keeping
 * only the tree's right edge). Pure: the endpoint and the benchmark's generator both write through it.
 */
public final class ExportWriter implements Closeable {

    private static final HexFormat HEX = HexFormat.of();
    private static final Base64.Encoder BASE64 = Base64.getEncoder();

    private final JsonGenerator json;

    public ExportWriter(OutputStream out) {
        try {
            json = new JsonFactory().createGenerator(out, JsonEncoding.UTF8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        json.setPrettyPrinter(new MinimalPrettyPrinter("\n"));
        json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    }

    /** {@code frontier}: the complete subtrees covering leaves [0, from), largest (leftmost) first. */
    public void header(String origin, long from, long to, List<byte[]> frontier) {
        write(() -> {
            json.writeStartObject();
            json.writeStringField("kind", "header");
            json.writeNumberField("version", 1);
            json.writeStringField("origin", origin);
            json.writeNumberField("from", from);
            json.writeNumberField("to", to);
            json.writeArrayFieldStart("frontier");
            for (byte[] hash : frontier) {
                json.writeString(HEX.formatHex(hash));
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    public void key(SigningKey key) {
        write(() -> {
            json.writeStartObject();
            json.writeStringField("kind", "key");
            json.writeStringField("keyId", key.keyId());
            json.writeStringField("name", key.name());
            json.writeStringField("algorithm", "Ed25519");
            json.writeStringField("publicKey", BASE64.encodeToString(key.publicKey()));
            json.writeEndObject();
        });
    }

    public void leaf(ExportedLeaf leaf) {
        write(() -> {
            json.writeStartObject();
            json.writeStringField("kind", "leaf");
            json.writeNumberField("index", leaf.index());
            json.writeNumberField("position", leaf.position());
            json.writeStringField("eventId", leaf.eventId());
            json.writeStringField("aggregateId", leaf.aggregateId());
            json.writeStringField("aggregateType", leaf.aggregateType());
            json.writeNumberField("sequence", leaf.sequence());
            json.writeStringField("type", leaf.type());
            json.writeStringField("payloadRevision", leaf.payloadRevision());
            json.writeStringField("timestamp", leaf.timestamp());
            json.writeStringField("payload", leaf.payload() == null ? null : BASE64.encodeToString(leaf.payload()));
            json.writeStringField("metadata", leaf.metadata() == null ? null : BASE64.encodeToString(leaf.metadata()));
            json.writeStringField("leafHash", HEX.formatHex(leaf.leafHash()));
            json.writeEndObject();
        });
    }

    public void checkpoint(Checkpoint checkpoint) {
        write(() -> {
            json.writeStartObject();
            json.writeStringField("kind", "checkpoint");
            json.writeNumberField("treeSize", checkpoint.treeSize());
            json.writeStringField("rootHash", HEX.formatHex(checkpoint.rootHash()));
            json.writeStringField("keyId", checkpoint.keyId());
            json.writeStringField("note", checkpoint.note());
            json.writeEndObject();
        });
    }

    public void flush() {
        write(json::flush);
    }

    @Override
    public void close() {
        write(() -> {
            json.writeRaw('\n');
            json.close();
        });
    }

    private interface Io {
        void run() throws IOException;
    }

    private static void write(Io io) {
        try {
            io.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
