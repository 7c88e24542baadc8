package dev.calibrate.app.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.audit.checkpoint.Checkpoint;
import dev.calibrate.app.audit.checkpoint.CheckpointPublisher;
import dev.calibrate.app.audit.checkpoint.Checkpoints;
import dev.calibrate.app.audit.keys.SigningKeys;
import dev.calibrate.app.audit.seal.AuditSealer;
import dev.calibrate.app.audit.seal.AuditTrees;
import dev.calibrate.app.audit.tree.MerkleTree;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.Sql;
import dev.calibrate.kernel.tenant.TenantId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.calibrate.app.support.ProductBodies.product;
import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The sealed log, its signed checkpoints and its proofs, checked the way an outside auditor would. */
class AuditLogTest extends IntegrationTest {

    private static final HexFormat HEX = HexFormat.of();

    @Autowired
    Environment env;
    @Autowired
    AuditSealer sealer;
    @Autowired
    Checkpoints checkpoints;
    @Autowired
    SigningKeys keys;
    @Autowired
    AuditTrees trees;
    @Autowired
    AuditSettings settings;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactionManager;

    private Api.TenantToken tenantWithEvents(String name, int products) {
        Api.TenantToken tenant = api.newTenant(name);
        for (int i = 0; i < products; i++) {
            assertThat(api.post("/api/v1/products", tenant.token(), product(name + "-" + i, "10.0" + i)).status()).isEqualTo(201);
        }
        AuditLogSupport.sealAndSign(sealer, checkpoints, env, tenant.tenantId());
        return tenant;
    }

    @Test
    void theTenantsEventsAreSealedInStoreOrderUnderACheckpointAnOutsiderCanRecompute() throws Exception {
        Api.TenantToken acme = tenantWithEvents("Sealed", 3);
        List<Map<String, Object>> rows = AuditLogSupport.storedEvents(env, acme.tenantId());

        JsonNode latest = api.get("/api/v1/audit/checkpoints/latest", acme.token()).json();
        assertThat(latest.get("treeSize").asLong()).isEqualTo(rows.size());
        List<byte[]> leaves = rows.stream().map(AuditLogSupport::leafHash).toList();
        byte[] root = MerkleTree.root(MerkleTree.inMemory(leaves), leaves.size());
        assertThat(latest.get("rootHash").asText()).isEqualTo(HEX.formatHex(root));

        // the note: origin, size, base64 root, timestamp; a blank line; "— name base64(keyid ‖ signature)"
        String note = latest.get("note").asText();
        String[] lines = note.split("\n", -1);
        assertThat(lines[0]).isEqualTo("calibrate.local/tenants/" + acme.tenantId()).isEqualTo(latest.get("origin").asText());
        assertThat(lines[1]).isEqualTo(Long.toString(rows.size()));
        assertThat(lines[2]).isEqualTo(Base64.getEncoder().encodeToString(root));
        assertThat(lines[3]).startsWith("timestamp ");
        assertThat(lines[4]).isEmpty();
        assertThat(lines[5]).startsWith("\u2014 calibrate ");
        JsonNode key = keyOf(acme, latest.get("keyId").asText());
        assertThat(verifiesSignedNote(note, key.get("name").asText(), Base64.getDecoder().decode(key.get("publicKey").asText())))
                .isTrue();
        assertThat(verifiesSignedNote(note.replace("\n" + rows.size() + "\n", "\n" + (rows.size() + 1) + "\n"),
                key.get("name").asText(), Base64.getDecoder().decode(key.get("publicKey").asText()))).isFalse();

        assertThat(api.get("/api/v1/audit/verify", acme.token()).json().get("ok").asBoolean()).isTrue();
    }

    @Test
    void aPublisherThatFailsNeverKeepsTheLogFromBeingSignedAndItsWritesAreUndone() {
        // signed once already: the background task signs the next checkpoint only after 1,000 events or 5
        // minutes, so the one below is this test's to sign
        Api.TenantToken acme = tenantWithEvents("Publisher fails", 1);
        assertThat(api.post("/api/v1/products", acme.token(), product("PF-2", "10.00")).status()).isEqualTo(201);
        AuditLogSupport.seal(sealer, env, acme.tenantId());
        TenantId tenant = TenantId.parse(acme.tenantId());
        // a publisher that writes, then fails in SQL (which aborts the transaction but for the savepoint):
        // its write must not commit, the checkpoint must
        CheckpointPublisher failing = (tenantId, origin, checkpoint) -> {
            jdbc.update("UPDATE audit_tree SET tree_size = tree_size + 1000 WHERE tenant_id = ?", tenantId.value());
            jdbc.queryForObject("SELECT 1 / 0", Integer.class);
        };
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("failing", failing);
        Checkpoints signer = new Checkpoints(jdbc, transactionManager, keys, trees, settings,
                beans.getBeanProvider(CheckpointPublisher.class));

        Optional<Checkpoint> signed = signer.signNow(tenant);

        assertThat(signed).isPresent();
        assertThat(checkpoints.latest(tenant).map(Checkpoint::treeSize)).contains(signed.get().treeSize());
        assertThat(jdbc.queryForObject("SELECT tree_size FROM audit_tree WHERE tenant_id = ?", Long.class,
                tenant.value())).isEqualTo(signed.get().treeSize());
    }

    @Test
    void inclusionAndConsistencyProofsVerifyAgainstTheSignedRootAndForgedOnesDoNot() {
        Api.TenantToken acme = tenantWithEvents("Proofs", 2);
        List<Map<String, Object>> rows = AuditLogSupport.storedEvents(env, acme.tenantId());
        JsonNode latest = api.get("/api/v1/audit/checkpoints/latest", acme.token()).json();
        long size = latest.get("treeSize").asLong();
        byte[] root = HEX.parseHex(latest.get("rootHash").asText());

        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> row = rows.get(i);
            JsonNode proof = api.get("/api/v1/audit/proofs/inclusion?eventId=" + row.get("eventidentifier")
                    + "&treeSize=" + size, acme.token()).json();
            assertThat(proof.get("leafIndex").asLong()).isEqualTo(i);
            assertThat(proof.get("position").asLong()).isEqualTo(((Number) row.get("globalindex")).longValue());
            assertThat(proof.get("leafHash").asText()).isEqualTo(HEX.formatHex(AuditLogSupport.leafHash(row)));
            List<byte[]> path = hashes(proof.get("auditPath"));
            assertThat(MerkleTree.verifyInclusion(i, size, AuditLogSupport.leafHash(row), path, root)).isTrue();
            if (!path.isEmpty()) {
                List<byte[]> forged = new ArrayList<>(path);
                byte[] changed = forged.get(0).clone();
                changed[3] ^= 1;
                forged.set(0, changed);
                assertThat(MerkleTree.verifyInclusion(i, size, AuditLogSupport.leafHash(row), forged, root)).isFalse();
            }
        }

        for (long from = 0; from <= size; from++) {
            JsonNode proof = api.get("/api/v1/audit/proofs/consistency?from=" + from + "&to=" + size, acme.token()).json();
            byte[] fromRoot = HEX.parseHex(proof.get("fromRoot").asText());
            assertThat(proof.get("toRoot").asText()).isEqualTo(HEX.formatHex(root));
            assertThat(MerkleTree.verifyConsistency(from, size, hashes(proof.get("path")), fromRoot, root)).as("from %d", from).isTrue();
        }
    }

    @Test
    void proofsAndCheckpointsRefuseWhatTheyCannotAnswer() {
        Api.TenantToken acme = tenantWithEvents("Refusals", 1);
        Api.TenantToken other = tenantWithEvents("Refusals-other", 1);
        long size = api.get("/api/v1/audit/checkpoints/latest", acme.token()).json().get("treeSize").asLong();
        String ownEvent = (String) AuditLogSupport.storedEvents(env, acme.tenantId()).get(0).get("eventidentifier");
        String othersEvent = (String) AuditLogSupport.storedEvents(env, other.tenantId()).get(0).get("eventidentifier");

        Api.Response beyond = api.get("/api/v1/audit/proofs/inclusion?eventId=" + ownEvent + "&treeSize=" + (size + 1), acme.token());
        assertThat(beyond.status()).isEqualTo(400);
        assertThat(beyond.contentType()).startsWith("application/problem+json");
        assertThat(beyond.body()).contains("treeSize");
        assertThat(api.get("/api/v1/audit/proofs/inclusion?eventId=" + ownEvent + "&treeSize=0", acme.token()).status())
                .isEqualTo(400);
        assertThat(api.get("/api/v1/audit/proofs/inclusion?eventId=nope&treeSize=1", acme.token()).status()).isEqualTo(404);
        Api.Response othersProof = api.get("/api/v1/audit/proofs/inclusion?eventId=" + othersEvent, acme.token());
        assertThat(othersProof.status()).isEqualTo(404);
        assertThat(othersProof.body()).doesNotContain(othersEvent);
        assertThat(api.get("/api/v1/audit/proofs/inclusion", acme.token()).status()).isEqualTo(400);

        assertThat(api.get("/api/v1/audit/proofs/consistency?from=2&to=1", acme.token()).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/audit/proofs/consistency?from=0&to=" + (size + 1), acme.token()).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/audit/proofs/consistency?from=-1&to=1", acme.token()).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/audit/proofs/consistency?from=x&to=1", acme.token()).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/audit/checkpoints?limit=0", acme.token()).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/audit/checkpoints?from=-1", acme.token()).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/audit/verify?from=0&to=" + (size + 1), acme.token()).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/audit/verify?from=2&to=1", acme.token()).status()).isEqualTo(400);

        Api.TenantToken catalogOnly = api.token(acme.tenantId(), "catalog:read");
        for (String path : List.of("/api/v1/audit/public-keys", "/api/v1/audit/checkpoints/latest", "/api/v1/audit/checkpoints",
                "/api/v1/audit/proofs/inclusion?eventId=" + ownEvent, "/api/v1/audit/proofs/consistency?from=0&to=1",
                "/api/v1/audit/verify")) {
            assertThat(api.get(path, catalogOnly.token()).status()).as(path).isEqualTo(403);
            assertThat(api.get(path, null).status()).as(path).isEqualTo(401);
        }
        Api.TenantToken auditor = api.token(acme.tenantId(), "audit:read");
        assertThat(api.get("/api/v1/audit/checkpoints/latest", auditor.token()).status()).isEqualTo(200);
    }

    @Test
    void anEventSealedAfterTheLatestCheckpointIsProvedAgainstTheSealedSizeByDefault() {
        Api.TenantToken acme = tenantWithEvents("Unsigned-yet", 1);
        long signed = api.get("/api/v1/audit/checkpoints/latest", acme.token()).json().get("treeSize").asLong();
        assertThat(api.post("/api/v1/products", acme.token(), product("Unsigned-yet-more", "11.00")).status()).isEqualTo(201);
        AuditLogSupport.seal(sealer, env, acme.tenantId());
        List<Map<String, Object>> rows = AuditLogSupport.storedEvents(env, acme.tenantId());
        Map<String, Object> newest = rows.get(rows.size() - 1);

        Api.Response response = api.get("/api/v1/audit/proofs/inclusion?eventId=" + newest.get("eventidentifier"), acme.token());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode proof = response.json();
        assertThat(proof.get("treeSize").asLong()).isEqualTo(rows.size()).isGreaterThan(signed);
        assertThat(MerkleTree.verifyInclusion(rows.size() - 1, rows.size(), AuditLogSupport.leafHash(newest),
                hashes(proof.get("auditPath")), HEX.parseHex(proof.get("rootHash").asText()))).isTrue();
        // an event the checkpoint holds is still proved against the signed size
        JsonNode older = api.get("/api/v1/audit/proofs/inclusion?eventId=" + rows.get(0).get("eventidentifier"),
                acme.token()).json();
        assertThat(older.get("treeSize").asLong()).isEqualTo(signed);
    }

    @Test
    void oneVerificationPerTenantRunsAtATime() throws Exception {
        Api.TenantToken acme = tenantWithEvents("Verify-once", 1);
        Api.TenantToken other = tenantWithEvents("Verify-other", 1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Sql owner = Sql.connect(env)) {
            // the tree table locked: the first verification waits inside, still counted as running
            owner.execute("BEGIN");
            owner.execute("LOCK TABLE audit_tree IN ACCESS EXCLUSIVE MODE");
            Future<Api.Response> first;
            try {
                first = pool.submit(() -> api.get("/api/v1/audit/verify", acme.token()));
                await().atMost(Duration.ofSeconds(10)).until(() -> owner.count(
                        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                                + " AND query = 'SELECT tree_size FROM audit_tree WHERE tenant_id = $1'") > 0);
                Api.Response second = api.get("/api/v1/audit/verify", acme.token());
                assertThat(second.status()).as(second.body()).isEqualTo(429);
                assertThat(second.header("Retry-After")).isEqualTo("1");
            } finally {
                owner.execute("ROLLBACK");
            }
            assertThat(first.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        } finally {
            pool.shutdownNow();
        }
        assertThat(api.get("/api/v1/audit/verify", acme.token()).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/audit/verify", other.token()).status()).isEqualTo(200);
    }

    @Test
    void aCheckpointIsSignedOnlyWhenTheTenantHasNewEvents() {
        Api.TenantToken acme = tenantWithEvents("Quiet", 1);
        JsonNode page = api.get("/api/v1/audit/checkpoints", acme.token()).json();
        int before = page.get("items").size();
        assertThat(checkpoints.signNow(TenantId.parse(acme.tenantId()))).isEmpty();
        checkpoints.signDue();
        assertThat(api.get("/api/v1/audit/checkpoints", acme.token()).json().get("items")).hasSize(before);

        assertThat(api.post("/api/v1/products", acme.token(), product("Quiet-more", "11.00")).status()).isEqualTo(201);
        AuditLogSupport.sealAndSign(sealer, checkpoints, env, acme.tenantId());
        JsonNode after = api.get("/api/v1/audit/checkpoints", acme.token()).json().get("items");
        assertThat(after).hasSize(before + 1);
        assertThat(after.get(after.size() - 1).get("treeSize").asLong())
                .isGreaterThan(after.get(after.size() - 2).get("treeSize").asLong());
        // paging by tree size
        long lastSize = after.get(after.size() - 1).get("treeSize").asLong();
        JsonNode first = api.get("/api/v1/audit/checkpoints?limit=1", acme.token()).json();
        assertThat(first.get("items")).hasSize(1);
        assertThat(first.get("next").asLong()).as("the size of the next checkpoint")
                .isEqualTo(after.get(1).get("treeSize").asLong());
        assertThat(api.get("/api/v1/audit/checkpoints?from=" + lastSize, acme.token()).json().hasNonNull("next")).isFalse();
    }

    private static final String ROTATE = "/admin/v1/audit/signing-keys/rotate";

    @Test
    void aRotatedKeySignsNewCheckpointsAndTheOldOnesStillVerify() throws Exception {
        Api.TenantToken acme = tenantWithEvents("Rotation", 1);
        JsonNode before = api.get("/api/v1/audit/checkpoints/latest", acme.token()).json();
        String oldKey = before.get("keyId").asText();

        assertProblem(api.post(ROTATE, acme.token(), null), 403, "forbidden");
        assertProblem(api.post(ROTATE, null, null), 401, "unauthorized");
        Api.Response rotated = api.post(ROTATE, api.adminToken(), null);
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(201);
        String newKey = rotated.json().get("keyId").asText();
        assertThat(newKey).isNotEqualTo(oldKey);
        assertThat(rotated.json().hasNonNull("retiredAt")).isFalse();
        assertThat(keyOf(acme, newKey).get("publicKey")).isEqualTo(rotated.json().get("publicKey"));
        assertThat(api.post("/api/v1/products", acme.token(), product("Rotation-more", "11.00")).status()).isEqualTo(201);
        AuditLogSupport.sealAndSign(sealer, checkpoints, env, acme.tenantId());

        JsonNode after = api.get("/api/v1/audit/checkpoints/latest", acme.token()).json();
        assertThat(after.get("keyId").asText()).isEqualTo(newKey);
        assertThat(keyOf(acme, oldKey).hasNonNull("retiredAt")).isTrue();
        assertThat(keyOf(acme, newKey).hasNonNull("retiredAt")).isFalse();
        for (JsonNode checkpoint : List.of(before, after)) {
            JsonNode key = keyOf(acme, checkpoint.get("keyId").asText());
            assertThat(verifiesSignedNote(checkpoint.get("note").asText(), key.get("name").asText(),
                    Base64.getDecoder().decode(key.get("publicKey").asText()))).isTrue();
        }
        JsonNode report = api.get("/api/v1/audit/verify?from=0&to=" + after.get("treeSize").asLong(), acme.token()).json();
        assertThat(report.get("ok").asBoolean()).as(report.toString()).isTrue();
        assertThat(report.get("checkpointsChecked").asInt()).isEqualTo(2);
    }

    private JsonNode keyOf(Api.TenantToken tenant, String keyId) {
        for (JsonNode key : api.get("/api/v1/audit/public-keys", tenant.token()).json()) {
            if (key.get("keyId").asText().equals(keyId)) {
                return key;
            }
        }
        throw new AssertionError("no public key " + keyId);
    }

    /** c2sp.org/signed-note, checked with the JDK alone. */
    static boolean verifiesSignedNote(String note, String name, byte[] rawKey) throws Exception {
        int split = note.lastIndexOf("\n\n");
        byte[] text = note.substring(0, split + 1).getBytes(StandardCharsets.UTF_8);
        String line = note.substring(split + 2).split("\n")[0];
        byte[] signed = Base64.getDecoder().decode(line.substring(("\u2014 " + name + " ").length()));
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update((name + "\n").getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 1);
        byte[] keyId = Arrays.copyOf(sha.digest(rawKey), 4);
        if (!Arrays.equals(keyId, Arrays.copyOf(signed, 4))) {
            return false;
        }
        byte[] spki = new byte[44];
        System.arraycopy(HEX.parseHex("302a300506032b6570032100"), 0, spki, 0, 12);
        System.arraycopy(rawKey, 0, spki, 12, 32);
        Signature ed25519 = Signature.getInstance("Ed25519");
        ed25519.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki)));
        ed25519.update(text);
        return ed25519.verify(Arrays.copyOfRange(signed, 4, signed.length));
    }

    private static List<byte[]> hashes(JsonNode array) {
        List<byte[]> hashes = new ArrayList<>();
        array.forEach(hash -> hashes.add(HEX.parseHex(hash.asText())));
        return hashes;
    }
}
