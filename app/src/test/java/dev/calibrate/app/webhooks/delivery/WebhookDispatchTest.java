package dev.calibrate.app.webhooks.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.AppProcesses;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.webhooks.FakeClock;
import dev.calibrate.app.webhooks.outbox.OutboxTime;
import dev.calibrate.app.webhooks.sending.WebhookTargets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.calibrate.app.support.ProductBodies.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dispatcher against a real receiver on loopback, on the database's clock, with the default workers
 * and per-tenant caps: what one tenant's stuck name lookups or slow receivers can and cannot
 * do to others. Names ending {@code .loopback.test} resolve to loopback through a {@link WebhookTargets.Lookup}
 * bean; a name in {@link #STUCK} is not answered until {@link #release} counts down, and a cancel does not
 * stop it (as the system resolver).
 */
@Tag("slow") // starts an application of its own: ./mvnw verify -Pslow
class WebhookDispatchTest {

    private static final String ADMIN_TOKEN = "webhook-dispatch-admin-token-0123456789abcdef";
    private static final String CREATED = "dev.calibrate.ProductCreated.v1";
    private static final Duration TIMEOUT = Duration.ofSeconds(4);
    private static final Duration DEADLINE = Duration.ofSeconds(8);
    static final Set<String> STUCK = ConcurrentHashMap.newKeySet();
    static volatile CountDownLatch release = new CountDownLatch(0);

    @TempDir
    static Path dataDir;
    private static ConfigurableApplicationContext app;
    private static Api api;
    private static WireMockServer receiver;
    private static JdbcTemplate jdbc;

    /**
     * The lookup hook: loopback names, and stuck ones. Not a {@code @Configuration}, so that the application's
     * scan of dev.calibrate does not add it to other tests' applications (see {@link FakeClock.Wiring}).
     */
    static class Names {

        @Bean
        WebhookTargets.Lookup lookup() {
            return host -> {
                if (STUCK.contains(host)) {
                    CountDownLatch answer = release;
                    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (answer.getCount() > 0 && System.nanoTime() < until) {
                        try {
                            answer.await(50, TimeUnit.MILLISECONDS);
                        } catch (InterruptedException ignored) {
                            // like a blocking getaddrinfo: carries on
                        }
                    }
                }
                if (host.endsWith(".loopback.test")) {
                    return new InetAddress[]{InetAddress.getByName("127.0.0.1")};
                }
                return InetAddress.getAllByName(host);
            };
        }
    }

    @BeforeAll
    static void start() {
        receiver = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").containerThreads(64));
        receiver.start();
        app = AppProcesses.startOnSharedPostgres(List.of(Names.class), dataDir, ADMIN_TOKEN,
                "--calibrate.webhooks.allow-insecure=true",
                "--calibrate.webhooks.poll-interval=100ms",
                "--calibrate.webhooks.timeout=" + TIMEOUT.toSeconds() + "s",
                "--calibrate.webhooks.deadline=" + DEADLINE.toSeconds() + "s",
                "--calibrate.webhooks.retry-schedule=1s,1s,1s,1s,1s,1s,1s,1s,1s",
                "--calibrate.secrets.key=" + IntegrationTest.SECRETS_KEY);
        api = new Api("http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort(),
                ADMIN_TOKEN, app.getBean(ObjectMapper.class));
        jdbc = app.getBean(JdbcTemplate.class);
    }

    @AfterAll
    static void stop() {
        release.countDown();
        if (app != null) {
            app.close();
        }
        if (receiver != null) {
            receiver.stop();
        }
    }

    private static Api.TenantToken tenant(String name) {
        return api.token(api.createTenant(name + " " + UUID.randomUUID(), "USD"), "webhooks:admin", "catalog:write",
                "catalog:read");
    }

    private record Endpoint(String id, String host, String path) {
    }

    /** An endpoint at {@code host} (a name ending .loopback.test, or 127.0.0.1) answering {@code status} after {@code delay}. */
    private static Endpoint register(Api.TenantToken tenant, String host, int status, Duration delay) {
        String path = "/hooks/" + UUID.randomUUID();
        receiver.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(status)
                .withFixedDelay((int) delay.toMillis())));
        Api.Response created = api.post("/api/v1/webhooks", tenant.token(), Map.of("url",
                "http://" + host + ":" + receiver.port() + path, "eventTypes", List.of(CREATED)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return new Endpoint(created.json().get("id").asText(), host, path);
    }

    private static void createProduct(Api.TenantToken tenant) {
        Api.Response created = api.post("/api/v1/products", tenant.token(),
                product("WD-" + UUID.randomUUID().toString().substring(0, 8), "10.00"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    private static List<LoggedRequest> requests(Endpoint endpoint) {
        return receiver.findAll(postRequestedFor(urlEqualTo(endpoint.path())));
    }

    /** The endpoint's oldest delivery, seen while no sender holds any of its deliveries: status and attempts. */
    private static Map<String, Object> settled(Endpoint endpoint) {
        List<Map<String, Object>> rows = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(5)).until(() -> {
            rows.clear();
            rows.addAll(jdbc.queryForList("SELECT status, attempts, last_error, lease_owner FROM webhook_delivery"
                    + " WHERE endpoint_id = ?::uuid ORDER BY id", endpoint.id()));
            return !rows.isEmpty() && rows.stream().allMatch(row -> row.get("lease_owner") == null);
        });
        return rows.get(0);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void delete(Api.TenantToken tenant, List<Endpoint> endpoints) {
        endpoints.forEach(endpoint -> api.delete("/api/v1/webhooks/" + endpoint.id(), tenant.token()));
    }

    @Test
    void theOutboxRunsOnTheDatabasesClockNotATestsFakeClock() {
        // a FakeClock scanned into this application stood still: retries set ahead never came due
        assertThat(app.getBean(java.time.Clock.class)).isNotInstanceOf(FakeClock.class);
        assertThat(app.getBean(OutboxTime.class).now()).as("null: the database's clock").isNull();
    }

    @Test
    void aTenantsStuckNameLookupsNeitherBurnItsRetriesNorHoldBackAnotherTenant() {
        release = new CountDownLatch(1);
        Api.TenantToken stuck = tenant("StuckDns");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Endpoint first = register(stuck, "a1-" + suffix + ".loopback.test", 204, Duration.ZERO);
        Endpoint second = register(stuck, "a2-" + suffix + ".loopback.test", 204, Duration.ZERO);
        Api.TenantToken other = tenant("OtherDns");
        Endpoint others = register(other, "b-" + suffix + ".loopback.test", 204, Duration.ZERO);
        // a resolvable name of the same tenant, held back until the two stuck lookups hold the tenant's share
        Endpoint third = register(stuck, "a3-" + suffix + ".loopback.test", 204, Duration.ZERO);
        api.send("PATCH", "/api/v1/webhooks/" + third.id(), stuck.token(), Map.of("paused", true));
        STUCK.add(first.host());
        STUCK.add(second.host());
        try {
            createProduct(stuck);
            // each stuck lookup is waited for a timeout, then counted ('dns failed': the name's fault) and keeps
            // its thread, and with it one of the tenant's two lookups
            await().atMost(Duration.ofSeconds(20)).until(() -> "dns failed".equals(settled(first).get("last_error"))
                    && "dns failed".equals(settled(second).get("last_error")));
            Api.Response busy = api.post("/api/v1/webhooks", stuck.token(), Map.of("url",
                    "http://a4-" + suffix + ".loopback.test:" + receiver.port() + "/hooks/a4", "eventTypes",
                    List.of(CREATED)));
            assertThat(busy.status()).as("registering meanwhile: try again, not 'must resolve to public addresses'")
                    .isEqualTo(429);
            assertThat(busy.header("Retry-After")).isNotNull();
            assertThat(busy.body()).doesNotContain(dev.calibrate.app.webhooks.sending.WebhookTargets.PUBLIC_ONLY);
            api.send("PATCH", "/api/v1/webhooks/" + third.id(), stuck.token(), Map.of("paused", false));
            createProduct(other);
            await().atMost(Duration.ofSeconds(20)).until(() -> requests(others).size() == 1);
            assertThat(settled(others).get("status")).isEqualTo("DELIVERED");

            // retried every second meanwhile (the schedule here), and never counted: no room to look up
            sleep(Duration.ofSeconds(4));
            for (Endpoint endpoint : List.of(first, second)) {
                Map<String, Object> row = settled(endpoint);
                assertThat(row.get("status")).isEqualTo("PENDING");
                assertThat(row.get("attempts")).as("the stuck lookups' attempts do not grow").isEqualTo(1);
            }
            Map<String, Object> waiting = settled(third);
            assertThat(requests(third)).as("its resolvable name waits its turn").isEmpty();
            assertThat(waiting.get("attempts")).as("and is not counted").isEqualTo(0);
            assertThat(waiting.get("last_error")).isNull();
        } finally {
            release.countDown();
            STUCK.clear();
        }
        // the lookups end: the tenant's share is back and everything is sent (the two stuck endpoints' retries,
        // due 1 s after their failure, included)
        await().atMost(Duration.ofSeconds(30)).until(() -> requests(first).size() == 1
                && requests(second).size() == 1 && requests(third).size() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> "DELIVERED".equals(settled(third).get("status")));
        assertThat(settled(third).get("attempts")).isEqualTo(1);
        for (Endpoint endpoint : List.of(first, second)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> "DELIVERED".equals(settled(endpoint).get("status")));
            assertThat(settled(endpoint).get("attempts")).as("the timed-out lookup and the delivery; no busy retry")
                    .isEqualTo(2);
        }
        delete(stuck, List.of(first, second, third));
        delete(other, List.of(others));
    }

    @Test
    void threeTenantsWithHangingReceiversLeaveWorkersForAFourth() {
        // each hangs past the deadline: every request of theirs holds a worker for the whole deadline
        Map<Api.TenantToken, List<Endpoint>> hanging = new java.util.LinkedHashMap<>();
        for (int t = 0; t < 3; t++) {
            Api.TenantToken slow = tenant("Hanging" + t);
            hanging.put(slow, List.of(register(slow, "127.0.0.1", 204, DEADLINE.plusSeconds(4)),
                    register(slow, "127.0.0.1", 204, DEADLINE.plusSeconds(4))));
        }
        Api.TenantToken quick = tenant("Quick");
        Endpoint quickHook = register(quick, "127.0.0.1", 204, Duration.ZERO);
        hanging.keySet().forEach(WebhookDispatchTest::createProduct);
        List<Endpoint> all = hanging.values().stream().flatMap(List::stream).toList();
        // all six at once: two per tenant, and workers enough for three such tenants and more
        await().atMost(DEADLINE.minusSeconds(2)).pollInterval(Duration.ofMillis(20))
                .until(() -> all.stream().allMatch(endpoint -> requests(endpoint).size() == 1));
        Instant firstHung = all.stream().map(endpoint -> requests(endpoint).get(0).getLoggedDate().toInstant())
                .min(Comparator.naturalOrder()).orElseThrow();

        createProduct(quick);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .until(() -> requests(quickHook).size() == 1);
        assertThat(requests(quickHook).get(0).getLoggedDate().toInstant())
                .as("sent while every hanging request still held its worker")
                .isBefore(firstHung.plus(DEADLINE));
        hanging.forEach(WebhookDispatchTest::delete);
        delete(quick, List.of(quickHook));
    }
}
