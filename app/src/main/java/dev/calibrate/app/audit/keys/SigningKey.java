package dev.calibrate.app.audit.keys;

import java.security.PrivateKey;
import java.time.Instant;

/**
 * A key that signs (or signed) checkpoints: its signed-note id (hex of the 4-byte key id), the signer
 * name, the raw Ed25519 public key; the private key only for the active key of this server.
 */
public record SigningKey(String keyId, String name, byte[] publicKey, Instant createdAt, Instant retiredAt,
                         PrivateKey privateKey) {

    public boolean canSign() {
        return privateKey != null && retiredAt == null;
    }
}
