import dev.calibrate.app.audit.checkpoint.Checkpoint;
import dev.calibrate.app.audit.checkpoint.CheckpointNote;
import dev.calibrate.app.audit.export.ExportWriter;
import dev.calibrate.app.audit.export.ExportedLeaf;
import dev.calibrate.app.audit.export.RightEdge;
import dev.calibrate.app.audit.keys.Ed25519;
import dev.calibrate.app.audit.keys.SigningKey;

import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * The audit log export's verifier benchmark (bench/audit-verify.sh): writes a synthetic but valid export
 * of N leaves with the production code (ExportWriter, SealedEvent's leaf, the RFC 6962 tree, C2SP notes
 * signed with Ed25519, a checkpoint every 1,000 leaves), no database; then the floor: the file read and
 * SHA-256'd whole. Run as a single-file program with the app's classes on the class path:
 *
 * <pre>java -cp CP bench/AuditExportBench.java FILE [N=1000000]</pre>
 */
public class AuditExportBench {

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long n = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
        String origin = "calibrate.local/tenants/" + new UUID(42, 42);
        KeyPair pair = Ed25519.generate();
        byte[] publicKey = Ed25519.rawPublic(pair.getPublic());
        String keyId = HexFormat.of().formatHex(Ed25519.noteKeyId("calibrate", publicKey));
        Random random = new Random(7);
        long started = System.nanoTime();
        int signed = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
             ExportWriter writer = new ExportWriter(out)) {
            writer.header(origin, 0, n, List.of());
            writer.key(new SigningKey(keyId, "calibrate", publicKey, Instant.now(), null, null));
            RightEdge edge = new RightEdge(0, List.of());
            Instant time = Instant.parse("2026-01-01T00:00:00Z");
            for (long i = 0; i < n; i++) {
                // a product-price-shaped payload of about 300 bytes; metadata as Axon stores it
                String aggregate = new UUID(1, i / 4).toString();
                byte[] payload = ("{\"productId\":\"" + aggregate + "\",\"currency\":\"EUR\",\"amount\":\""
                        + (10 + random.nextInt(990)) + "." + random.nextInt(100) + "\",\"compareAt\":null,"
                        + "\"source\":\"api\",\"reason\":\"bench\",\"title\":\"Product " + i + " with a longish title\","
                        + "\"sku\":\"SKU-" + i + "\",\"tags\":[\"a\",\"b\",\"c\"],\"note\":\"" + "x".repeat(80) + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
                byte[] metadata = ("{\"traceId\":\"" + new UUID(random.nextLong(), random.nextLong())
                        + "\",\"actor\":\"token:bench\"}").getBytes(StandardCharsets.UTF_8);
                ExportedLeaf unsealed = new ExportedLeaf(i, 1000 + 2 * i, new UUID(2, i).toString(), aggregate,
                        "Product", i % 4, "dev.calibrate.events.PriceSet", null, time.plusMillis(i).toString(),
                        payload, metadata, null);
                byte[] leafHash = unsealed.sealedEvent().leafHash();
                writer.leaf(new ExportedLeaf(i, unsealed.position(), unsealed.eventId(), aggregate, "Product", i % 4,
                        unsealed.type(), null, unsealed.timestamp(), payload, metadata, leafHash));
                edge.append(leafHash);
                if ((i + 1) % 1000 == 0 || i + 1 == n) {
                    byte[] root = edge.root();
                    Instant at = time.plusMillis(i);
                    String note = CheckpointNote.sign(CheckpointNote.text(origin, i + 1, root, at), "calibrate",
                            publicKey, pair.getPrivate());
                    writer.checkpoint(new Checkpoint(i + 1, root, keyId, note, at));
                    signed++;
                }
            }
        }
        double generated = (System.nanoTime() - started) / 1e9;
        long bytes = Files.size(file);
        System.out.printf("generated %,d leaves, %,d checkpoints, %,d bytes (%.0f MB) in %.1f s%n", n, signed, bytes,
                bytes / 1e6, generated);

        long floorStart = System.nanoTime();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int read; (read = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, read);
            }
        }
        System.out.printf("floor: read and SHA-256 the file in %.2f s (%s...)%n", (System.nanoTime() - floorStart) / 1e9,
                HexFormat.of().formatHex(sha.digest()).substring(0, 12));
    }
}
