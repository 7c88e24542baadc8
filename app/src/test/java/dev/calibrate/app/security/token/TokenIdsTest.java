package dev.calibrate.app.security.token;

import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A token's id read from its 32 hex digits is the UUID they spell, and the other way round. */
class TokenIdsTest {

    @Test
    void hexDigitsAreTheUuidTheySpell() {
        for (int i = 0; i < 10_000; i++) {
            UUID id = UUID.randomUUID();
            String hex = TokenIds.hex(id);
            assertThat(hex).hasSize(32).matches("[0-9a-f]{32}");
            assertThat(TokenIds.fromHex(hex)).isEqualTo(id);
            String dashed = hex.replaceFirst("(.{8})(.{4})(.{4})(.{4})(.{12})", "$1-$2-$3-$4-$5");
            assertThat(TokenIds.fromHex(hex)).isEqualTo(UUID.fromString(dashed));
        }
        assertThat(TokenIds.fromHex("ffffffffffffffffffffffffffffffff")).isEqualTo(new UUID(-1L, -1L));
        assertThat(TokenIds.fromHex("00000000000000000000000000000001")).isEqualTo(new UUID(0L, 1L));
        assertThatThrownBy(() -> TokenIds.fromHex("abc")).isInstanceOf(IllegalArgumentException.class);
    }
}
