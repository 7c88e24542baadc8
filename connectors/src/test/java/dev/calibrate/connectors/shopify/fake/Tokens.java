package dev.calibrate.connectors.shopify.fake;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Random secrets (codes, tokens, keys): unguessable, so tests cannot depend on their values. */
final class Tokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {
    }

    static String hex(int bytes) {
        byte[] buffer = new byte[bytes];
        RANDOM.nextBytes(buffer);
        return HexFormat.of().formatHex(buffer);
    }
}
