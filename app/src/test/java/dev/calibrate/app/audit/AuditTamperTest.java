package dev.calibrate.app.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.audit.checkpoint.Checkpoints;
import dev.calibrate.app.audit.seal.AuditSealer;
import dev.calibrate.app.audit.tree.MerkleTree;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.Sql;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static dev.calibrate.app.support.ProductBodies.product;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tampering straight in the database, as the superuser with the append-only trigger switched off:
 * each edit is found by GET /api/v1/audit/verify, which names the first position that no longer matches.
 * Each test tampers with its own tenant's events only.
 */
class AuditTamperTest extends IntegrationTest {

    private static final HexFormat HEX = HexFormat.of();

    @Autowired
    Environment env;
    @Autowired
    AuditSealer sealer;
    @Autowired
    Checkpoints checkpoints;

    private Api.TenantToken acme;
    private List<Map<String, Object>> rows;

    private void sealedTenant(String name) {
        acme = api.newTenant(name);
        for (int i = 0; i < 3; i++) {
            assertThat(api.post("/api/v1/products", acme.token(), product(name + "-" + i, "12.0" + i)).status()).isEqualTo(201);
        }
        AuditLogSupport.sealAndSign(sealer, checkpoints, env, acme.tenantId());
        rows = AuditLogSupport.storedEvents(env, acme.tenantId());
        assertThat(rows.size()).isGreaterThanOrEqualTo(4);
        JsonNode clean = verify();
        assertThat(clean.get("ok").asBoolean()).as(clean.toString()).isTrue();
        assertThat(clean.get("to").asLong()).isEqualTo(rows.size());
    }

    /** The tree size of the tenant's first signed checkpoint. */
    private long smallestCheckpoint() {
        try (Sql owner = Sql.connect(env)) {
            return owner.count("SELECT min(tree_size) FROM audit_checkpoint WHERE tenant_id = ?::uuid", acme.tenantId());
        }
    }

    private void asSuperuserWithoutTheTrigger(Consumer<Sql> tamper) {
        try (Sql superuser = Sql.connect(env)) {
            superuser.execute("ALTER TABLE domainevententry DISABLE TRIGGER domainevententry_append_only");
            try {
                tamper.accept(superuser);
            } finally {
                superuser.execute("ALTER TABLE domainevententry ENABLE TRIGGER domainevententry_append_only");
            }
        }
    }

    private JsonNode verify() {
        Api.Response response = api.get("/api/v1/audit/verify?from=0&to=" + rows.size(), acme.token());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private long position(int leaf) {
        return ((Number) rows.get(leaf).get("globalindex")).longValue();
    }

    private static void run(Sql sql, String statement, Object... args) {
        assertThat((Throwable) sql.failureOf(statement, args)).isNull();
    }

    @Test
    void anEditedPayloadIsFoundAtItsPosition() {
        sealedTenant("Tamper-edit");
        long edited = position(2);
        asSuperuserWithoutTheTrigger(sql -> run(sql,
                "UPDATE domainevententry SET payload = payload || ' '::bytea WHERE globalindex = ?", edited));

        JsonNode report = verify();
        assertThat(report.get("ok").asBoolean()).isFalse();
        assertThat(report.at("/firstProblem/position").asLong()).isEqualTo(edited);
        assertThat(report.at("/firstProblem/leafIndex").asLong()).isEqualTo(2);
        assertThat(report.at("/firstProblem/reason").asText()).contains("differs from what was sealed");
    }

    @Test
    void aDeletedEventIsFoundAtItsPosition() {
        sealedTenant("Tamper-delete");
        long deleted = position(1);
        asSuperuserWithoutTheTrigger(sql -> run(sql, "DELETE FROM domainevententry WHERE globalindex = ?", deleted));

        JsonNode report = verify();
        assertThat(report.get("ok").asBoolean()).isFalse();
        assertThat(report.at("/firstProblem/position").asLong()).isEqualTo(deleted);
        assertThat(report.at("/firstProblem/reason").asText()).contains("gone");
    }

    @Test
    void twoSwappedEventsAreFoundAtTheFirstOfTheirPositions() {
        sealedTenant("Tamper-swap");
        long first = position(1);
        long second = position(3);
        asSuperuserWithoutTheTrigger(sql -> {
            run(sql, "UPDATE domainevententry SET globalindex = -globalindex WHERE globalindex = ?", first);
            run(sql, "UPDATE domainevententry SET globalindex = ? WHERE globalindex = ?", first, second);
            run(sql, "UPDATE domainevententry SET globalindex = ? WHERE globalindex = ?", second, -first);
        });

        JsonNode report = verify();
        assertThat(report.get("ok").asBoolean()).isFalse();
        assertThat(report.at("/firstProblem/position").asLong()).isEqualTo(first);
        assertThat(report.at("/firstProblem/reason").asText()).contains("another event");
        assertThat(report.get("problems").asInt()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void anAlteredCheckpointIsFoundAtItsLastLeaf() {
        sealedTenant("Tamper-checkpoint");
        long size = rows.size();
        try (Sql superuser = Sql.connect(env)) {
            superuser.execute("ALTER TABLE audit_checkpoint DISABLE TRIGGER audit_checkpoint_append_only");
            try {
                run(superuser, "UPDATE audit_checkpoint SET note = replace(note, 'timestamp ', 'timestamp 1') "
                        + "WHERE tenant_id = ?::uuid AND tree_size = ?", acme.tenantId(), size);
            } finally {
                superuser.execute("ALTER TABLE audit_checkpoint ENABLE TRIGGER audit_checkpoint_append_only");
            }
        }
        JsonNode report = verify();
        assertThat(report.get("ok").asBoolean()).isFalse();
        assertThat(report.at("/firstProblem/leafIndex").asLong()).isEqualTo(size - 1);
        assertThat(report.at("/firstProblem/position").asLong()).isEqualTo(position((int) size - 1));
        assertThat(report.at("/firstProblem/reason").asText()).contains("checkpoint of size " + size).contains("signature");
    }

    @Test
    void aRewrittenLeafAndSubtreesStillDisagreeWithTheSignedCheckpoint() {
        sealedTenant("Tamper-rewrite");
        long edited = position(0);
        asSuperuserWithoutTheTrigger(sql -> run(sql,
                "UPDATE domainevententry SET payload = payload || ' '::bytea WHERE globalindex = ?", edited));
        // the operator also rewrites the sealed leaf to match the edited event: the subtrees and the
        // signed root, recomputed from the events, still give it away
        List<Map<String, Object>> edited0 = AuditLogSupport.storedEvents(env, acme.tenantId());
        try (Sql superuser = Sql.connect(env)) {
            superuser.execute("ALTER TABLE audit_leaf DISABLE TRIGGER audit_leaf_append_only");
            try {
                run(superuser, "UPDATE audit_leaf SET leaf_hash = ? WHERE tenant_id = ?::uuid AND leaf_index = 0",
                        AuditLogSupport.leafHash(edited0.get(0)), acme.tenantId());
            } finally {
                superuser.execute("ALTER TABLE audit_leaf ENABLE TRIGGER audit_leaf_append_only");
            }
        }
        JsonNode report = verify();
        assertThat(report.get("ok").asBoolean()).isFalse();
        if (smallestCheckpoint() == 1) {
            // the background sealer and signer got to the tenant's first event alone: a signed tree of that one
            // leaf, whose root is the leaf itself, already disagrees with the rewritten leaf
            assertThat(report.at("/firstProblem/leafIndex").asLong()).isZero();
            assertThat(report.at("/firstProblem/reason").asText()).contains("checkpoint of size 1");
        } else {
            // leaf 1 completes the subtree over leaves 0 and 1
            assertThat(report.at("/firstProblem/leafIndex").asLong()).isEqualTo(1);
            assertThat(report.at("/firstProblem/reason").asText()).contains("subtree 1/0");
        }
        assertThat(report.get("problems").asInt()).as("the signed root too").isGreaterThanOrEqualTo(2);
    }

    /**
     * The operator edits an event and then forges the proofs for it: the leaf and every stored subtree above
     * it rewritten to match, so the inclusion proof served for the edited event is consistent with the forged
     * tree. Against the signed checkpoint (which a tenant's webhook may already hold) it fails, and /verify
     * finds the forged root where the checkpoint's signature no longer covers it.
     */
    @Test
    void aForgedProofFailsAgainstTheSignedRootAndVerifyFindsIt() {
        sealedTenant("Tamper-forged-proof");
        JsonNode signed = api.get("/api/v1/audit/checkpoints/latest", acme.token()).json();
        long size = signed.get("treeSize").asLong();
        byte[] signedRoot = HEX.parseHex(signed.get("rootHash").asText());
        long edited = position(0);
        asSuperuserWithoutTheTrigger(sql -> run(sql,
                "UPDATE domainevententry SET payload = payload || ' '::bytea WHERE globalindex = ?", edited));
        Map<String, Object> editedRow = AuditLogSupport.storedEvents(env, acme.tenantId()).get(0);
        byte[] forgedLeaf = AuditLogSupport.leafHash(editedRow);
        MerkleTree.Nodes forged;
        try (Sql superuser = Sql.connect(env)) {
            List<byte[]> leaves = new ArrayList<>(superuser.query("SELECT leaf_hash FROM audit_leaf WHERE tenant_id = ?::uuid "
                    + "ORDER BY leaf_index", acme.tenantId()).stream().map(row -> (byte[]) row.get("leaf_hash")).toList());
            leaves.set(0, forgedLeaf);
            forged = MerkleTree.inMemory(leaves);
            List<Map<String, Object>> subtrees = superuser.query(
                    "SELECT level, node_index FROM audit_subtree WHERE tenant_id = ?::uuid", acme.tenantId());
            assertThat(subtrees).as("the edited leaf is under stored subtrees").isNotEmpty();
            superuser.execute("ALTER TABLE audit_leaf DISABLE TRIGGER audit_leaf_append_only");
            superuser.execute("ALTER TABLE audit_subtree DISABLE TRIGGER audit_subtree_append_only");
            try {
                run(superuser, "UPDATE audit_leaf SET leaf_hash = ? WHERE tenant_id = ?::uuid AND leaf_index = 0",
                        forgedLeaf, acme.tenantId());
                for (Map<String, Object> subtree : subtrees) {
                    int level = ((Number) subtree.get("level")).intValue();
                    long index = ((Number) subtree.get("node_index")).longValue();
                    run(superuser, "UPDATE audit_subtree SET hash = ? WHERE tenant_id = ?::uuid AND level = ? AND node_index = ?",
                            forged.hash(level, index), acme.tenantId(), level, index);
                }
            } finally {
                superuser.execute("ALTER TABLE audit_subtree ENABLE TRIGGER audit_subtree_append_only");
                superuser.execute("ALTER TABLE audit_leaf ENABLE TRIGGER audit_leaf_append_only");
            }
        }

        JsonNode proof = api.get("/api/v1/audit/proofs/inclusion?eventId=" + editedRow.get("eventidentifier")
                + "&treeSize=" + size, acme.token()).json();
        List<byte[]> path = new ArrayList<>();
        proof.get("auditPath").forEach(hash -> path.add(HEX.parseHex(hash.asText())));
        assertThat(proof.get("leafHash").asText()).as("the forged leaf is served").isEqualTo(HEX.formatHex(forgedLeaf));
        assertThat(MerkleTree.verifyInclusion(0, size, forgedLeaf, path, MerkleTree.root(forged, size)))
                .as("a well-made forgery: consistent with the forged tree").isTrue();
        assertThat(MerkleTree.verifyInclusion(0, size, forgedLeaf, path, signedRoot))
                .as("but not with the root the tenant holds signed").isFalse();

        JsonNode report = verify();
        assertThat(report.get("ok").asBoolean()).as(report.toString()).isFalse();
        // the first signed root over the forged leaf: the latest, unless the background signer also signed a
        // smaller tree of this tenant while it was being written
        assertThat(report.at("/firstProblem/reason").asText()).as(report.toString())
                .contains("checkpoint of size " + smallestCheckpoint() + ":");
    }

    /** Another tenant's sealed event handed to acme: to acme's log, an event put in where none was sealed. */
    private long insertedFrom(String donorName) {
        Api.TenantToken donor = api.newTenant(donorName);
        assertThat(api.post("/api/v1/products", donor.token(), product(donorName, "9.99")).status()).isEqualTo(201);
        AuditLogSupport.sealAndSign(sealer, checkpoints, env, donor.tenantId());
        long inserted = ((Number) AuditLogSupport.storedEvents(env, donor.tenantId()).get(0).get("globalindex")).longValue();
        asSuperuserWithoutTheTrigger(sql -> run(sql,
                "UPDATE domainevententry SET tenant_id = ?::uuid WHERE globalindex = ?", acme.tenantId(), inserted));
        return inserted;
    }

    @Test
    void anEventInsertedAfterTheLastSealedOneIsFound() {
        sealedTenant("Tamper-insert-after");
        long inserted = insertedFrom("Tamper-insert-after-donor");
        assertThat(inserted).isGreaterThan(position(rows.size() - 1));

        JsonNode report = verify();
        assertThat(report.get("ok").asBoolean()).as(report.toString()).isFalse();
        assertThat(report.at("/firstProblem/position").asLong()).isEqualTo(inserted);
        assertThat(report.at("/firstProblem/leafIndex").asLong()).isEqualTo(rows.size());
        assertThat(report.at("/firstProblem/reason").asText()).contains("never sealed");
    }

    @Test
    void anEventInsertedBeforeTheFirstSealedOneIsFound() {
        Api.TenantToken donor = api.newTenant("Tamper-insert-before-donor");
        assertThat(api.post("/api/v1/products", donor.token(), product("Tamper-insert-before-donor", "9.99")).status())
                .isEqualTo(201);
        long inserted = ((Number) AuditLogSupport.storedEvents(env, donor.tenantId()).get(0).get("globalindex")).longValue();
        sealedTenant("Tamper-insert-before");
        assertThat(inserted).isLessThan(position(0));
        asSuperuserWithoutTheTrigger(sql -> run(sql,
                "UPDATE domainevententry SET tenant_id = ?::uuid WHERE globalindex = ?", acme.tenantId(), inserted));

        JsonNode report = verify();
        assertThat(report.get("ok").asBoolean()).as(report.toString()).isFalse();
        assertThat(report.at("/firstProblem/position").asLong()).isEqualTo(inserted);
        assertThat(report.at("/firstProblem/leafIndex").asLong()).isEqualTo(0);
        assertThat(report.at("/firstProblem/reason").asText()).contains("never sealed");
        // a range that starts later does not look before its first leaf's predecessor
        Api.Response later = api.get("/api/v1/audit/verify?from=1&to=" + rows.size(), acme.token());
        assertThat(later.json().get("ok").asBoolean()).as(later.body()).isTrue();
    }

    @Test
    void theWorkerRoleCannotRewriteOrDeleteWhatIsSealed() {
        sealedTenant("Tamper-worker");
        try (Sql worker = Sql.connect(env).as("calibrate_worker")) {
            for (String statement : List.of(
                    "UPDATE audit_leaf SET leaf_hash = leaf_hash WHERE tenant_id = ?::uuid",
                    "DELETE FROM audit_leaf WHERE tenant_id = ?::uuid",
                    "UPDATE audit_subtree SET hash = hash WHERE tenant_id = ?::uuid",
                    "DELETE FROM audit_subtree WHERE tenant_id = ?::uuid",
                    "UPDATE audit_checkpoint SET note = note WHERE tenant_id = ?::uuid",
                    "DELETE FROM audit_checkpoint WHERE tenant_id = ?::uuid")) {
                java.sql.SQLException refused = worker.failureOf(statement, acme.tenantId());
                assertThat((Throwable) refused).as(statement).isNotNull();
                assertThat(refused.getSQLState()).as(statement).isEqualTo("42501");
            }
        }
        try (Sql owner = Sql.connect(env)) {
            assertThat((Throwable) owner.failureOf("DELETE FROM audit_leaf WHERE tenant_id = ?::uuid", acme.tenantId()))
                    .as("the owner too, unless it switches the trigger off").isNotNull();
        }
        assertThat(verify().get("ok").asBoolean()).isTrue();
    }

    @Test
    void aMissingSubtreeIsAFindingNotAServerError() {
        sealedTenant("Tamper-missing-subtree");
        // leaf 3 completes subtree 1/1 and then needs 1/0, stored before a range that starts at 2
        try (Sql superuser = Sql.connect(env)) {
            superuser.execute("ALTER TABLE audit_subtree DISABLE TRIGGER audit_subtree_append_only");
            try {
                run(superuser, "DELETE FROM audit_subtree WHERE tenant_id = ?::uuid AND level = 1 AND node_index = 0",
                        acme.tenantId());
            } finally {
                superuser.execute("ALTER TABLE audit_subtree ENABLE TRIGGER audit_subtree_append_only");
            }
        }
        Api.Response response = api.get("/api/v1/audit/verify?from=2&to=" + rows.size(), acme.token());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("ok").asBoolean()).isFalse();
        // leaf 3 needs 1/0; so does the root of a tree of 2 or 3 leaves, if the background signer signed one
        long smallerTree;
        try (Sql owner = Sql.connect(env)) {
            smallerTree = owner.count("SELECT coalesce(min(tree_size), 4) FROM audit_checkpoint WHERE tenant_id = ?::uuid"
                    + " AND tree_size IN (2, 3)", acme.tenantId());
        }
        assertThat(response.json().at("/firstProblem/leafIndex").asLong()).isEqualTo(Math.min(3, smallerTree - 1));
        assertThat(response.json().at("/firstProblem/reason").asText()).contains("cannot be recomputed").contains("1/0");
    }

    @Test
    void aTenantWhoseTreeCannotGrowIsSkippedAndTheOthersAreStillSealed() {
        sealedTenant("Tamper-broken-tree");
        // a tree size whose next leaf needs a sibling that does not exist
        long brokenSize = 1_001;
        try (Sql superuser = Sql.connect(env)) {
            run(superuser, "UPDATE audit_tree SET tree_size = ? WHERE tenant_id = ?::uuid", brokenSize, acme.tenantId());
        }
        try {
            assertThat(api.post("/api/v1/products", acme.token(), product("Tamper-broken-more", "1.00")).status()).isEqualTo(201);
            Api.TenantToken healthy = api.newTenant("Tamper-healthy");
            assertThat(api.post("/api/v1/products", healthy.token(), product("Tamper-healthy", "1.00")).status()).isEqualTo(201);

            AuditLogSupport.seal(sealer, env, healthy.tenantId());

            try (Sql owner = Sql.connect(env)) {
                assertThat(owner.count("SELECT tree_size FROM audit_tree WHERE tenant_id = ?::uuid", acme.tenantId()))
                        .as("the broken tree did not grow").isEqualTo(brokenSize);
                assertThat(owner.count("SELECT count(*) FROM audit_leaf WHERE tenant_id = ?::uuid", acme.tenantId()))
                        .isEqualTo(rows.size());
            }
        } finally {
            try (Sql superuser = Sql.connect(env)) {
                run(superuser, "UPDATE audit_tree SET tree_size = ? WHERE tenant_id = ?::uuid", rows.size(), acme.tenantId());
            }
        }
    }

    @Test
    void aTreeThatDoesNotExtendTheLastCheckpointIsNotSigned() {
        sealedTenant("Tamper-inconsistent");
        long signedSize = api.get("/api/v1/audit/checkpoints/latest", acme.token()).json().get("treeSize").asLong();
        // the operator rewrites every stored hash of the tree: the new tree no longer extends the signed one
        try (Sql superuser = Sql.connect(env)) {
            superuser.execute("ALTER TABLE audit_subtree DISABLE TRIGGER audit_subtree_append_only");
            superuser.execute("ALTER TABLE audit_leaf DISABLE TRIGGER audit_leaf_append_only");
            try {
                run(superuser, "UPDATE audit_subtree SET hash = sha256(hash) WHERE tenant_id = ?::uuid", acme.tenantId());
                run(superuser, "UPDATE audit_leaf SET leaf_hash = sha256(leaf_hash) WHERE tenant_id = ?::uuid", acme.tenantId());
            } finally {
                superuser.execute("ALTER TABLE audit_subtree ENABLE TRIGGER audit_subtree_append_only");
                superuser.execute("ALTER TABLE audit_leaf ENABLE TRIGGER audit_leaf_append_only");
            }
        }
        assertThat(api.post("/api/v1/products", acme.token(), product("Tamper-inconsistent-more", "1.00")).status())
                .isEqualTo(201);
        AuditLogSupport.seal(sealer, env, acme.tenantId());

        assertThat(checkpoints.signNow(dev.calibrate.kernel.tenant.TenantId.parse(acme.tenantId()))).isEmpty();
        assertThat(api.get("/api/v1/audit/checkpoints/latest", acme.token()).json().get("treeSize").asLong())
                .isEqualTo(signedSize);
    }
}
