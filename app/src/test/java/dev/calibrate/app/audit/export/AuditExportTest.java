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
        try {
            Path file = Files.write(dir.resolve("export-" + System.nanoTime() + ".jsonl"), lines, StandardCharsets.UTF_8);
            return run(file.toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
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
                + (signed.size() == 1 ? "" : "s") + ", root " + latest.get("rootHash").asText());

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
        List<String> lines = export(acme, "");
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
    void unreadableInputExitsWithTwo() throws IOException {
        assertThat(run().exitCode()).isEqualTo(2);
        assertThat(run(dir.resolve("absent.jsonl").toString()).exitCode()).isEqualTo(2);
        Run empty = run(Files.writeString(dir.resolve("empty.jsonl"), "").toString());
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.err()).contains("empty");
        Run notJson = verify(List.of("{\"kind\":\"header\",\"origin\":\"o\",\"from\":0,\"to\":1,\"frontier\":[]}", "not json"));
        assertThat(notJson.exitCode()).isEqualTo(2);
        assertThat(notJson.err()).contains("line 2 is not JSON");
        assertThat(verify(List.of("{\"kind\":\"leaf\"}")).err()).contains("line 1 is not the export's header");
        assertThat(verify(List.of("{\"kind\":\"header\",\"origin\":\"o\",\"from\":3,\"to\":4,\"frontier\":[]}")).err())
                .contains("frontier");
        assertThat(verify(List.of("{\"kind\":\"header\",\"origin\":\"o\",\"from\":0,\"to\":1,\"frontier\":[]}",
                "{\"kind\":\"mystery\"}")).err()).contains("unknown record kind");
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
    void oneExportPerTenantRunsAtATime() throws Exception {
        Api.TenantToken acme = tenantWithEvents("Export-once", 1);
        Api.TenantToken other = tenantWithEvents("Export-once-other", 1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Sql owner = Sql.connect(env)) {
            // the tree table locked: the first export waits inside, still counted as running
            owner.execute("BEGIN");
            owner.execute("LOCK TABLE audit_tree IN ACCESS EXCLUSIVE MODE");
            Future<Api.Response> first;
            try {
                first = pool.submit(() -> api.get("/api/v1/audit/export", acme.token()));
                await().atMost(Duration.ofSeconds(10)).until(() -> owner.count(
                        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                                + " AND query = 'SELECT tree_size FROM audit_tree WHERE tenant_id = $1'") > 0);
                Api.Response second = api.get("/api/v1/audit/export", acme.token());
                assertThat(second.status()).as(second.body()).isEqualTo(429);
                assertThat(second.contentType()).startsWith("application/problem+json");
                assertThat(second.header("Retry-After")).isEqualTo("5");
            } finally {
                owner.execute("ROLLBACK");
            }
            assertThat(first.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        } finally {
            pool.shutdownNow();
        }
        assertThat(api.get("/api/v1/audit/export", acme.token()).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/audit/export", other.token()).status()).isEqualTo(200);
    }
}
