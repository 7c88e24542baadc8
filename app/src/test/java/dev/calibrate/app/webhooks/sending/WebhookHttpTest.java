package dev.calibrate.app.webhooks.sending;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.calibrate.app.webhooks.WebhookSettingsFor;
import dev.calibrate.app.webhooks.sending.WebhookHttp.Answer;
import dev.calibrate.kernel.tenant.TenantId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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
        assertThat(https.error()).isEqualTo(WebhookHttp.REFUSED_INTERNAL);
        assertThat(http.refused()).isTrue();
        assertThat(http.error()).isEqualTo(WebhookHttp.REFUSED_URL);
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
    void threeTimesMaxConnTotalFailedConnectsLeaveThePoolUsable() throws Exception {
        // one worker: a pool of 2 connections in all; a connection leaked by a failed connect would make the
        // next request wait the connection request timeout (1 s) for one, and fail
        var settings = WebhookSettingsFor.lookups(true, Duration.ofSeconds(1), 1, 1, 2);
        WebhookHttp http = new WebhookHttp(new WebhookTargets(settings, host -> {
            if (host.startsWith("busy.")) {
                throw new WebhookTargets.LookupBusy("no room");
            }
            if (host.startsWith("unknown.")) {
                throw new java.net.UnknownHostException("no such name");
            }
            return new InetAddress[]{InetAddress.getByName("127.0.0.1")};
        }), settings);
        int closedPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        receiver.stubFor(post(urlEqualTo("/after-failures")).willReturn(aResponse().withStatus(204)));
        try {
            TenantId tenant = new TenantId(UUID.randomUUID());
            for (int i = 0; i < 3 * 2; i++) {
                assertThat(http.post(tenant, "http://busy.test:" + receiver.port() + "/x", Map.of(), "{}",
                        Duration.ofSeconds(5)).error()).isEqualTo(WebhookHttp.DNS_BUSY);
                assertThat(http.post(tenant, "http://unknown.test:" + receiver.port() + "/x", Map.of(), "{}",
                        Duration.ofSeconds(5)).error()).isEqualTo(WebhookHttp.DNS_FAILED);
                assertThat(http.post(tenant, "http://closed.test:" + closedPort + "/x", Map.of(), "{}",
                        Duration.ofSeconds(5)).error()).isEqualTo(WebhookHttp.CONNECTION_FAILED);
            }
            long started = System.nanoTime();
            Answer answer = http.post(tenant, "http://fine.test:" + receiver.port() + "/after-failures", Map.of(),
                    "{}", Duration.ofSeconds(5));
            assertThat(answer.status()).as(String.valueOf(answer.error())).isEqualTo(204);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("no wait for a pooled connection")
                    .isLessThan(Duration.ofMillis(900));
        } finally {
            http.destroy();
        }
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
            assertThat(answer.error()).isEqualTo(WebhookHttp.TIMEOUT);
        } finally {
            impatient.destroy();
        }
    }

    /** A client whose resolver answers {@code address} for every name, as a hostile DNS server would. */
    private static WebhookHttp resolvingTo(boolean allowInsecure, InetAddress address, Duration timeout,
                                           Duration deadline) {
        var settings = WebhookSettingsFor.sending(allowInsecure, timeout, deadline);
        return new WebhookHttp(new WebhookTargets(settings, host -> new InetAddress[]{address}), settings);
    }

    @Test
    void aNameAnsweredWithAnIpv6FormOfAnInternalAddressIsRefusedAndNoConnectionIsMade() throws Exception {
        try (RawReceiver raw = new RawReceiver(out -> RawReceiver.write(out, "HTTP/1.1 204 No Content\r\n\r\n"))) {
            for (String literal : WebhookTargetsTest.EMBEDDING_INTERNAL) {
                WebhookHttp http = resolvingTo(false, WebhookTargetsTest.v6(literal), Duration.ofSeconds(2), null);
                try {
                    Answer answer = http.post("https://hooks.example.com:" + raw.port() + "/in", Map.of(), "{}");
                    assertThat(answer.refused()).as(literal).isTrue();
                    assertThat(answer.error()).as(literal).isEqualTo(WebhookHttp.REFUSED_INTERNAL);
                } finally {
                    http.destroy();
                }
            }
            assertThat(raw.accepted()).as("connections made").isZero();

            // the same mapped loopback answer, where loopback is allowed, does connect: the refusal above is the check's
            WebhookHttp allowed = resolvingTo(true, WebhookTargetsTest.v6("::ffff:127.0.0.1"), Duration.ofSeconds(2), null);
            try {
                assertThat(allowed.post("http://hooks.example.com:" + raw.port() + "/in", Map.of(), "{}").status())
                        .isEqualTo(204);
                assertThat(raw.accepted()).isEqualTo(1);
            } finally {
                allowed.destroy();
            }
        }
    }

    @Test
    void endlessHeaderLinesAreCutOffAtTheHeaderCount() throws Exception {
        try (RawReceiver raw = new RawReceiver(out -> {
            RawReceiver.write(out, "HTTP/1.1 200 OK\r\n");
            for (long i = 0; ; i++) {
                RawReceiver.write(out, "X-Filler-" + i + ": yes\r\n");
            }
        })) {
            Answer answer = fastFailing(raw);
            assertThat(answer.status()).isNull();
            assertThat(answer.error()).isEqualTo(WebhookHttp.TOO_LARGE);
        }
    }

    @Test
    void anEndlessHeaderLineIsCutOffAtTheLineLength() throws Exception {
        try (RawReceiver raw = new RawReceiver(out -> {
            RawReceiver.write(out, "HTTP/1.1 200 OK\r\nX-Endless: ");
            String chunk = "a".repeat(1024);
            while (true) {
                RawReceiver.write(out, chunk);
            }
        })) {
            Answer answer = fastFailing(raw);
            assertThat(answer.status()).isNull();
            assertThat(answer.error()).isEqualTo(WebhookHttp.TOO_LARGE);
        }
    }

    /** Posts to the raw receiver with a long deadline: a quick answer proves the parser's bound, not the deadline. */
    private static Answer fastFailing(RawReceiver raw) throws Exception {
        WebhookHttp http = http(true, Duration.ofSeconds(20));
        try {
            long started = System.nanoTime();
            Answer answer = http.post("http://127.0.0.1:" + raw.port() + "/in", Map.of(), "{}");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            return answer;
        } finally {
            http.destroy();
        }
    }

    @Test
    void aReceiverTricklingItsAnswerIsCutOffAtTheDeadline() throws Exception {
        try (RawReceiver raw = new RawReceiver(out -> {
            RawReceiver.write(out, "HTTP/1.1 200 OK\r\n");
            while (true) {
                RawReceiver.write(out, "X");  // a byte well within each read's timeout, for ever
                Thread.sleep(100);
            }
        })) {
            WebhookHttp http = resolvingTo(true, InetAddress.getLoopbackAddress(), Duration.ofMillis(500),
                    Duration.ofMillis(1_500));
            try {
                long started = System.nanoTime();
                Answer answer = http.post("http://127.0.0.1:" + raw.port() + "/in", Map.of(), "{}");
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(1_400),
                        Duration.ofMillis(3_000));
                assertThat(answer.status()).isNull();
                assertThat(answer.error()).isEqualTo(WebhookHttp.TIMEOUT);
            } finally {
                http.destroy();
            }
        }
    }

    @Test
    void failuresAreRecordedInAFixedVocabularyWithoutAddresses() throws Exception {
        int closedPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        Answer refusedConnection = insecure.post("http://127.0.0.1:" + closedPort + "/in", Map.of(), "{}");
        assertThat(refusedConnection.error()).isEqualTo(WebhookHttp.CONNECTION_FAILED);

        try (RawReceiver notHttps = new RawReceiver(out -> RawReceiver.write(out, "HTTP/1.1 200 OK\r\n\r\n"))) {
            WebhookHttp tls = resolvingTo(true, InetAddress.getLoopbackAddress(), Duration.ofSeconds(2), null);
            try {
                Answer answer = tls.post("https://hooks.example.com:" + notHttps.port() + "/in", Map.of(), "{}");
                assertThat(answer.error()).isEqualTo(WebhookHttp.TLS_FAILED);
            } finally {
                tls.destroy();
            }
        }

        WebhookHttp unresolvable = new WebhookHttp(new WebhookTargets(WebhookSettingsFor.sending(false,
                Duration.ofSeconds(2)), host -> {
                    throw new java.net.UnknownHostException(host + ": lookup failed at 10.0.0.53");
                }), WebhookSettingsFor.sending(false, Duration.ofSeconds(2)));
        try {
            assertThat(unresolvable.post("https://nowhere.example.com/in", Map.of(), "{}").error())
                    .isEqualTo(WebhookHttp.DNS_FAILED);
        } finally {
            unresolvable.destroy();
        }
    }

    @Test
    void aNameWithTwoSilentAddressesEndsAtTheDeadline() throws Exception {
        // two receivers on one port, at two loopback addresses, that accept and never answer: the TLS
        // handshake waits on each for a whole timeout; only the deadline ends it, once for both
        InetAddress first = InetAddress.getByName("127.0.0.1");
        InetAddress second = InetAddress.getByName("127.0.0.2");
        try (java.net.ServerSocket one = new java.net.ServerSocket(0, 50, first);
             java.net.ServerSocket two = new java.net.ServerSocket(one.getLocalPort(), 50, second)) {
            var settings = WebhookSettingsFor.sending(true, Duration.ofSeconds(3), Duration.ofSeconds(1));
            WebhookHttp http = new WebhookHttp(new WebhookTargets(settings, host -> new InetAddress[]{first, second}),
                    settings);
            try {
                long started = System.nanoTime();
                Answer answer = http.post("https://hooks.example.com:" + one.getLocalPort() + "/in", Map.of(), "{}");
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1_800));
                assertThat(answer.status()).isNull();
                assertThat(answer.error()).isEqualTo(WebhookHttp.TIMEOUT);
            } finally {
                http.destroy();
            }
        }
    }

    @Test
    void aSlowNameLookupEndsAtTheDeadline() throws Exception {
        var settings = WebhookSettingsFor.sending(true, Duration.ofSeconds(3), Duration.ofSeconds(1));
        WebhookHttp http = new WebhookHttp(new WebhookTargets(settings, host -> {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
            return new InetAddress[]{InetAddress.getLoopbackAddress()};
        }), settings);
        try {
            long started = System.nanoTime();
            Answer answer = http.post("https://slow-dns.example.com/in", Map.of(), "{}");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1_800));
            assertThat(answer.status()).isNull();
            assertThat(answer.error()).isIn(WebhookHttp.DNS_FAILED, WebhookHttp.TIMEOUT);
        } finally {
            http.destroy();
        }
    }

    @Test
    void retryAfterInSecondsOrAsADate() {
        assertThat(WebhookHttp.retryAfter(new org.apache.hc.core5.http.message.BasicHeader("Retry-After", "120")))
                .isEqualTo(Duration.ofSeconds(120));
        assertThat(WebhookHttp.retryAfter(new org.apache.hc.core5.http.message.BasicHeader("Retry-After", "soon")))
                .isNull();
    }


    @Test
    void aTenantWhoseLookupsAreStuckIsNotSentNotCountedAndAnotherTenantIsSent() throws Exception {
        receiver.stubFor(post(urlEqualTo("/busy-dns")).willReturn(aResponse().withStatus(204)));
        CountDownLatch answer = new CountDownLatch(1);
        var settings = WebhookSettingsFor.lookups(true, Duration.ofMillis(300), 16, 4, 2);
        WebhookHttp http = new WebhookHttp(new WebhookTargets(settings, host -> {
            if (host.startsWith("stuck")) {
                WebhookTargetsTest.awaitUninterruptibly(answer);
            }
            return new InetAddress[]{InetAddress.getLoopbackAddress()};
        }), settings);
        TenantId a = new TenantId(UUID.randomUUID());
        TenantId b = new TenantId(UUID.randomUUID());
        String port = ":" + receiver.port();
        try {
            for (int i = 0; i < 2; i++) {
                assertThat(http.post(a, "http://stuck.example.com" + port + "/busy-dns", Map.of(), "{}",
                        Duration.ofSeconds(5)).error()).isEqualTo(WebhookHttp.DNS_FAILED);
            }
            Answer busy = http.post(a, "http://fine.example.com" + port + "/busy-dns", Map.of(), "{}",
                    Duration.ofSeconds(5));
            assertThat(busy.error()).isEqualTo(WebhookHttp.DNS_BUSY);
            assertThat(busy.notAttempted()).isTrue();
            Answer other = http.post(b, "http://fine.example.com" + port + "/busy-dns", Map.of(), "{}",
                    Duration.ofSeconds(5));
            assertThat(other.status()).isEqualTo(204);
            assertThat(other.notAttempted()).isFalse();
        } finally {
            answer.countDown();
            http.destroy();
        }
    }

    @Test
    void aDeadlineGivenShorterThanTheConfiguredOneEndsTheRequestThere() throws Exception {
        // what a delivery gives: what its lease leaves, which may be less than the configured deadline
        receiver.stubFor(post(urlEqualTo("/short")).willReturn(aResponse().withStatus(204).withFixedDelay(3_000)));
        var settings = WebhookSettingsFor.sending(true, Duration.ofSeconds(5), Duration.ofSeconds(8));
        WebhookHttp http = new WebhookHttp(new WebhookTargets(settings), settings);
        try {
            long started = System.nanoTime();
            Answer answer = http.post(new TenantId(UUID.randomUUID()), "http://127.0.0.1:" + receiver.port() + "/short",
                    Map.of(), "{}", Duration.ofMillis(800));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1_800));
            assertThat(answer.error()).isEqualTo(WebhookHttp.TIMEOUT);
            assertThat(http.post(null, "http://127.0.0.1:" + receiver.port() + "/short", Map.of(), "{}", Duration.ZERO)
                    .error()).as("no time left: not even tried").isEqualTo(WebhookHttp.TIMEOUT);
        } finally {
            http.destroy();
        }
    }
}
