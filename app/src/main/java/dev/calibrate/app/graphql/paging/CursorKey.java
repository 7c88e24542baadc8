package dev.calibrate.app.graphql.paging;

import dev.calibrate.connectors.secrets.SecretBox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/**
 * The key that signs GraphQL cursors (HMAC-SHA256), so a client cannot forge a position the server then
 * trusts. Derived from {@code calibrate.secrets.key}: every node of a cluster, and the server after a restart,
 * signs alike. A server without that key signs with a random key of its own: its cursors then stop working
 * at a restart and on another node (a client pages from the start again), which the log says once.
 */
@Component
public class CursorKey {

    private static final Logger log = LoggerFactory.getLogger(CursorKey.class);

    private final SecretKeySpec key;

    @Autowired
    public CursorKey(SecretBox secrets) {
        this(secrets.derivedKey("graphql-cursors").orElseGet(() -> {
            log.warn("calibrate.secrets.key is not set: GraphQL cursors are signed with a key of this process, "
                    + "so they do not survive a restart and do not work on another node");
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return random;
        }));
    }

    public CursorKey(byte[] key) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
    }

    byte[] sign(byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is always available", e);
        }
    }

    byte[] sign(String message) {
        return sign(message.getBytes(StandardCharsets.UTF_8));
    }
}
