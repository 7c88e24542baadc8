package dev.calibrate.app.audit;

import dev.calibrate.app.audit.keys.SigningKey;
import dev.calibrate.app.audit.keys.SigningKeys;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.Sql;
import dev.calibrate.connectors.secrets.SecretBox;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the checkpoint signing key comes from: nodes starting together with no key end up with one
 * generated key between them, and a configured key (CALIBRATE_SIGNING_KEY) takes over and retires it.
 * Each "node" is a SigningKeys of its own over the shared database.
 */
class SigningKeysTest extends IntegrationTest {

    @Autowired
    Environment env;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    SecretBox secrets;

    private SigningKeys node(String signingKey) {
        return new SigningKeys(jdbc, transactions, secrets, new AuditSettings(Duration.ofSeconds(2), 500, 10_000, 1000, 1000,
                Duration.ofMinutes(5), "calibrate.local", "calibrate", signingKey, 10_000, 1_000_000, Duration.ofSeconds(30), 2, Duration.ofMinutes(10)));
    }

    private static void retireEveryKey(Environment env) {
        try (Sql owner = Sql.connect(env)) {
            assertThat((Throwable) owner.failureOf("UPDATE audit_signing_key SET retired_at = now() WHERE retired_at IS NULL"))
                    .isNull();
        }
    }

    @Test
    void nodesStartingTogetherWithoutAKeyAllSignWithTheOneKeyThatWasStored() throws Exception {
        retireEveryKey(env);
        List<SigningKeys> nodes = List.of(node(""), node(""), node(""), node(""));
        ExecutorService pool = Executors.newFixedThreadPool(nodes.size());
        try {
            List<Future<SigningKey>> started = pool.invokeAll(nodes.stream()
                    .<Callable<SigningKey>>map(n -> () -> n.active().orElseThrow()).toList());
            List<String> ids = started.stream().map(f -> {
                try {
                    return f.get().keyId();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }).distinct().toList();
            assertThat(ids).hasSize(1);
            try (Sql owner = Sql.connect(env)) {
                assertThat(owner.count("SELECT count(*) FROM audit_signing_key WHERE retired_at IS NULL")).isEqualTo(1);
                assertThat(owner.single("SELECT key_id FROM audit_signing_key WHERE retired_at IS NULL")).isEqualTo(ids.get(0));
                // the private half is stored sealed, never as the seed itself
                assertThat((byte[]) owner.single("SELECT private_key_sealed FROM audit_signing_key WHERE key_id = ?", ids.get(0)))
                        .hasSizeGreaterThan(32);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aConfiguredKeyRetiresTheGeneratedOneAndIsListedWithoutItsPrivateHalf() {
        String generated = node("").active().orElseThrow().keyId();
        // the RFC 8032 seed 0x00..0x1f, whose public key is 03a107bf…5531b8 (docs/audit.md's example)
        SigningKey configured = node("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=").active().orElseThrow();

        assertThat(configured.keyId()).isEqualTo("14f15d62").isNotEqualTo(generated);
        assertThat(java.util.HexFormat.of().formatHex(configured.publicKey()))
                .isEqualTo("03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8");
        try (Sql owner = Sql.connect(env)) {
            assertThat(owner.single("SELECT key_id FROM audit_signing_key WHERE retired_at IS NULL")).isEqualTo("14f15d62");
            assertThat(owner.single("SELECT private_key_sealed FROM audit_signing_key WHERE key_id = '14f15d62'")).isNull();
            assertThat(owner.count("SELECT count(*) FROM audit_signing_key WHERE key_id = ? AND retired_at IS NOT NULL",
                    generated)).isEqualTo(1);
        }
        // unset again: a generated key takes over, the configured one stays listed, retired
        String next = node("").active().orElseThrow().keyId();
        assertThat(next).isNotEqualTo("14f15d62").isNotEqualTo(generated);
        // a node still set to the retired key (a rolling restart) signs nothing rather than taking it back
        assertThat(node("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=").active()).isEmpty();
        try (Sql owner = Sql.connect(env)) {
            assertThat(owner.single("SELECT key_id FROM audit_signing_key WHERE retired_at IS NULL")).isEqualTo(next);
        }
        retireEveryKey(env);
    }

    @Test
    void aConfiguredKeyIsNotRotatedByTheServerButByChangingTheSetting() {
        SigningKeys configured = node("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
        org.assertj.core.api.Assertions.assertThatThrownBy(configured::rotate)
                .isInstanceOfSatisfying(SigningKeys.KeyFromSetting.class, refused -> {
                    assertThat(refused.kind()).isEqualTo(dev.calibrate.kernel.error.Rejection.Kind.CONFLICT);
                    assertThat(refused.getMessage()).contains("CALIBRATE_SIGNING_KEY").doesNotContain("AAECAw");
                });
    }

    @Test
    void aKeyThatIsNotEd25519IsRefusedWithWhatToSet() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> node("bm90IGEga2V5"))
                .hasMessageContaining("CALIBRATE_SIGNING_KEY").hasMessageContaining("32-byte seed");
        // bound at start: a malformed key stops the start, naming the setting and not echoing the key
        new org.springframework.boot.test.context.runner.ApplicationContextRunner()
                .withUserConfiguration(SettingsOnly.class)
                .withPropertyValues("calibrate.audit.signing-key=not*base64")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .hasMessageContaining("CALIBRATE_SIGNING_KEY").hasMessageNotContaining("not*base64");
                });
    }

    @Test
    void aKeyNameWithAnyWhitespaceOrAPlusIsRefused() {
        for (String name : List.of("cal ibrate", "cal\tibrate", "cal\u2003ibrate", "cal+ibrate", "calibrate\n")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new AuditSettings(Duration.ofSeconds(2), 500, 10_000,
                            1000, 1000, Duration.ofMinutes(5), "calibrate.local", name, "", 10_000, 1_000_000, Duration.ofSeconds(30), 2, Duration.ofMinutes(10)))
                    .as(name).hasMessageContaining("key-name");
        }
    }

    @org.springframework.boot.context.properties.EnableConfigurationProperties(AuditSettings.class)
    static class SettingsOnly {
    }
}
