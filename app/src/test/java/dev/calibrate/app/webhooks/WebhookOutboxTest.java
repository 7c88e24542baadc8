package dev.calibrate.app.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.AppProcesses;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.webhooks.delivery.DeliveryAttempts;
import dev.calibrate.app.webhooks.outbox.DeliveryRetention;
import dev.calibrate.app.webhooks.outbox.WebhookDeliveries.Due;
import dev.calibrate.app.webhooks.outbox.WebhookDeliveries;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static dev.calibrate.app.support.ProductBodies.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outbox's guarantees against a real receiver on loopback: no transaction held across a request
 * (leases), nothing sent before it is due, answers that PostgreSQL text refuses, fairness between
 * tenants, its bounds (pending per endpoint, replays, retention) and secrets rotated twice.
 * Its own application, with small outbox bounds and the fake clock.
 */
@Tag("slow") // starts an application of its own (a fake clock): ./mvnw verify -Pslow
class WebhookOutboxTest {

    private static final String ADMIN_TOKEN = "webhook-outbox-admin-token-0123456789abcdef";
    private static final String CREATED = "dev.calibrate.ProductCreated.v1";
    private static final String DEACTIVATED = "dev.calibrate.ProductDeactivated.v1";
    private static final int MAX_PENDING = 5;
    private static final int REPLAY_MAX_PENDING = 2;
    /** Long enough for the feed's horizon to pass an event and a poll to pick it up, were it to be sent. */
    private static final Duration QUIET = Duration.ofSeconds(3);

    @TempDir
    static Path dataDir;
    private static ConfigurableApplicationContext app;
    private static Api api;
    private static FakeClock clock;
    private static Receiver receiver;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void start() {
        receiver = new Receiver();
        app = AppProcesses.startOnSharedPostgres(List.of(FakeClock.Wiring.class), dataDir, ADMIN_TOKEN,
                "--calibrate.webhooks.allow-insecure=true",
                "--calibrate.webhooks.poll-interval=100ms",
                "--calibrate.webhooks.timeout=15s",
                "--calibrate.webhooks.outbox.max-pending-per-endpoint=" + MAX_PENDING,
                "--calibrate.webhooks.outbox.replay-max-pending=" + REPLAY_MAX_PENDING,
                // a replay reads at most 3 pages of 4 events: a sparse range is answered in parts
                "--calibrate.events.scan-window=4",
                "--calibrate.webhooks.outbox.replay-max-pages=3",
                // concurrent replays of a tenant race for the outbox's room, not for an on-demand slot
                "--calibrate.webhooks.max-on-demand-per-tenant=4",
                "--calibrate.secrets.key=" + IntegrationTest.SECRETS_KEY);
        api = new Api("http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort(),
                ADMIN_TOKEN, app.getBean(ObjectMapper.class));
        clock = app.getBean(FakeClock.class);
        jdbc = app.getBean(JdbcTemplate.class);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    private static Api.TenantToken tenant(String name) {
        return api.token(api.createTenant(name + " " + UUID.randomUUID(), "USD"), "webhooks:admin", "catalog:write",
                "catalog:read");
    }

    private record Endpoint(String id, String secret, String path) {
    }

    private static Endpoint register(Api.TenantToken tenant) {
        return register(tenant, CREATED);
    }

    private static Endpoint register(Api.TenantToken tenant, String type) {
        String path = receiver.newPath();
        Api.Response created = api.post("/api/v1/webhooks", tenant.token(),
                Map.of("url", receiver.url(path), "eventTypes", List.of(type)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return new Endpoint(created.json().get("id").asText(), created.json().get("secret").asText(), path);
    }

    private static String createProduct(Api.TenantToken tenant) {
        Api.Response created = api.post("/api/v1/products", tenant.token(),
                product("WO-" + UUID.randomUUID().toString().substring(0, 8), "10.00"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    private static List<LoggedRequest> awaitRequests(Endpoint endpoint, int count) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> receiver.requests(endpoint.path()).size() >= count);
        return receiver.requests(endpoint.path());
    }

    private static JsonNode deliveries(Api.TenantToken tenant, Endpoint endpoint) {
        Api.Response page = api.get("/api/v1/webhooks/" + endpoint.id() + "/deliveries", tenant.token());
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        return page.json().get("items");
    }

    private static JsonNode awaitAttempts(Api.TenantToken tenant, Endpoint endpoint, int attempts) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> deliveries(tenant, endpoint).size() > 0
                        && deliveries(tenant, endpoint).get(0).get("attempts").asInt() >= attempts);
        return deliveries(tenant, endpoint).get(0);
    }

    private static List<String> subjects(List<LoggedRequest> requests) {
        return requests.stream().map(r -> receiver.body(r).get("subject").asText()).toList();
    }

    private static void quietly() {
        sleep(QUIET);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aSlowReceiverHoldsNoTransactionAndOtherTenantsEventsStillFlow() {
        Api.TenantToken slowTenant = tenant("Slow");
        Endpoint slow = register(slowTenant);
        receiver.answer(slow.path(), aResponse().withStatus(204).withFixedDelay(10_000));
        createProduct(slowTenant);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM webhook_delivery WHERE endpoint_id = ?::uuid AND lease_owner IS NOT NULL",
                Integer.class, slow.id()) == 1);
        sleep(Duration.ofSeconds(2));

        assertThat(jdbc.queryForList("SELECT id FROM webhook_delivery WHERE endpoint_id = ?::uuid"
                + " FOR UPDATE SKIP LOCKED", slow.id()))
                .as("no transaction holds the row while the receiver is waited for").hasSize(1);
        Api.TenantToken otherTenant = tenant("Other");
        Endpoint other = register(otherTenant);
        String product = createProduct(otherTenant);
        assertThat(subjects(awaitRequests(other, 1))).containsExactly(product);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM webhook_delivery WHERE endpoint_id = ?::uuid"
                + " AND last_attempt_at IS NULL", Integer.class, slow.id()))
                .as("the feed's horizon passed a new event while the slow send was held").isOne();

        await().atMost(Duration.ofSeconds(30)).until(() ->
                "delivered".equals(deliveries(slowTenant, slow).get(0).get("status").asText()));
        assertThat(receiver.requests(slow.path())).hasSize(1);
    }

    @Test
    void aDeliveryIsNotSentBeforeItsRetryTimeNorWhileAnotherSenderHoldsItsLease() {
        Api.TenantToken acme = tenant("NotYet");
        Endpoint hook = register(acme);
        receiver.answer(hook.path(), aResponse().withStatus(500));
        createProduct(acme);
        long id = awaitAttempts(acme, hook, 1).get("id").asLong();

        assertThat(app.getBean(DeliveryAttempts.class).attempt(id, new WebhookId(UUID.fromString(hook.id())))).as("handed out earlier, due only in 5 s").isFalse();
        assertThat(receiver.requests(hook.path())).hasSize(1);

        // another node took it and died: its lease holds the row until it runs out
        jdbc.update("UPDATE webhook_delivery SET lease_owner = gen_random_uuid(), leased_until = ? WHERE id = ?",
                java.sql.Timestamp.from(clock.instant().plus(Duration.ofMinutes(2))), id);
        clock.advance(Duration.ofSeconds(10));
        assertThat(app.getBean(DeliveryAttempts.class).attempt(id, new WebhookId(UUID.fromString(hook.id())))).isFalse();
        quietly();
        assertThat(receiver.requests(hook.path())).as("leased elsewhere").hasSize(1);

        receiver.answer(hook.path(), aResponse().withStatus(204));
        clock.advance(Duration.ofMinutes(2));
        awaitRequests(hook, 2);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                "delivered".equals(deliveries(acme, hook).get(0).get("status").asText()));
    }

    @Test
    void anAnswerAfterTheLeaseWasTakenOverRecordsNothingAndTheAttemptAlreadyCountedAndBackedOff() {
        Api.TenantToken acme = tenant("Overtaken");
        Endpoint hook = register(acme);
        receiver.answer(hook.path(), aResponse().withStatus(204).withFixedDelay(3_000));
        createProduct(acme);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM webhook_delivery WHERE endpoint_id = ?::uuid AND lease_owner IS NOT NULL",
                Integer.class, hook.id()) == 1);
        java.time.Instant leasedAt = clock.instant();
        Map<String, Object> leased = jdbc.queryForMap("SELECT id, attempts, next_attempt_at FROM webhook_delivery"
                + " WHERE endpoint_id = ?::uuid", hook.id());
        assertThat(leased.get("attempts")).as("the lease counts the attempt").isEqualTo(1);
        assertThat(((java.sql.Timestamp) leased.get("next_attempt_at")).toInstant())
                .as("and moves the row to its first retry (5 s, -20%)").isAfterOrEqualTo(leasedAt.plusSeconds(4));

        // the lease ran out and another node took the row over while the answer was on its way
        UUID other = UUID.randomUUID();
        jdbc.update("UPDATE webhook_delivery SET lease_owner = ? WHERE id = ?", other, leased.get("id"));
        awaitRequests(hook, 1);
        sleep(Duration.ofSeconds(4));

        Map<String, Object> after = jdbc.queryForMap("SELECT status, attempts, next_attempt_at, last_attempt_at,"
                + " last_response_code, lease_owner FROM webhook_delivery WHERE id = ?", leased.get("id"));
        assertThat(after.get("status")).isEqualTo("PENDING");
        assertThat(after.get("last_attempt_at")).as("the late answer is not recorded").isNull();
        assertThat(after.get("last_response_code")).isNull();
        assertThat(after.get("lease_owner")).isEqualTo(other);
        assertThat(after.get("attempts")).isEqualTo(1);
        assertThat(after.get("next_attempt_at")).isEqualTo(leased.get("next_attempt_at"));
        assertThat(receiver.requests(hook.path())).hasSize(1);
    }

    @Test
    void anAnswerWithNulOrInvalidUtf8IsRecordedCleanAndNotSentAgain() {
        Api.TenantToken acme = tenant("Nul");
        Endpoint hook = register(acme);
        receiver.answer(hook.path(), aResponse().withStatus(200)
                .withBody(new byte[]{'o', 'k', 0, (byte) 0xff, 7, '\n', 'd'}));
        createProduct(acme);

        awaitRequests(hook, 1);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                "delivered".equals(deliveries(acme, hook).get(0).get("status").asText()));
        assertThat(deliveries(acme, hook).get(0).get("lastResponseBody").asText())
                .isEqualTo("ok\uFFFD\uFFFD\uFFFD\nd");
        clock.advance(Duration.ofMinutes(10));
        quietly();
        assertThat(receiver.requests(hook.path())).hasSize(1);

        Api.Response ping = api.post("/api/v1/webhooks/" + hook.id() + "/ping", acme.token(), null);
        assertThat(ping.status()).as(ping.body()).isEqualTo(200);
        assertThat(ping.json().get("lastResponseBody").asText()).isEqualTo("ok\uFFFD\uFFFD\uFFFD\nd");
    }

    @Test
    void aTenantWithManyDueEndpointsDoesNotCrowdAnotherOutOfAPass() {
        Api.TenantToken busy = tenant("Busy");
        List<Endpoint> busyHooks = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Endpoint hook = register(busy);
            receiver.answer(hook.path(), aResponse().withStatus(500));
            busyHooks.add(hook);
        }
        createProduct(busy);
        busyHooks.forEach(hook -> awaitAttempts(busy, hook, 1));
        Api.TenantToken quiet = tenant("Quiet");
        Endpoint quietHook = register(quiet);
        receiver.answer(quietHook.path(), aResponse().withStatus(500));
        createProduct(quiet);
        awaitAttempts(quiet, quietHook, 1);

        // an hour on, all 21 are due again: a pass of 4 (two per tenant) takes the quiet tenant's too
        List<Due> pass = app.getBean(WebhookDeliveries.class).due(clock.instant().plus(Duration.ofHours(1)), 2, 1000);
        List<String> busyIds = busyHooks.stream().map(Endpoint::id).toList();
        assertThat(pass.stream().filter(due -> busyIds.contains(due.endpointId().toString()))).hasSize(2);
        int quietAt = pass.stream().map(due -> due.endpointId().toString()).toList().indexOf(quietHook.id());
        assertThat(quietAt).as("in the first turn, with every tenant's oldest").isNotNegative();
        long firstTurn = pass.stream().map(Due::tenantId).distinct().count();
        assertThat(quietAt).isLessThan((int) firstTurn);

        busyHooks.forEach(hook -> api.delete("/api/v1/webhooks/" + hook.id(), busy.token()));
        api.delete("/api/v1/webhooks/" + quietHook.id(), quiet.token());
    }

    @Test
    void theOutboxHoldsAtMostItsCapAndTheRestComesWhenItDrains() {
        Api.TenantToken acme = tenant("Backlog");
        Endpoint hook = register(acme);
        receiver.answer(hook.path(), aResponse().withStatus(500));
        List<String> products = new ArrayList<>();
        for (int i = 0; i < MAX_PENDING + 3; i++) {
            products.add(createProduct(acme));
        }
        awaitRequests(hook, 1);
        quietly();
        assertThat(deliveries(acme, hook)).as("no more than the cap waits").hasSize(MAX_PENDING);

        Api.Response refused = api.post("/api/v1/webhooks/" + hook.id() + "/replay", acme.token(),
                Map.of("from", "1"));
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("detail").asText()).contains(MAX_PENDING + " deliveries waiting");

        receiver.answer(hook.path(), aResponse().withStatus(204));
        clock.advance(Duration.ofSeconds(10));
        List<LoggedRequest> requests = awaitRequests(hook, MAX_PENDING + 4);
        assertThat(subjects(requests).subList(1, requests.size())).as("nothing lost, in order")
                .containsExactlyElementsOf(products);

        await().atMost(Duration.ofSeconds(10)).until(() ->
                "delivered".equals(deliveries(acme, hook).get(0).get("status").asText()));
        long first = receiver.body(requests.get(1)).get("position").asLong();
        Api.Response replay = api.post("/api/v1/webhooks/" + hook.id() + "/replay", acme.token(),
                Map.of("from", Long.toString(first)));
        assertThat(replay.status()).as(replay.body()).isEqualTo(202);
        assertThat(replay.json().get("queued").asInt()).as("only what fits under the cap").isEqualTo(MAX_PENDING);
        assertThat(replay.json().get("lastPosition").asLong())
                .isEqualTo(receiver.body(requests.get(MAX_PENDING)).get("position").asLong());
    }

    @Test
    void concurrentReplaysTogetherStayUnderTheCap() throws Exception {
        Api.TenantToken acme = tenant("ReplayRace");
        Endpoint hook = register(acme);
        for (int i = 0; i < MAX_PENDING; i++) {
            createProduct(acme);
        }
        List<LoggedRequest> sent = awaitRequests(hook, MAX_PENDING);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject("SELECT count(*) FROM webhook_delivery"
                + " WHERE endpoint_id = ?::uuid AND status = 'PENDING'", Integer.class, hook.id()) == 0);
        receiver.answer(hook.path(), aResponse().withStatus(500)); // what is replayed stays waiting
        String from = Long.toString(receiver.body(sent.get(0)).get("position").asLong());

        int replays = 4;
        java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(replays);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Api.Response>> answers = new ArrayList<>();
            for (int i = 0; i < replays; i++) {
                answers.add(callers.submit(() -> {
                    go.await();
                    return api.post("/api/v1/webhooks/" + hook.id() + "/replay", acme.token(), Map.of("from", from));
                }));
            }
            go.countDown();
            int queued = 0;
            for (java.util.concurrent.Future<Api.Response> answer : answers) {
                Api.Response replay = answer.get(60, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(replay.status()).as(replay.body()).isIn(202, 409);
                queued += replay.status() == 202 ? replay.json().get("queued").asInt() : 0;
            }
            int pending = jdbc.queryForObject("SELECT count(*) FROM webhook_delivery WHERE endpoint_id = ?::uuid"
                    + " AND status = 'PENDING'", Integer.class, hook.id());
            assertThat(queued).isEqualTo(MAX_PENDING);
            assertThat(pending).as("the cap holds however many replay at once").isEqualTo(MAX_PENDING);
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void settledDeliveriesAreDeletedAfterTheRetentionAndPendingOnesKept() {
        Api.TenantToken acme = tenant("Retention");
        Endpoint done = register(acme);
        Endpoint failing = register(acme);
        receiver.answer(failing.path(), aResponse().withStatus(500));
        createProduct(acme);
        awaitRequests(done, 1);
        awaitAttempts(acme, failing, 1);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                "delivered".equals(deliveries(acme, done).get(0).get("status").asText()));

        clock.advance(Duration.ofDays(29));
        app.getBean(DeliveryRetention.class).purge();
        assertThat(deliveries(acme, done)).as("not yet 30 days").hasSize(1);

        clock.advance(Duration.ofDays(2));
        app.getBean(DeliveryRetention.class).purge();
        assertThat(deliveries(acme, done)).isEmpty();
        assertThat(deliveries(acme, failing)).hasSize(1);
        assertThat(deliveries(acme, failing).get(0).get("status").asText()).isEqualTo("pending");
    }

    @Test
    void afterTwoRotationsEverySecretWithinItsOverlapSigns() {
        Api.TenantToken acme = tenant("TwiceRotated");
        Endpoint hook = register(acme);
        String second = api.post("/api/v1/webhooks/" + hook.id() + "/rotate-secret", acme.token(), null).json()
                .get("secret").asText();
        clock.advance(Duration.ofMinutes(1));
        String third = api.post("/api/v1/webhooks/" + hook.id() + "/rotate-secret", acme.token(), null).json()
                .get("secret").asText();

        createProduct(acme);
        LoggedRequest request = awaitRequests(hook, 1).get(0);
        assertThat(Receiver.signatures(request)).containsExactly(Receiver.expectedSignature(third, request),
                Receiver.expectedSignature(second, request), Receiver.expectedSignature(hook.secret(), request));

        clock.advance(Duration.ofHours(24).minusSeconds(30));
        createProduct(acme);
        LoggedRequest later = awaitRequests(hook, 2).get(1);
        assertThat(Receiver.signatures(later)).as("the first rotation's overlap is over, the second's is not")
                .containsExactly(Receiver.expectedSignature(third, later), Receiver.expectedSignature(second, later));
    }

    @Test
    void aSparseReplayAnswersWithinItsBudgetWhereItGotToAndContinuingFindsTheRest() {
        Api.TenantToken acme = tenant("Sparse");
        Endpoint hook = register(acme, DEACTIVATED);
        List<String> products = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            products.add(createProduct(acme));
        }
        Api.Response deactivated = api.delete("/api/v1/products/" + products.get(0), acme.token());
        assertThat(deactivated.status()).as(deactivated.body()).isIn(200, 204);
        LoggedRequest sent = awaitRequests(hook, 1).get(0);
        long position = receiver.body(sent).get("position").asLong();

        Api.Response first = api.post("/api/v1/webhooks/" + hook.id() + "/replay", acme.token(), Map.of("from", "1"));
        assertThat(first.status()).as(first.body()).isEqualTo(202);
        assertThat(first.json().get("queued").asInt()).as("3 pages of 4 events do not reach it").isZero();
        assertThat(first.json().get("more").asBoolean()).isTrue();
        long reached = first.json().get("lastPosition").asLong();
        assertThat(reached).isPositive().isLessThan(position);

        int queued = 0;
        int requests = 1;
        Api.Response next = first;
        while (next.json().get("more").asBoolean()) {
            assertThat(requests++).as("each request gets further").isLessThan(20);
            next = api.post("/api/v1/webhooks/" + hook.id() + "/replay", acme.token(),
                    Map.of("from", Long.toString(next.json().get("lastPosition").asLong() + 1)));
            assertThat(next.status()).as(next.body()).isEqualTo(202);
            queued += next.json().get("queued").asInt();
        }
        assertThat(queued).isOne();
        assertThat(next.json().get("lastPosition").asLong()).isGreaterThanOrEqualTo(position);
        LoggedRequest replayed = awaitRequests(hook, 2).get(1);
        assertThat(replayed.getHeader("webhook-id")).isEqualTo(sent.getHeader("webhook-id"));
    }

    @Test
    void aReplayStopsAtTheEndpointsCursorSoNothingIsSentTwice() {
        Api.TenantToken acme = tenant("Cursor");
        Endpoint hook = register(acme);
        Api.Response paused = api.send("PATCH", "/api/v1/webhooks/" + hook.id(), acme.token(), Map.of("paused", true));
        assertThat(paused.status()).as(paused.body()).isEqualTo(200);
        String product = createProduct(acme);
        quietly();

        Api.Response replay = api.post("/api/v1/webhooks/" + hook.id() + "/replay", acme.token(), Map.of("from", "1"));
        assertThat(replay.status()).as(replay.body()).isEqualTo(202);
        assertThat(replay.json().get("queued").asInt()).as("not yet queued by the feeder: it sends it").isZero();
        assertThat(replay.json().get("more").asBoolean()).isFalse();

        api.send("PATCH", "/api/v1/webhooks/" + hook.id(), acme.token(), Map.of("paused", false));
        assertThat(subjects(awaitRequests(hook, 1))).containsExactly(product);
        quietly();
        assertThat(receiver.requests(hook.path())).as("once, not also as a replay").hasSize(1);
    }

    @Test
    void aReplayOfAnEndpointDeletedWhileItWasReadIsA404AndQueuesNothing() throws Exception {
        Api.TenantToken acme = tenant("DeletedReplay");
        Endpoint hook = register(acme);
        createProduct(acme);
        long position = receiver.body(awaitRequests(hook, 1).get(0)).get("position").asLong();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                "delivered".equals(deliveries(acme, hook).get(0).get("status").asText()));

        Api.Response replay = whileDeleted(hook, () -> api.post(
                "/api/v1/webhooks/" + hook.id() + "/replay", acme.token(), Map.of("from", Long.toString(position))));
        assertThat(replay.status()).as(replay.body()).isEqualTo(404);
        assertThat(replay.contentType()).startsWith("application/problem+json");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM webhook_delivery WHERE endpoint_id = ?::uuid",
                Integer.class, hook.id())).isZero();
    }

    @Test
    void aRotationOfAnEndpointDeletedMeanwhileIsA404NotASecretNeverStored() throws Exception {
        Api.TenantToken acme = tenant("DeletedRotation");
        Endpoint hook = register(acme);

        Api.Response rotated = whileDeleted(hook, () -> api.post(
                "/api/v1/webhooks/" + hook.id() + "/rotate-secret", acme.token(), null));
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(404);
        assertThat(rotated.body()).doesNotContain("whsec_");
        Api.Response again = api.post("/api/v1/webhooks/" + hook.id() + "/rotate-secret", acme.token(), null);
        assertThat(again.status()).as(again.body()).isEqualTo(404);
    }

    @Test
    void deletingAnEndpointRemovesItsDeliveriesAndSecrets() {
        Api.TenantToken acme = tenant("DeleteAll");
        Endpoint hook = register(acme);
        receiver.answer(hook.path(), aResponse().withStatus(500));
        createProduct(acme);
        awaitAttempts(acme, hook, 1);
        assertThat(api.post("/api/v1/webhooks/" + hook.id() + "/rotate-secret", acme.token(), null).status())
                .isEqualTo(200);
        assertThat(api.post("/api/v1/webhooks/" + hook.id() + "/ping", acme.token(), null).status()).isEqualTo(200);

        assertThat(api.delete("/api/v1/webhooks/" + hook.id(), acme.token()).status()).isEqualTo(204);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM webhook_delivery WHERE endpoint_id = ?::uuid",
                Integer.class, hook.id())).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM webhook_endpoint_secret WHERE endpoint_id = ?::uuid",
                Integer.class, hook.id())).isZero();
        clock.advance(Duration.ofSeconds(10));
        quietly();
        assertThat(receiver.requests(hook.path())).as("its pending delivery went with it").hasSize(2);
    }

    /**
     * Runs {@code call} while another transaction holds the endpoint's row; once {@code call} waits for it,
     * that transaction deletes the endpoint and commits.
     */
    private static Api.Response whileDeleted(Endpoint endpoint, java.util.function.Supplier<Api.Response> call)
            throws Exception {
        javax.sql.DataSource dataSource = app.getBean(javax.sql.DataSource.class);
        try (java.sql.Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (java.sql.PreparedStatement lock = holder.prepareStatement(
                    "SELECT 1 FROM webhook_endpoint WHERE id = ?::uuid FOR UPDATE")) {
                lock.setString(1, endpoint.id());
                lock.executeQuery().close();
            }
            int holderPid;
            try (java.sql.ResultSet pid = holder.createStatement().executeQuery("SELECT pg_backend_pid()")) {
                pid.next();
                holderPid = pid.getInt(1);
            }
            java.util.concurrent.CompletableFuture<Api.Response> answer =
                    java.util.concurrent.CompletableFuture.supplyAsync(call);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> answer.isDone()
                    || jdbc.queryForObject("SELECT count(*) FROM pg_stat_activity WHERE ? = ANY (pg_blocking_pids(pid))",
                    Integer.class, holderPid) > 0);
            assertThat(answer).as("waits for the row").isNotDone();
            try (java.sql.PreparedStatement delete = holder.prepareStatement(
                    "DELETE FROM webhook_endpoint WHERE id = ?::uuid")) {
                delete.setString(1, endpoint.id());
                assertThat(delete.executeUpdate()).isOne();
            }
            holder.commit();
            return answer.get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
