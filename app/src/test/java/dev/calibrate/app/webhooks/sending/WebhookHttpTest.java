package dev.calibrate.app.webhooks.sending;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.calibrate.app.webhooks.WebhookSettingsFor;
import dev.calibrate.app.webhooks.sending.WebhookHttp.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/** One webhook request against a real local receiver: what is refused, followed, read and waited for. */
class WebhookHttpTest {

    private static WireMockServer receiver;
    private static WebhookHttp strict;
    private static WebhookHttp insecure;

    @BeforeAll
    static void start() {
        receiver = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        receiver.start();
        strict = http(false, Duration.ofSeconds(2));
        insecure = http(true, Duration.ofSeconds(2));
    }

    @AfterAll
    static void stop() throws Exception {
        receiver.stop();
        strict.destroy();
        insecure.destroy();
    }

    private static WebhookHttp http(boolean allowInsecure, Duration timeout) {
        return new WebhookHttp(new WebhookTargets(WebhookSettingsFor.sending(allowInsecure, timeout)),
                WebhookSettingsFor.sending(allowInsecure, timeout));
    }

    @Test
    void aNameResolvingToLoopbackIsRefusedAtSendingAndNoConnectionIsMade() {
        receiver.stubFor(any(urlEqualTo("/refused")).willReturn(aResponse().withStatus(200)));
        Answer https = strict.post("https://localhost:" + receiver.port() + "/refused", Map.of(), "{}");
        Answer http = strict.post("http://127.0.0.1:" + receiver.port() + "/refused", Map.of(), "{}");

        assertThat(https.refused()).isTrue();
        assertThat(https.status()).isNull();
        assertThat(https.error()).contains("loopback");
        assertThat(http.refused()).isTrue();
        assertThat(http.error()).contains("https");
        assertThat(receiver.findAll(anyRequestedFor(urlEqualTo("/refused")))).isEmpty();
    }

    @Test
    void aRedirectIsNotFollowed() {
        receiver.stubFor(post(urlEqualTo("/moved")).willReturn(aResponse().withStatus(302)
                .withHeader("Location", "http://127.0.0.1:" + receiver.port() + "/elsewhere")));
        Answer answer = insecure.post("http://127.0.0.1:" + receiver.port() + "/moved", Map.of(), "{}");
        assertThat(answer.status()).isEqualTo(302);
        assertThat(answer.succeeded()).isFalse();
        assertThat(receiver.findAll(anyRequestedFor(urlEqualTo("/elsewhere")))).isEmpty();
    }

    @Test
    void atMostOneKilobyteOfTheAnswerIsRead() {
        receiver.stubFor(post(urlEqualTo("/chatty")).willReturn(aResponse().withStatus(500).withBody("x".repeat(50_000))));
        Answer answer = insecure.post("http://127.0.0.1:" + receiver.port() + "/chatty", Map.of(), "{}");
        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.body()).hasSize(WebhookHttp.MAX_BODY);
    }

    @Test
    void everyAnswerFreesItsConnection() {
        receiver.stubFor(post(urlEqualTo("/many")).willReturn(aResponse().withStatus(500).withBody("z".repeat(5_000))));
        receiver.stubFor(post(urlEqualTo("/short")).willReturn(aResponse().withStatus(500).withBody("down")));
        receiver.stubFor(post(urlEqualTo("/gone")).willReturn(aResponse().withStatus(410)));
        for (int i = 0; i < 6; i++) {
            assertThat(insecure.post("http://127.0.0.1:" + receiver.port() + "/many", Map.of(), "{}").status()).isEqualTo(500);
            assertThat(insecure.post("http://127.0.0.1:" + receiver.port() + "/short", Map.of(), "{}").body()).isEqualTo("down");
            assertThat(insecure.post("http://127.0.0.1:" + receiver.port() + "/gone", Map.of(), "{}").status()).isEqualTo(410);
        }
        assertThat(receiver.findAll(anyRequestedFor(urlEqualTo("/short")))).hasSize(6);
    }

    @Test
    void aSlowReceiverTimesOut() throws Exception {
        receiver.stubFor(post(urlEqualTo("/slow")).willReturn(aResponse().withStatus(200).withFixedDelay(3_000)));
        WebhookHttp impatient = http(true, Duration.ofMillis(500));
        try {
            long started = System.nanoTime();
            Answer answer = impatient.post("http://127.0.0.1:" + receiver.port() + "/slow", Map.of(), "{}");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2_500));
            assertThat(answer.status()).isNull();
            assertThat(answer.refused()).isFalse();
            assertThat(answer.error()).containsIgnoringCase("timeout");
        } finally {
            impatient.destroy();
        }
    }

    @Test
    void retryAfterInSecondsOrAsADate() {
        assertThat(WebhookHttp.retryAfter(new org.apache.hc.core5.http.message.BasicHeader("Retry-After", "120")))
                .isEqualTo(Duration.ofSeconds(120));
        assertThat(WebhookHttp.retryAfter(new org.apache.hc.core5.http.message.BasicHeader("Retry-After", "soon")))
                .isNull();
    }

}
