package dev.calibrate.app.audit.keys;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/** Ed25519 with the JDK's own provider, in the raw forms a signed note and an outside verifier use. */
public final class Ed25519 {

    public static final int KEY_BYTES = 32;
    /** The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the raw key follows. */
    private static final byte[] X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private Ed25519() {
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is in every JDK since 15", e);
        }
    }

    /** The key pair of a 32-byte seed (RFC 8032's private key): the JDK derives the pair from the random bytes it draws. */
    public static KeyPair fromSeed(byte[] seed) {
        if (seed.length != KEY_BYTES) {
            throw new IllegalArgumentException("an Ed25519 seed is 32 bytes, not " + seed.length);
        }
        SecureRandom fixed = new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
            }
        };
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, fixed);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is in every JDK since 15", e);
        }
    }

    /** A seed from 32 bytes as they are, or from a PKCS#8 encoding (what {@code openssl genpkey -algorithm ed25519} writes, unarmoured). */
    public static byte[] seedOf(byte[] seedOrPkcs8) {
        if (seedOrPkcs8.length == KEY_BYTES) {
            return seedOrPkcs8.clone();
        }
        try {
            PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(seedOrPkcs8));
            return seed(key);
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("neither a 32-byte Ed25519 seed nor an Ed25519 PKCS#8 key");
        }
    }

    public static byte[] seed(PrivateKey key) {
        return ((EdECPrivateKey) key).getBytes().orElseThrow(() -> new IllegalArgumentException("the key hides its seed"));
    }

    public static byte[] rawPublic(PublicKey key) {
        byte[] encoded = key.getEncoded();
        return Arrays.copyOfRange(encoded, encoded.length - KEY_BYTES, encoded.length);
    }

    public static byte[] sign(PrivateKey key, byte[] message) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(key);
            signature.update(message);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with Ed25519", e);
        }
    }

    public static boolean verify(byte[] rawPublicKey, byte[] message, byte[] signatureBytes) {
        if (rawPublicKey.length != KEY_BYTES) {
            return false;
        }
        try {
            byte[] encoded = new byte[X509_PREFIX.length + KEY_BYTES];
            System.arraycopy(X509_PREFIX, 0, encoded, 0, X509_PREFIX.length);
            System.arraycopy(rawPublicKey, 0, encoded, X509_PREFIX.length, KEY_BYTES);
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
            Signature signature = Signature.getInstance("Ed25519");
            signature.initVerify(key);
            signature.update(message);
            return signature.verify(signatureBytes);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** A C2SP signed-note key id: the first 4 bytes of SHA-256(key name ‖ 0x0A ‖ 0x01 (Ed25519) ‖ raw public key). */
    public static byte[] noteKeyId(String keyName, byte[] rawPublicKey) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            sha.update(keyName.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            sha.update((byte) 0x0A);
            sha.update((byte) 0x01);
            return Arrays.copyOf(sha.digest(rawPublicKey), 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is in every JDK", e);
        }
    }
}
