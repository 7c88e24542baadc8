package dev.calibrate.app.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.audit.checkpoint.Checkpoints;
import dev.calibrate.app.audit.seal.AuditSealer;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.Sql;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

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
            run(superuser, "UPDATE audit_checkpoint SET note = replace(note, 'timestamp ', 'timestamp 1') "
                    + "WHERE tenant_id = ?::uuid AND tree_size = ?", acme.tenantId(), size);
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
            run(superuser, "UPDATE audit_leaf SET leaf_hash = ? WHERE tenant_id = ?::uuid AND leaf_index = 0",
                    AuditLogSupport.leafHash(edited0.get(0)), acme.tenantId());
        }
        JsonNode report = verify();
        assertThat(report.get("ok").asBoolean()).isFalse();
        // leaf 1 completes the subtree over leaves 0 and 1
        assertThat(report.at("/firstProblem/leafIndex").asLong()).isEqualTo(1);
        assertThat(report.at("/firstProblem/reason").asText()).contains("subtree 1/0");
        assertThat(report.get("problems").asInt()).as("the signed root too").isGreaterThanOrEqualTo(2);
    }
}
