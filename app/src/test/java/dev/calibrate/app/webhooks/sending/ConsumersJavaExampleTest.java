package dev.calibrate.app.webhooks.sending;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/consumers.md's Java signature check, copied below character for character (indented one level), judges
 * what {@link WebhookSignature} sends: a reader who copies it accepts Calibrate's deliveries, also during a
 * secret rotation, and refuses another secret's, an edited body's and a stale timestamp's.
 */
class ConsumersJavaExampleTest {

    private static final String BODY = "{\"specversion\":\"1.0\",\"type\":\"dev.calibrate.PriceChangeSubmitted.v1\"}";
    private static final String ID = "5f0c8a5e-2b7d-4d8f-9a1e-3c6b2d1f0e9a";

    @Test
    void theDocumentsVerifierAcceptsWhatCalibrateSignsAndNothingElse() throws Exception {
        String secret = WebhookSignature.newSecret();
        String rotated = WebhookSignature.newSecret();
        long now = Instant.now().getEpochSecond();
        String ts = Long.toString(now);

        assertThat(verified(secret, ID, ts, WebhookSignature.header(List.of(secret), ID, now, BODY), BODY)).isTrue();
        assertThat(verified(secret, ID, ts, WebhookSignature.header(List.of(rotated, secret), ID, now, BODY), BODY))
                .as("during a rotation").isTrue();
        assertThat(verified(secret, ID, ts, WebhookSignature.header(List.of(rotated), ID, now, BODY), BODY)).isFalse();
        assertThat(verified(secret, ID, ts, WebhookSignature.header(List.of(secret), ID, now, BODY), BODY + " ")).isFalse();
        assertThat(verified(secret, "another-id", ts, WebhookSignature.header(List.of(secret), ID, now, BODY), BODY)).isFalse();
        String stale = Long.toString(now - 301);
        assertThat(verified(secret, ID, stale, WebhookSignature.header(List.of(secret), ID, now - 301, BODY), BODY))
                .as("a replay from five minutes ago").isFalse();
    }

    @Test
    void theMethodAboveIsTheDocumentsJavaExample() throws IOException {
        Matcher blocks = Pattern.compile("```java\n(boolean verified\\(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(Path.of("../docs/consumers.md")));
        assertThat(blocks.find()).isTrue();
        String source = Files.readString(Path.of("src/test/java/dev/calibrate/app/webhooks/sending/ConsumersJavaExampleTest.java"));
        assertThat(source).contains(blocks.group(1).lines().map(l -> l.isEmpty() ? l : "    " + l)
                .reduce((a, b) -> a + "\n" + b).orElseThrow());
    }

    // ---- docs/consumers.md, "Java (no library)", verbatim ----
    boolean verified(String secret, String id, String timestamp, String signatures, String rawBody) throws Exception {
        if (Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) > 300) return false;
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        byte[] expected = mac.doFinal((id + "." + timestamp + "." + rawBody).getBytes(StandardCharsets.UTF_8));
        for (String signature : signatures.split(" ")) {
            if (signature.startsWith("v1,") && MessageDigest.isEqual(expected,
                    Base64.getDecoder().decode(signature.substring(3)))) {
                return true;                        // during a rotation either secret's signature will do
            }
        }
        return false;
    }
    // then: CloudEvent event = json.readValue(rawBody, ...); dedupe on event id; answer 2xx quickly
}
