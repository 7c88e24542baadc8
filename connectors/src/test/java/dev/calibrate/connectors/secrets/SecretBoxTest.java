package dev.calibrate.connectors.secrets;

import dev.calibrate.kernel.tenant.TenantId;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretBoxTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String OTHER_KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    private final TenantId tenant = TenantId.random();
    private final SecretBox box = SecretBox.fromBase64Key(KEY);

    @Test
    void aSealedSecretOpensForItsTenantAndPurpose() {
        byte[] sealed = box.seal(tenant, "token", "shpat_secret");

        assertThat(box.open(tenant, "token", sealed)).isEqualTo("shpat_secret");
    }

    @Test
    void theStoredBytesDoNotContainTheSecret() {
        byte[] sealed = box.seal(tenant, "token", "shpat_secret");

        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("shpat_secret");
    }

    @Test
    void sealingTwiceGivesDifferentBytes() {
        assertThat(box.seal(tenant, "token", "x")).isNotEqualTo(box.seal(tenant, "token", "x"));
    }

    @Test
    void aSecretCopiedToAnotherTenantDoesNotOpen() {
        byte[] sealed = box.seal(tenant, "token", "shpat_secret");

        assertThatThrownBy(() -> box.open(TenantId.random(), "token", sealed))
                .isInstanceOf(SecretBox.SecretUnreadable.class);
    }

    @Test
    void aSecretMovedToAnotherPurposeDoesNotOpen() {
        byte[] sealed = box.seal(tenant, "token", "shpat_secret");

        assertThatThrownBy(() -> box.open(tenant, "api-secret", sealed)).isInstanceOf(SecretBox.SecretUnreadable.class);
    }

    @Test
    void anotherKeyCannotOpenIt() {
        byte[] sealed = box.seal(tenant, "token", "shpat_secret");

        assertThatThrownBy(() -> SecretBox.fromBase64Key(OTHER_KEY).open(tenant, "token", sealed))
                .isInstanceOf(SecretBox.SecretUnreadable.class)
                .hasMessageContaining("CALIBRATE_SECRETS_KEY");
    }

    @Test
    void tamperedBytesDoNotOpen() {
        byte[] sealed = box.seal(tenant, "token", "shpat_secret");
        sealed[sealed.length - 1] ^= 1;

        assertThatThrownBy(() -> box.open(tenant, "token", sealed)).isInstanceOf(SecretBox.SecretUnreadable.class);
    }

    @Test
    void withoutAKeyNothingIsSealed() {
        SecretBox keyless = SecretBox.fromBase64Key("");

        assertThat(keyless.hasKey()).isFalse();
        assertThatThrownBy(() -> keyless.seal(tenant, "token", "x"))
                .isInstanceOf(SecretBox.SecretsKeyMissing.class);
    }

    @Test
    void aKeyOfTheWrongLengthStopsTheServer() {
        assertThatThrownBy(() -> SecretBox.fromBase64Key(Base64.getEncoder().encodeToString(new byte[16])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be 32 bytes");
        assertThatThrownBy(() -> SecretBox.fromBase64Key("not base64!"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not base64");
    }
}
