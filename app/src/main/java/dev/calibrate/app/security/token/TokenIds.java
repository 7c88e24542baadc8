package dev.calibrate.app.security.token;

import java.util.UUID;

/** A token's id as its text carries it: the UUID's 32 hex digits without dashes. */
final class TokenIds {

    private TokenIds() {
    }

    /** The UUID of 32 hex digits (what the token formats' patterns accept). */
    static UUID fromHex(String hex) {
        if (hex.length() != 32) {
            throw new IllegalArgumentException("a token id has 32 hex digits");
        }
        return new UUID(Long.parseUnsignedLong(hex, 0, 16, 16), Long.parseUnsignedLong(hex, 16, 32, 16));
    }

    static String hex(UUID id) {
        return id.toString().replace("-", "");
    }
}
