package dev.calibrate.app.audit.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calibrate.app.audit.checkpoint.Checkpoints;
import dev.calibrate.app.audit.seal.AuditSealer;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.Sql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.calibrate.app.support.ProductBodies.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * GET /api/v1/audit/export over real HTTP against real PostgreSQL, and the offline verifier run on the
 * downloaded file through the command's entry point; the file tampered with line by line. The tests'
 * export-max-range is 12 (IntegrationTest).
 */
class AuditExportTest extends IntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    Environment env;
    @Autowired
    AuditSealer sealer;
    @Autowired
    Checkpoints checkpoints;

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {
    }

    private Api.TenantToken tenantWithEvents(String name, int products) {
        Api.TenantToken tenant = api.newTenant(name);
        addProducts(tenant, name, 0, products);
        return tenant;
    }

    private void addProducts(Api.TenantToken tenant, String name, int first, int count) {
        for (int i = first; i < first + count; i++) {
            assertThat(api.post("/api/v1/products", tenant.token(), product(name + "-" + i, "10.0" + i)).status()).isEqualTo(201);
        }
        seal(tenant);
        checkpoints.signNow(dev.calibrate.kernel.tenant.TenantId.parse(tenant.tenantId()));
    }

    private void seal(Api.TenantToken tenant) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(150)).until(() -> {
            sealer.sealDue(() -> false);
            try (Sql owner = Sql.connect(env)) {
                long stored = owner.count("SELECT count(*) FROM domainevententry WHERE tenant_id = ?::uuid", tenant.tenantId());
                return stored == sealedSize(tenant);
            }
        });
    }

    private long sealedSize(Api.TenantToken tenant) {
        try (Sql owner = Sql.connect(env)) {
            return owner.count("SELECT coalesce(max(tree_size), 0) FROM audit_tree WHERE tenant_id = ?::uuid", tenant.tenantId());
        }
    }

    private List<JsonNode> signedCheckpoints(Api.TenantToken tenant) {
        List<JsonNode> all = new ArrayList<>();
        api.get("/api/v1/audit/checkpoints?limit=1000", tenant.token()).json().get("items").forEach(all::add);
        return all;
    }

    private List<String> export(Api.TenantToken tenant, String query) {
        Api.Response response = api.get("/api/v1/audit/export" + query, tenant.token());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/jsonl");
        assertThat(response.body()).endsWith("\n");
        return List.of(response.body().split("\n"));
    }

    private Run verify(List<String> lines) {
        return run(file(lines));
    }

    private String file(List<String> lines) {
        try {
            return Files.write(dir.resolve("export-" + System.nanoTime() + ".jsonl"), lines, StandardCharsets.UTF_8).toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String nullable(JsonNode record, String field) {
        return record.hasNonNull(field) ? record.get(field).asText() : null;
    }

    /** The leaf hash anyone can compute for a leaf line as it now is. */
    private static String recomputedLeafHash(JsonNode r) {
        ExportedLeaf leaf = new ExportedLeaf(r.get("index").asLong(), r.get("position").asLong(), nullable(r, "eventId"),
                nullable(r, "aggregateId"), nullable(r, "aggregateType"), r.get("sequence").asLong(), nullable(r, "type"),
                nullable(r, "payloadRevision"), nullable(r, "timestamp"), Base64.getDecoder().decode(r.get("payload").asText()),
                r.hasNonNull("metadata") ? Base64.getDecoder().decode(r.get("metadata").asText()) : null, null);
        return java.util.HexFormat.of().formatHex(leaf.sealedEvent().leafHash());
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = VerifyCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8).trim(), err.toString(StandardCharsets.UTF_8).trim());
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int lineOf(List<String> lines, String kind, String field, long value) {
        for (int i = 0; i < lines.size(); i++) {
            JsonNode record = parse(lines.get(i));
            if (record.get("kind").asText().equals(kind) && record.get(field).asLong() == value) {
                return i;
            }
        }
        throw new AssertionError("no " + kind + " with " + field + " " + value);
    }

    private static List<String> edited(List<String> lines, int at, java.util.function.Consumer<ObjectNode> edit) {
        List<String> copy = new ArrayList<>(lines);
        ObjectNode record = (ObjectNode) parse(copy.get(at));
        edit.accept(record);
        copy.set(at, record.toString());
        return copy;
    }

    @Test
    void anExportOfTheWholeTreeVerifiesOffline() {
        Api.TenantToken acme = tenantWithEvents("Export-all", 3);
        long size = sealedSize(acme);
        List<JsonNode> signed = signedCheckpoints(acme);
        JsonNode latest = signed.get(signed.size() - 1);
        assertThat(latest.get("treeSize").asLong()).isEqualTo(size);

        List<String> lines = export(acme, "");
        JsonNode header = parse(lines.get(0));
        assertThat(header.get("kind").asText()).isEqualTo("header");
        assertThat(header.get("origin").asText()).isEqualTo(latest.get("origin").asText());
        assertThat(header.get("from").asLong()).isZero();
        assertThat(header.get("to").asLong()).isEqualTo(size);
        assertThat(header.get("frontier")).isEmpty();
        assertThat(lines.stream().map(AuditExportTest::parse).filter(r -> r.get("kind").asText().equals("key")))
                .extracting(r -> r.get("publicKey").asText())
                .containsAll(api.get("/api/v1/audit/public-keys", acme.token()).json().findValuesAsText("publicKey"));
        List<JsonNode> leaves = lines.stream().map(AuditExportTest::parse).filter(r -> r.get("kind").asText().equals("leaf")).toList();
        assertThat(leaves).extracting(r -> r.get("index").asLong()).containsExactlyElementsOf(
                java.util.stream.LongStream.range(0, size).boxed().toList());
        // the payload is the stored bytes, byte for byte
        try (Sql owner = Sql.connect(env)) {
            byte[] stored = (byte[]) owner.query("SELECT payload FROM domainevententry WHERE globalindex = ?",
                    leaves.get(0).get("position").asLong()).get(0).get("payload");
            assertThat(Base64.getDecoder().decode(leaves.get(0).get("payload").asText())).isEqualTo(stored);
        }
        // each checkpoint right after the leaf that completes its size
        int checkpointLine = lineOf(lines, "checkpoint", "treeSize", size);
        assertThat(parse(lines.get(checkpointLine - 1)).get("index").asLong()).isEqualTo(size - 1);
        assertThat(parse(lines.get(checkpointLine)).get("note").asText()).isEqualTo(latest.get("note").asText());

        Run run = verify(lines);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("verified leaves [0, " + size + "), " + signed.size() + " checkpoint"
                + (signed.size() == 1 ? "" : "s") + ", root " + latest.get("rootHash").asText() + ", signed by key "
                + latest.get("keyId").asText());

        Api.Response ndjson = api.get("/api/v1/audit/export", acme.token(), "Accept", "application/x-ndjson");
        assertThat(ndjson.status()).isEqualTo(200);
        assertThat(ndjson.contentType()).startsWith("application/x-ndjson");
    }

    @Test
    void anExportFromTheMiddleVerifiesFromItsFrontier() {
        Api.TenantToken acme = tenantWithEvents("Export-middle", 2);
        long first = sealedSize(acme);
        addProducts(acme, "Export-middle", 2, 2);
        long size = sealedSize(acme);
        assertThat(size).isGreaterThan(first).isLessThanOrEqualTo(12);
        long checkpointsAfter = signedCheckpoints(acme).stream().filter(c -> c.get("treeSize").asLong() > 3).count();

        List<String> lines = export(acme, "?from=3&to=" + size);
        JsonNode header = parse(lines.get(0));
        assertThat(header.get("frontier")).hasSize(2); // 3 = 2 + 1: the subtrees [0, 2) and [2, 3)
        assertThat(lineOf(lines, "leaf", "index", 3)).isGreaterThan(0);
        Run run = verify(lines);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("verified leaves [3, " + size + "), " + checkpointsAfter + " checkpoint");

        // a forged frontier gives other roots: the first checkpoint after it fails
        List<String> forged = edited(lines, 0, h -> ((com.fasterxml.jackson.databind.node.ArrayNode) h.get("frontier"))
                .set(0, JSON.getNodeFactory().textNode("00".repeat(32))));
        Run forgedRun = verify(forged);
        assertThat(forgedRun.exitCode()).isEqualTo(1);
        assertThat(forgedRun.out()).contains("root is not the root the leaves give");

        // an empty range, and one up to a size with no checkpoint, verify with no checkpoint
        assertThat(verify(export(acme, "?from=" + size + "&to=" + size)).out()).startsWith("verified leaves [" + size + ", " + size + "), 0 checkpoints");
    }

    @Test
    void tamperingWithTheFileIsFoundAtTheFirstBadIndex() {
        Api.TenantToken acme = tenantWithEvents("Export-tamper", 3);
        long size = sealedSize(acme);
        assertThat(size).isGreaterThanOrEqualTo(4);
        List<String> exported = export(acme, "");
        assertThat(verify(exported).exitCode()).isZero();
        // the background signer may have signed a checkpoint between the events too; each tampering below
        // is then first seen by it: here only the last checkpoint is kept, so the leaves themselves show it
        List<String> lines = exported.stream().filter(line -> !parse(line).get("kind").asText().equals("checkpoint")
                || parse(line).get("treeSize").asLong() == size).toList();
        assertThat(verify(lines).exitCode()).isZero();
        int leaf1 = lineOf(lines, "leaf", "index", 1);
        int leaf2 = lineOf(lines, "leaf", "index", 2);
        int checkpoint = lineOf(lines, "checkpoint", "treeSize", size);

        Run payload = verify(edited(lines, leaf2, leaf -> {
            byte[] bytes = Base64.getDecoder().decode(leaf.get("payload").asText());
            bytes[bytes.length / 2] ^= 1;
            leaf.put("payload", Base64.getEncoder().encodeToString(bytes));
        }));
        assertThat(payload.exitCode()).isEqualTo(1);
        assertThat(payload.out()).startsWith("first bad index: 2 (").contains("does not give the leaf hash");

        List<String> removed = new ArrayList<>(lines);
        removed.remove(leaf1);
        Run removedRun = verify(removed);
        assertThat(removedRun.exitCode()).isEqualTo(1);
        assertThat(removedRun.out()).startsWith("first bad index: 1 (").contains("missing or out of order");

        List<String> swapped = new ArrayList<>(lines);
        swapped.set(leaf1, lines.get(leaf2));
        swapped.set(leaf2, lines.get(leaf1));
        assertThat(verify(swapped).out()).startsWith("first bad index: 1 (");

        // renumbered too, each line still gives its own leaf hash, but the positions go backwards where
        // the order first breaks (and the checkpoint's root would not match either)
        List<String> renumbered = new ArrayList<>(swapped);
        renumbered = edited(renumbered, leaf1, leaf -> leaf.put("index", 1));
        renumbered = edited(renumbered, leaf2, leaf -> leaf.put("index", 2));
        assertThat(verify(renumbered).out()).startsWith("first bad index: 2 (").contains("leaves out of order");
        // renumbered with their positions exchanged as well, the events no longer give the sealed leaf hashes
        long position1 = parse(lines.get(leaf1)).get("position").asLong();
        long position2 = parse(lines.get(leaf2)).get("position").asLong();
        List<String> repositioned = edited(renumbered, leaf1, leaf -> leaf.put("position", position1));
        repositioned = edited(repositioned, leaf2, leaf -> leaf.put("position", position2));
        assertThat(verify(repositioned).out()).startsWith("first bad index: 1 (").contains("does not give the leaf hash");

        Run root = verify(edited(lines, checkpoint, c -> c.put("rootHash", "ab".repeat(32))));
        assertThat(root.exitCode()).isEqualTo(1);
        assertThat(root.out()).isEqualTo("first bad index: " + (size - 1) + " (the checkpoint's root is not the root the leaves give)");

        Run signature = verify(edited(lines, checkpoint, c -> {
            String note = c.get("note").asText();
            int at = note.lastIndexOf(' ') + 10;
            c.put("note", note.substring(0, at) + (note.charAt(at) == 'A' ? 'B' : 'A') + note.substring(at + 1));
        }));
        assertThat(signature.exitCode()).isEqualTo(1);
        assertThat(signature.out()).startsWith("first bad index: " + (size - 1) + " (").contains("signature");

        List<String> truncated = new ArrayList<>(lines.subList(0, leaf2));
        assertThat(verify(truncated).out()).startsWith("first bad index: 2 (the export ends before this leaf");

        List<String> unlisted = new ArrayList<>(lines);
        unlisted.removeIf(line -> parse(line).get("kind").asText().equals("key"));
        assertThat(verify(unlisted).out()).contains("a key the export does not list");
    }

    @Test
    void tamperingInTheDatabaseIsFoundInTheExport() {
        Api.TenantToken acme = tenantWithEvents("Export-db-tamper", 3);
        List<String> lines = export(acme, "");
        assertThat(verify(lines).exitCode()).isZero();
        long edited = parse(lines.get(lineOf(lines, "leaf", "index", 2))).get("position").asLong();
        long deleted = parse(lines.get(lineOf(lines, "leaf", "index", 3))).get("position").asLong();
        try (Sql superuser = Sql.connect(env)) {
            superuser.execute("ALTER TABLE domainevententry DISABLE TRIGGER domainevententry_append_only");
            try {
                assertThat((Throwable) superuser.failureOf(
                        "UPDATE domainevententry SET payload = payload || ' '::bytea WHERE globalindex = ?", edited)).isNull();
                assertThat((Throwable) superuser.failureOf("DELETE FROM domainevententry WHERE globalindex = ?", deleted)).isNull();
            } finally {
                superuser.execute("ALTER TABLE domainevententry ENABLE TRIGGER domainevententry_append_only");
            }
        }

        List<String> after = export(acme, "");
        Run run = verify(after);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).startsWith("first bad index: 2 (").contains("position " + edited);
        // from the leaf after the edit, the deleted event is the first bad one
        Run rest = verify(export(acme, "?from=3"));
        assertThat(rest.out()).isEqualTo("first bad index: 3 (the event sealed here is gone from the event store)");
    }

    @Test
    void twoEventsSwappedInTheDatabaseAreFoundInTheExport() {
        Api.TenantToken acme = tenantWithEvents("Export-db-swap", 3);
        List<String> lines = export(acme, "");
        long first = parse(lines.get(lineOf(lines, "leaf", "index", 1))).get("position").asLong();
        long second = parse(lines.get(lineOf(lines, "leaf", "index", 3))).get("position").asLong();
        try (Sql superuser = Sql.connect(env)) {
            superuser.execute("ALTER TABLE domainevententry DISABLE TRIGGER domainevententry_append_only");
            try {
                for (Object[] move : List.of(new Object[]{-first, first}, new Object[]{first, second}, new Object[]{second, -first})) {
                    assertThat((Throwable) superuser.failureOf("UPDATE domainevententry SET globalindex = ? WHERE globalindex = ?",
                            move)).isNull();
                }
            } finally {
                superuser.execute("ALTER TABLE domainevententry ENABLE TRIGGER domainevententry_append_only");
            }
        }

        Run run = verify(export(acme, ""));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).startsWith("first bad index: 1 (");
    }

    @Test
    void aCheckpointEditedInTheDatabaseIsFoundInTheExport() {
        Api.TenantToken acme = tenantWithEvents("Export-db-checkpoint", 3);
        List<String> lines = export(acme, "");
        assertThat(verify(lines).exitCode()).isZero();
        try (Sql superuser = Sql.connect(env)) {
            superuser.execute("ALTER TABLE audit_checkpoint DISABLE TRIGGER audit_checkpoint_append_only");
            try {
                assertThat((Throwable) superuser.failureOf("UPDATE audit_checkpoint SET note = replace(note, "
                        + "'timestamp ', 'timestamp 1') WHERE tenant_id = ?::uuid", acme.tenantId())).isNull();
            } finally {
                superuser.execute("ALTER TABLE audit_checkpoint ENABLE TRIGGER audit_checkpoint_append_only");
            }
        }

        Run run = verify(export(acme, ""));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).startsWith("first bad index: ").contains("signature");
    }

    @Test
    void unreadableInputExitsWithTwo() throws IOException {
        assertThat(run().exitCode()).isEqualTo(2);
        assertThat(run(dir.resolve("absent.jsonl").toString()).exitCode()).isEqualTo(2);
        Run empty = run(Files.writeString(dir.resolve("empty.jsonl"), "").toString());
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.err()).contains("empty");
        String header = "{\"kind\":\"header\",\"version\":1,\"origin\":\"o\",\"from\":0,\"to\":1,\"frontier\":[]}";
        Run notJson = verify(List.of(header, "not json", "{\"kind\":\"key\"}"));
        assertThat(notJson.exitCode()).isEqualTo(2);
        assertThat(notJson.err()).contains("line 2 is not JSON");
        // the last line not whole JSON: a download cut short
        Run cut = verify(List.of(header, "{\"kind\":\"leaf\",\"index\":0,\"posi"));
        assertThat(cut.exitCode()).isEqualTo(2);
        assertThat(cut.err()).contains("the file is cut short at line 2");
        assertThat(verify(List.of("{\"kind\":\"leaf\"}")).err()).contains("line 1 is not the export's header");
        assertThat(verify(List.of("{\"kind\":\"header\",\"version\":1,\"origin\":\"o\",\"from\":3,\"to\":4,\"frontier\":[]}")).err())
                .contains("frontier");
        assertThat(verify(List.of(header, "{\"kind\":\"mystery\"}")).err()).contains("unknown record kind");
        for (String version : List.of("", "\"version\":2,", "\"version\":\"1\",")) {
            Run other = verify(List.of("{\"kind\":\"header\"," + version + "\"origin\":\"o\",\"from\":0,\"to\":0,\"frontier\":[]}"));
            assertThat(other.exitCode()).as(version).isEqualTo(2);
            assertThat(other.err()).as(version).contains("version is not 1");
        }
        // a payload past Jackson's default 20 MB string limit still reads
        String big = "{\"kind\":\"mystery\",\"payload\":\"" + "A".repeat(21_000_000) + "\"}";
        assertThat(verify(List.of(header, big)).err()).contains("unknown record kind");
    }

    @Test
    void badRangesAreRefused() {
        Api.TenantToken acme = tenantWithEvents("Export-ranges", 1);
        long size = sealedSize(acme);
        for (String query : List.of("?from=2&to=1", "?from=-1", "?to=-1", "?to=" + (size + 1), "?from=" + (size + 1), "?from=x")) {
            Api.Response response = api.get("/api/v1/audit/export" + query, acme.token());
            assertThat(response.status()).as(query + ": " + response.body()).isEqualTo(400);
            assertThat(response.contentType()).as(query).startsWith("application/problem+json");
        }
        int added = 1;
        while (sealedSize(acme) <= 12) {
            addProducts(acme, "Export-ranges", added++, 1);
        }
        Api.Response tooLong = api.get("/api/v1/audit/export", acme.token());
        assertThat(tooLong.status()).as(tooLong.body()).isEqualTo(400);
        assertThat(tooLong.contentType()).startsWith("application/problem+json");
        assertThat(tooLong.body()).contains("at most 12 leaves");
        assertThat(api.get("/api/v1/audit/export?from=1&to=13", acme.token()).status()).isEqualTo(200);
    }

    @Test
    void anExportNeedsAuditReadAndSeesOnlyTheTenantsOwnLog() {
        Api.TenantToken acme = tenantWithEvents("Export-own", 1);
        Api.TenantToken other = tenantWithEvents("Export-other", 1);
        String othersEvent = parse(export(other, "").get(lineOf(export(other, ""), "leaf", "index", 0))).get("eventId").asText();

        List<String> lines = export(acme, "");
        assertThat(String.join("\n", lines)).doesNotContain(othersEvent).doesNotContain(other.tenantId());
        assertThat(verify(lines).exitCode()).isZero();

        assertThat(api.get("/api/v1/audit/export", api.token(acme.tenantId(), "catalog:read").token()).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/audit/export", null).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/audit/export", api.token(acme.tenantId(), "audit:read").token()).status()).isEqualTo(200);
    }

    @Test
    void leavesPastTheLastSignatureAreCoveredByNone() {
        Api.TenantToken acme = tenantWithEvents("Export-unsigned", 2);
        long signedSize = sealedSize(acme);
        assertThat(api.post("/api/v1/products", acme.token(), product("Export-unsigned-tail", "10.09")).status()).isEqualTo(201);
        seal(acme); // sealed, not signed
        long size = sealedSize(acme);
        assertThat(size).isGreaterThan(signedSize);
        // by default an export ends at the latest signature, and verifies
        List<String> byDefault = export(acme, "");
        assertThat(parse(byDefault.get(0)).get("to").asLong()).isEqualTo(signedSize);
        assertThat(verify(byDefault).exitCode()).isZero();

        List<String> lines = export(acme, "?to=" + size);
        Run tail = verify(lines);
        assertThat(tail.exitCode()).as(tail.toString()).isEqualTo(3);
        assertThat(tail.out()).startsWith("verified leaves [0, " + size + ")")
                .endsWith("but leaves [" + signedSize + ", " + size + ") are covered by no signature");

        // the unsigned tail edited with its leaf hash recomputed: consistent, but nothing signed vouches for it
        Run forged = verify(edited(lines, lineOf(lines, "leaf", "index", size - 1), leaf -> {
            byte[] bytes = Base64.getDecoder().decode(leaf.get("payload").asText());
            bytes[bytes.length / 2] ^= 1;
            leaf.put("payload", Base64.getEncoder().encodeToString(bytes));
            leaf.put("leafHash", recomputedLeafHash(leaf));
        }));
        assertThat(forged.exitCode()).as(forged.toString()).isEqualTo(3);
        assertThat(forged.out()).contains("leaves [" + signedSize + ", " + size + ") are covered by no signature");

        // every checkpoint line removed: no leaf is covered by a signature
        List<String> unsigned = new ArrayList<>(lines);
        unsigned.removeIf(line -> parse(line).get("kind").asText().equals("checkpoint"));
        Run none = verify(unsigned);
        assertThat(none.exitCode()).as(none.toString()).isEqualTo(3);
        assertThat(none.out()).contains("0 checkpoints").endsWith("leaves [0, " + size + ") are covered by no signature");
    }

    @Test
    void keysAreListedOnceAndCanBePinned() {
        Api.TenantToken acme = tenantWithEvents("Export-keys", 1);
        long size = sealedSize(acme);
        List<String> lines = export(acme, "");
        String keyId = parse(lines.get(lineOf(lines, "checkpoint", "treeSize", size))).get("keyId").asText();
        int keyLine = -1;
        for (int i = 0; i < lines.size(); i++) {
            JsonNode record = parse(lines.get(i));
            if (record.get("kind").asText().equals("key") && record.get("keyId").asText().equals(keyId)) {
                keyLine = i;
            }
        }
        String publicKey = parse(lines.get(keyLine)).get("publicKey").asText();
        byte[] other = new byte[32];
        new java.security.SecureRandom().nextBytes(other);
        String otherKey = Base64.getEncoder().encodeToString(other);

        // a second key line with the same id would replace the key the signature is checked with
        List<String> duplicate = new ArrayList<>(lines);
        duplicate.add(keyLine + 1, edited(lines, keyLine, k -> k.put("publicKey", otherKey)).get(keyLine));
        Run twice = verify(duplicate);
        assertThat(twice.exitCode()).as(twice.toString()).isEqualTo(2);
        assertThat(twice.err()).contains("key " + keyId + " is listed twice");

        String file = file(lines);
        Run pinned = run("--key", keyId + "=" + publicKey, file);
        assertThat(pinned.exitCode()).as(pinned.toString()).isZero();
        assertThat(pinned.out()).endsWith(", signed by key " + keyId);

        Run mismatch = run("--key", keyId + "=" + otherKey, file);
        assertThat(mismatch.exitCode()).as(mismatch.toString()).isEqualTo(2);
        assertThat(mismatch.err()).contains("key " + keyId + " is not the key pinned with --key");

        // only pinned keys verify: a file whose signer is not pinned does not verify
        Run notPinned = run("--key", "another-key=" + publicKey, file);
        assertThat(notPinned.exitCode()).as(notPinned.toString()).isEqualTo(1);
        assertThat(notPinned.out()).contains("not one pinned with --key");

        assertThat(run("--key", "no-equals", file).exitCode()).isEqualTo(2);
        assertThat(run("--key", keyId + "=c2hvcnQ=", file).exitCode()).isEqualTo(2);
    }

    /** Until {@code count} exports wait for their first page; {@code started} must not have ended meanwhile. */
    private static void awaitWaiting(Sql owner, String waiting, long count, Future<?> started) throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            if (started.isDone()) {
                throw new AssertionError("the export ended instead of waiting: " + started.get());
            }
            return owner.count(waiting) == count;
        });
    }

    @Test
    void exportsAreBoundedPerTenantAndAcrossTenants() throws Exception {
        Api.TenantToken acme = tenantWithEvents("Export-once", 1);
        Api.TenantToken other = tenantWithEvents("Export-once-other", 1);
        Api.TenantToken third = tenantWithEvents("Export-once-third", 1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        String waitingPages = "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                + " AND query LIKE 'SELECT l.leaf_index%'";
        // watched from a connection of its own: inside a transaction pg_stat_activity is a snapshot
        try (Sql owner = Sql.connect(env); Sql watch = Sql.connect(env)) {
            // the leaves locked: each export holds its slots while it waits for its first page
            owner.execute("BEGIN");
            owner.execute("LOCK TABLE audit_leaf IN ACCESS EXCLUSIVE MODE");
            Future<Api.Response> first;
            Future<Api.Response> second;
            try {
                first = pool.submit(() -> api.get("/api/v1/audit/export", acme.token()));
                awaitWaiting(watch, waitingPages, 1, first);
                Api.Response again = api.get("/api/v1/audit/export", acme.token());
                assertThat(again.status()).as(again.body()).isEqualTo(429);
                assertThat(again.contentType()).startsWith("application/problem+json");
                assertThat(again.header("Retry-After")).isEqualTo("5");
                assertThat(again.body()).contains("this tenant's audit log is already running");
                // bad input is a 400 even while the tenant's export runs
                assertThat(api.get("/api/v1/audit/export?from=-1", acme.token()).status()).isEqualTo(400);

                second = pool.submit(() -> api.get("/api/v1/audit/export", other.token()));
                awaitWaiting(watch, waitingPages, 2, second);
                Api.Response full = api.get("/api/v1/audit/export", third.token());
                assertThat(full.status()).as(full.body()).isEqualTo(429);
                assertThat(full.header("Retry-After")).isEqualTo("5");
                assertThat(full.body()).contains("most exports at once");
            } finally {
                owner.execute("ROLLBACK");
            }
            assertThat(first.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
            assertThat(second.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        } finally {
            pool.shutdownNow();
        }
        assertThat(api.get("/api/v1/audit/export", acme.token()).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/audit/export", third.token()).status()).isEqualTo(200);
    }
}
