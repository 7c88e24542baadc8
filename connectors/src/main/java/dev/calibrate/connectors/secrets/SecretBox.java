package dev.calibrate.connectors.secrets;

import dev.calibrate.kernel.tenant.TenantId;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * Encrypts connector secrets (access tokens, API secrets, refresh tokens) with AES-256-GCM under a
 * key derived per tenant from the server's master key ({@code CALIBRATE_SECRETS_KEY}). The tenant and
 * the secret's purpose are bound in as associated data, so a sealed value copied to another tenant's
 * row, or from the token column to the secret column, fails to open instead of decrypting.
 */
public final class SecretBox {

    private static final byte FORMAT = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] masterKey;

    private SecretBox(byte[] masterKey) {
        this.masterKey = masterKey;
    }

    /**
     * @param base64Key 32 random bytes, base64 encoded (e.g. {@code openssl rand -base64 32}); blank means
     *                  "no key": the box then refuses to seal or open anything
     */
    public static SecretBox fromBase64Key(String base64Key) {
        if (base64Key == null || base64Key.isBlank()) {
            return new SecretBox(null);
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64Key.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("calibrate.secrets.key (CALIBRATE_SECRETS_KEY) is not base64");
        }
        if (key.length != 32) {
            throw new IllegalArgumentException("calibrate.secrets.key (CALIBRATE_SECRETS_KEY) must be 32 bytes, base64"
                    + " encoded (openssl rand -base64 32); it is " + key.length + " bytes");
        }
        return new SecretBox(key);
    }

    public boolean hasKey() {
        return masterKey != null;
    }

    /**
     * A 32-byte key for {@code purpose} (e.g. signing GraphQL cursors), derived from the master key with
     * HKDF-SHA256 so no second secret has to be configured and no two purposes share a key; empty when the
     * server has no master key.
     */
    public Optional<byte[]> derivedKey(String purpose) {
        if (masterKey == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(hkdf("calibrate-derived-keys", "purpose:" + purpose));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is always available", e);
        }
    }

    public byte[] seal(TenantId tenantId, String purpose, String secret) {
        requireKey();
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, tenantId, nonce);
            cipher.updateAAD(associatedData(tenantId, purpose));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(FORMAT).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is always available", e);
        }
    }

    public String open(TenantId tenantId, String purpose, byte[] sealed) {
        requireKey();
        if (sealed == null || sealed.length < 1 + NONCE_BYTES || sealed[0] != FORMAT) {
            throw new SecretUnreadable("the stored " + purpose + " is not in a format this server reads");
        }
        try {
            byte[] nonce = Arrays.copyOfRange(sealed, 1, 1 + NONCE_BYTES);
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, tenantId, nonce);
            cipher.updateAAD(associatedData(tenantId, purpose));
            byte[] plain = cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new SecretUnreadable("the stored " + purpose + " does not open with this server's"
                    + " CALIBRATE_SECRETS_KEY (was the key changed?)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is always available", e);
        }
    }

    private Cipher cipher(int mode, TenantId tenantId, byte[] nonce) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(tenantKey(tenantId), "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        return cipher;
    }

    /** HKDF-SHA256 (RFC 5869) with the tenant id as info: one key per tenant, no key stored anywhere. */
    private byte[] tenantKey(TenantId tenantId) throws GeneralSecurityException {
        return hkdf("calibrate-connector-secrets", "tenant:" + tenantId);
    }

    private byte[] hkdf(String salt, String info) throws GeneralSecurityException {
        Mac extract = Mac.getInstance("HmacSHA256");
        extract.init(new SecretKeySpec(salt.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] prk = extract.doFinal(masterKey);
        Mac expand = Mac.getInstance("HmacSHA256");
        expand.init(new SecretKeySpec(prk, "HmacSHA256"));
        expand.update(info.getBytes(StandardCharsets.UTF_8));
        expand.update((byte) 1);
        return expand.doFinal();
    }

    private static byte[] associatedData(TenantId tenantId, String purpose) {
        return (tenantId + "/" + purpose).getBytes(StandardCharsets.UTF_8);
    }

    /** Throws {@link SecretsKeyMissing} when the server has no master key. */
    public void requireKey() {
        if (masterKey == null) {
            throw new SecretsKeyMissing();
        }
    }

    /**
     * The server has no master key, so it must not store (or read) secrets: connectors' credentials and webhook
     * signing secrets alike. A 503: it is the
     * server's setup that is missing, not the caller's input that is wrong.
     */
    public static final class SecretsKeyMissing extends ErrorResponseException {
        SecretsKeyMissing() {
            super(HttpStatus.SERVICE_UNAVAILABLE, ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                    "this server has no CALIBRATE_SECRETS_KEY, so it refuses to store secrets (connector credentials,"
                            + " webhook signing secrets);"
                            + " set it to 32 random bytes, base64 encoded (openssl rand -base64 32), and restart"), null);
        }
    }

    /** A stored secret cannot be decrypted (other key, corrupted row). */
    public static final class SecretUnreadable extends RuntimeException {
        SecretUnreadable(String message) {
            super(message);
        }
    }
}
