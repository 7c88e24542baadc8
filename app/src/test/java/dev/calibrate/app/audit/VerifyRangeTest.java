package dev.calibrate.app.audit;

import dev.calibrate.app.audit.checkpoint.Checkpoints;
import dev.calibrate.app.audit.keys.SigningKeys;
import dev.calibrate.app.audit.seal.AuditSealer;
import dev.calibrate.app.audit.seal.AuditTrees;
import dev.calibrate.app.audit.verify.AuditVerifier;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantScope;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.calibrate.app.support.ProductBodies.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One verification recomputes at most {@code verify-max-range} leaves (issue 18: never the whole history per
 * request): a longer range is refused before anything is read, naming the field and the bound. Judged with a
 * bound of 3 on a verifier of its own, so the tenant needs only a few events; the HTTP mapping of the
 * refusal (a 400 naming {@code to}) is the one every InvalidInput gets.
 */
class VerifyRangeTest extends IntegrationTest {

    @Autowired
    Environment env;
    @Autowired
    AuditSealer sealer;
    @Autowired
    Checkpoints checkpoints;
    @Autowired
    TenantScope tenantScope;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    AuditTrees trees;
    @Autowired
    SigningKeys keys;
    @Autowired
    AuditSettings settings;

    @Test
    void aRangeLongerThanTheBoundIsRefusedAndOneWithinItIsVerified() {
        Api.TenantToken acme = api.newTenant("Verify range");
        for (int i = 0; i < 3; i++) {
            assertThat(api.post("/api/v1/products", acme.token(), product("VR-" + i, "10.0" + i)).status()).isEqualTo(201);
        }
        AuditLogSupport.sealAndSign(sealer, checkpoints, env, acme.tenantId());
        TenantId tenant = TenantId.parse(acme.tenantId());
        assertThat(trees.size(tenant)).isGreaterThan(3);
        AuditVerifier boundToThree = new AuditVerifier(tenantScope, jdbc, trees, checkpoints, keys, new AuditSettings(
                settings.sealInterval(), settings.batchSize(), settings.maxPerRun(), settings.sealDuringRuns(),
                settings.checkpointEvery(), settings.checkpointInterval(), settings.logName(), settings.keyName(),
                settings.signingKey(), 3, settings.exportMaxRange(), settings.exportStatementTimeout(),
                settings.exportMaxConcurrent(), settings.exportMaxDuration()));

        assertThatThrownBy(() -> boundToThree.verify(tenant, 0L, 4L)).isInstanceOf(InvalidInput.class)
                .satisfies(e -> assertThat(((InvalidInput) e).violations()).singleElement().satisfies(v -> {
                    assertThat(v.field()).isEqualTo("to");
                    assertThat(v.message()).contains("at most 3 leaves per request");
                }));
        assertThat(boundToThree.verify(tenant, 1L, 4L).ok()).isTrue();
        // without a range: the last three leaves before the latest checkpoint, never more
        assertThat(boundToThree.verify(tenant, null, null).from()).isEqualTo(trees.size(tenant) - 3);
    }
}
