package dev.calibrate.connectors.shopify.webhooks;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSignatureTest {

    private static final byte[] BODY = "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8);
    /** RFC 4231-style well-known vector: HMAC-SHA256(key "key", the sentence above), base64. */
    private static final String SIGNATURE = "97yD9DBThCSxMpjmqm+xQ+9NWaFJRhdZl0edvC0aPNg=";

    @Test
    void theBase64HmacOfTheRawBodyVerifies() {
        assertThat(WebhookSignature.sign(BODY, "key")).isEqualTo(SIGNATURE);
        assertThat(WebhookSignature.verify(BODY, "key", SIGNATURE)).isTrue();
    }

    @Test
    void aChangedBodyOrAnotherSecretDoesNot() {
        byte[] changed = BODY.clone();
        changed[0] = 't';
        assertThat(WebhookSignature.verify(changed, "key", SIGNATURE)).isFalse();
        assertThat(WebhookSignature.verify(BODY, "other-key", SIGNATURE)).isFalse();
    }

    @Test
    void aMissingMalformedOrTruncatedSignatureDoesNot() {
        assertThat(WebhookSignature.verify(BODY, "key", null)).isFalse();
        assertThat(WebhookSignature.verify(BODY, "key", " ")).isFalse();
        assertThat(WebhookSignature.verify(BODY, "key", "not base64 at all!")).isFalse();
        assertThat(WebhookSignature.verify(BODY, "key", SIGNATURE.substring(0, 20))).isFalse();
        assertThat(WebhookSignature.verify(BODY, "key", "")).isFalse();
    }

    @Test
    void withoutASecretNothingVerifies() {
        assertThat(WebhookSignature.verify(BODY, null, SIGNATURE)).isFalse();
        assertThat(WebhookSignature.verify(BODY, "", WebhookSignature.sign(BODY, "x"))).isFalse();
    }
}
