package dev.calibrate.app.audit.checkpoint;

import dev.calibrate.app.audit.keys.Ed25519;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;

/**
 * A checkpoint as a C2SP signed note (c2sp.org/signed-note) whose text is a C2SP tlog-checkpoint
 * (c2sp.org/tlog-checkpoint): origin, tree size in decimal, base64 root hash, then one extension line
 * {@code timestamp <ISO-8601 UTC, seconds>}; a blank line; then {@code — <key name> base64(key id ‖ signature)},
 * the signature Ed25519 over the text (every line with its newline), the key id the first 4 bytes of
 * {@code SHA-256(key name ‖ 0x0A ‖ 0x01 ‖ raw public key)}. Pure: no Spring, no storage.
 */
public final class CheckpointNote {

    private static final String DASH = "\u2014 ";

    private CheckpointNote() {
    }

    public static String text(String origin, long treeSize, byte[] root, Instant timestamp) {
        return origin + "\n" + treeSize + "\n" + Base64.getEncoder().encodeToString(root) + "\n"
                + "timestamp " + timestamp.truncatedTo(ChronoUnit.SECONDS) + "\n";
    }

    /** The signed note: the text, a blank line, one signature line. */
    public static String sign(String text, String keyName, byte[] rawPublicKey, PrivateKey key) {
        byte[] signature = Ed25519.sign(key, text.getBytes(StandardCharsets.UTF_8));
        byte[] keyId = keyId(keyName, rawPublicKey);
        byte[] line = new byte[keyId.length + signature.length];
        System.arraycopy(keyId, 0, line, 0, keyId.length);
        System.arraycopy(signature, 0, line, keyId.length, signature.length);
        return text + "\n" + DASH + keyName + " " + Base64.getEncoder().encodeToString(line) + "\n";
    }

    /** True when the note carries a valid signature by this key over its text. */
    public static boolean verify(String note, String keyName, byte[] rawPublicKey) {
        int split = note.lastIndexOf("\n\n");
        if (split < 0) {
            return false;
        }
        String text = note.substring(0, split + 1);
        byte[] keyId = keyId(keyName, rawPublicKey);
        for (String line : note.substring(split + 2).split("\n")) {
            String prefix = DASH + keyName + " ";
            if (!line.startsWith(prefix)) {
                continue;
            }
            byte[] decoded;
            try {
                decoded = Base64.getDecoder().decode(line.substring(prefix.length()));
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (decoded.length > 4 && Arrays.equals(Arrays.copyOf(decoded, 4), keyId)
                    && Ed25519.verify(rawPublicKey, text.getBytes(StandardCharsets.UTF_8),
                    Arrays.copyOfRange(decoded, 4, decoded.length))) {
                return true;
            }
        }
        return false;
    }

    /** The signed note key id of an Ed25519 key: 4 bytes. */
    public static byte[] keyId(String keyName, byte[] rawPublicKey) {
        return Ed25519.noteKeyId(keyName, rawPublicKey);
    }
}
