package dev.calibrate.app.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.AppProcesses;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.Sql;
import dev.calibrate.app.webhooks.delivery.DeliveryAttempts;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelSyncResult;
import dev.calibrate.kernel.channel.ChannelMessages.RecordChannelPriceSync;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.product.ObservedPrice;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.UpsertProduct;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static dev.calibrate.app.pricechange.PriceChangeSteps.SUMMER_SALE;
import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static dev.calibrate.app.support.ProductBodies.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhooks delivered to a real receiver on loopback: signed, in order, retried on the schedule (the
 * clock is moved, never slept through), Retry-After, 410, dead letters, replay, ping, pause. Its own
 * application: {@code CALIBRATE_WEBHOOKS_ALLOW_INSECURE} on (the receiver is plain http on loopback),
 * a quick poll, and the fake clock.
 */
@Tag("slow") // starts an application of its own (a fake clock): ./mvnw verify -Pslow
class WebhookDeliveryTest {

    private static final String ADMIN_TOKEN = "webhook-delivery-admin-token-0123456789abcdef";
    private static final String CREATED = "dev.calibrate.ProductCreated.v1";
    private static final List<Duration> SCHEDULE = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10),
            Duration.ofHours(14), Duration.ofHours(20), Duration.ofHours(24));
    /** Long enough for the feed's horizon to pass an event and a poll to pick it up, were it to be sent. */
    private static final Duration QUIET = Duration.ofSeconds(3);

    @TempDir
    static Path dataDir;
    private static ConfigurableApplicationContext app;
    private static Api api;
    private static FakeClock clock;
    private static Receiver receiver;

    @BeforeAll
    static void start() {
        receiver = new Receiver();
        app = AppProcesses.startOnSharedPostgres(List.of(FakeClock.Wiring.class), dataDir, ADMIN_TOKEN,
                "--calibrate.webhooks.allow-insecure=true",
                "--calibrate.webhooks.poll-interval=100ms",
                // a run that fails once is FAILED at once (peoplesToolsHearOfAFailedRunAndADrift)
                "--calibrate.price-changes.max-run-attempts=1",
                "--calibrate.secrets.key=" + IntegrationTest.SECRETS_KEY);
        api = new Api("http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort(),
                ADMIN_TOKEN, app.getBean(ObjectMapper.class));
        clock = app.getBean(FakeClock.class);
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

    /** A tenant's token for its webhooks and its catalog. */
    private static Api.TenantToken tenant(String name) {
        return api.token(api.createTenant(name + " " + UUID.randomUUID(), "USD"), "webhooks:admin", "catalog:write",
                "catalog:read");
    }

    private record Endpoint(String id, String secret, String path) {
    }

    private static Endpoint register(Api.TenantToken tenant, List<String> types) {
        String path = receiver.newPath();
        Api.Response created = api.post("/api/v1/webhooks", tenant.token(),
                Map.of("url", receiver.url(path), "eventTypes", types));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return new Endpoint(created.json().get("id").asText(), created.json().get("secret").asText(), path);
    }

    private static String createProduct(Api.TenantToken tenant) {
        Api.Response created = api.post("/api/v1/products", tenant.token(),
                product("WH-" + UUID.randomUUID().toString().substring(0, 8), "10.00"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    private static List<LoggedRequest> awaitRequests(Endpoint endpoint, int count) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> receiver.requests(endpoint.path()).size() >= count);
        return receiver.requests(endpoint.path());
    }

    /**
     * Returns once the endpoint's newest delivery has recorded {@code attempts}: the receiver logs a request
     * before the sender records its answer, and the clock must not move in between.
     */
    private static JsonNode awaitAttempts(Api.TenantToken tenant, Endpoint endpoint, int attempts) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> deliveries(tenant, endpoint).get(0).get("attempts").asInt() >= attempts);
        return deliveries(tenant, endpoint).get(0);
    }

    private static List<String> subjects(List<LoggedRequest> requests) {
        return requests.stream().map(r -> receiver.body(r).get("subject").asText()).toList();
    }

    private static JsonNode deliveries(Api.TenantToken tenant, Endpoint endpoint) {
        Api.Response page = api.get("/api/v1/webhooks/" + endpoint.id() + "/deliveries", tenant.token());
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        return page.json().get("items");
    }

    private static JsonNode endpoint(Api.TenantToken tenant, Endpoint endpoint) {
        return api.get("/api/v1/webhooks/" + endpoint.id(), tenant.token()).json();
    }

    private static void quietly() {
        try {
            Thread.sleep(QUIET.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void eventsArriveAsSignedCloudEventsInOrderAndOnlyToTheirTenant() {
        Api.TenantToken acme = tenant("Acme");
        Api.TenantToken globex = tenant("Globex");
        Endpoint acmeHook = register(acme, List.of(CREATED));
        Endpoint globexHook = register(globex, List.of(CREATED));
        List<String> acmeProducts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            acmeProducts.add(createProduct(acme));
        }
        String globexProduct = createProduct(globex);

        List<LoggedRequest> requests = awaitRequests(acmeHook, 5);
        List<LoggedRequest> globexRequests = awaitRequests(globexHook, 1);

        assertThat(subjects(requests)).containsExactlyElementsOf(acmeProducts);
        assertThat(subjects(globexRequests)).containsExactly(globexProduct);
        long previous = 0;
        for (LoggedRequest request : requests) {
            JsonNode event = receiver.body(request);
            assertThat(event.get("specversion").asText()).isEqualTo("1.0");
            assertThat(event.get("type").asText()).isEqualTo(CREATED);
            assertThat(event.get("source").asText()).isEqualTo("/tenants/" + acme.tenantId());
            assertThat(event.get("position").asLong()).isGreaterThan(previous);
            previous = event.get("position").asLong();
            assertThat(request.getHeader("webhook-id")).isEqualTo(event.get("id").asText());
            assertThat(request.getHeader("webhook-timestamp")).isEqualTo(Long.toString(clock.instant().getEpochSecond()));
            assertThat(request.getHeader("Content-Type")).startsWith("application/json");
            assertThat(Receiver.signatures(request)).containsExactly(Receiver.expectedSignature(acmeHook.secret(), request));
            assertThat(Receiver.signatures(request)).doesNotContain(Receiver.expectedSignature(globexHook.secret(), request));
        }
        assertThat(subjects(receiver.requests(globexHook.path()))).doesNotContainAnyElementsOf(acmeProducts);

        JsonNode delivered = deliveries(acme, acmeHook);
        assertThat(delivered).hasSize(5).allSatisfy(d -> {
            assertThat(d.get("status").asText()).isEqualTo("delivered");
            assertThat(d.get("kind").asText()).isEqualTo("event");
            assertThat(d.get("attempts").asInt()).isEqualTo(1);
            assertThat(d.get("lastResponseCode").asInt()).isEqualTo(204);
        });
        assertThat(delivered.get(0).get("eventId").asText())
                .as("newest first").isEqualTo(requests.get(4).getHeader("webhook-id"));
    }

    /**
     * A chat or ticket system subscribed to the types that need a person (docs/consumers.md, People's tools)
     * hears that a change waits for approval, was approved or rejected, and was applied; nothing else.
     */
    @Test
    void peoplesToolsHearOfChangesWaitingApprovedRejectedAndApplied() {
        String tenantId = api.createTenant("People " + UUID.randomUUID(), "USD");
        Api.TenantToken manager = api.token(tenantId, "webhooks:admin", "catalog:read", "catalog:write",
                "prices:write", "prices:apply", "audit:read");
        Api.TenantToken approver = api.token(tenantId, "prices:approve");
        Endpoint chat = register(manager, List.of("dev.calibrate.PriceChangeSubmitted.v1",
                "dev.calibrate.PriceChangeApproved.v1", "dev.calibrate.PriceChangeRejected.v1",
                "dev.calibrate.PriceChangeApplied.v1", "dev.calibrate.PriceChangeRunFailed.v1",
                "dev.calibrate.ChannelPriceDriftDetected.v1"));
        PriceChangeSteps steps = new PriceChangeSteps(api);
        steps.catalog(manager.token(), List.of(PriceChangeSteps.product("TS-1", "20.00", "5.00", "summer")));

        String applied = steps.approved(manager.token(), approver.token(), "Summer sale", SUMMER_SALE, Map.of());
        assertThat(steps.action(manager.token(), applied, "apply", null).status()).isEqualTo(202);
        steps.awaitApplied(manager.token(), applied);
        String rejected = steps.draft(manager.token(), "Too deep", SUMMER_SALE, Map.of());
        steps.preview(manager.token(), rejected);
        assertThat(steps.action(manager.token(), rejected, "submit", null).status()).isEqualTo(200);
        assertThat(steps.action(approver.token(), rejected, "reject", Map.of("reason", "too deep")).status())
                .isEqualTo(200);

        List<LoggedRequest> requests = awaitRequests(chat, 5);
        quietly();
        requests = receiver.requests(chat.path());
        assertThat(requests).extracting(r -> receiver.body(r).get("type").asText() + " " + receiver.body(r).get("subject").asText())
                .containsExactly(
                        "dev.calibrate.PriceChangeSubmitted.v1 " + applied,
                        "dev.calibrate.PriceChangeApproved.v1 " + applied,
                        "dev.calibrate.PriceChangeApplied.v1 " + applied,
                        "dev.calibrate.PriceChangeSubmitted.v1 " + rejected,
                        "dev.calibrate.PriceChangeRejected.v1 " + rejected);
        for (LoggedRequest request : requests) {
            assertThat(Receiver.signatures(request)).containsExactly(Receiver.expectedSignature(chat.secret(), request));
        }
        assertThat(receiver.body(requests.get(4)).at("/data/reason").asText()).isEqualTo("too deep");
    }

    /**
     * The other two kinds of news a chat or ticket system subscribes to: a Shopify price that is not the one
     * Calibrate set (a drift, seen by the connector's ingest, sent here as its command) and a run that failed
     * (an item pointed at a product that does not exist, as FailedRunTest breaks one).
     */
    @Test
    void peoplesToolsHearOfAFailedRunAndADrift() {
        String tenantId = api.createTenant("People failing " + UUID.randomUUID(), "USD");
        Api.TenantToken manager = api.token(tenantId, "webhooks:admin", "catalog:read", "prices:write",
                "prices:apply", "audit:read");
        Api.TenantToken approver = api.token(tenantId, "prices:approve");
        Endpoint ops = register(manager, List.of("dev.calibrate.PriceChangeRunFailed.v1",
                "dev.calibrate.ChannelPriceDriftDetected.v1", "dev.calibrate.PriceChangeApplied.v1"));
        PriceChangeSteps steps = new PriceChangeSteps(api);
        TenantId tenant = new TenantId(UUID.fromString(tenantId));
        ProductId shopProduct = ingestFromShopify(tenant, "SH-1", "20.00");
        ingestFromShopify(tenant, "SH-2", "30.00");
        steps.awaitCatalog(manager.token(), app.getBean(EventPositions.class).head());

        String synced = steps.approved(manager.token(), approver.token(), "Summer", SUMMER_SALE, Map.of());
        assertThat(steps.action(manager.token(), synced, "apply", null).status()).isEqualTo(202);
        steps.awaitApplied(manager.token(), synced);
        String applied = steps.items(manager.token(), synced).stream()
                .filter(item -> item.get("sku").asText().equals("SH-1")).findFirst().orElseThrow()
                .get("proposedPrice").get("amount").asText();
        app.getBean(CommandGateway.class).sendAndWait(new RecordChannelPriceSync(shopProduct, tenant, "shopify",
                new PriceChangeId(UUID.fromString(synced)), RunKind.APPLY, Money.parse(applied, "USD", "amount"), null,
                ChannelSyncResult.SYNCED, null, null));
        ingestFromShopify(tenant, "SH-1", "19.50");

        String failing = steps.approved(manager.token(), approver.token(), "Deeper", SUMMER_SALE, Map.of());
        try (Sql owner = Sql.connect(app.getEnvironment())) {
            Object failure = owner.failureOf("UPDATE price_change_item SET product_id = ? WHERE price_change_id = ?"
                    + " AND sku = 'SH-2'", UUID.randomUUID(), UUID.fromString(failing));
            assertThat(failure).isNull();
        }
        assertThat(steps.action(manager.token(), failing, "apply", null).status()).isEqualTo(202);
        steps.awaitEvent(manager.token(), failing, "PriceChangeRunFailed");

        List<LoggedRequest> requests = awaitRequests(ops, 3);
        quietly();
        requests = receiver.requests(ops.path());
        assertThat(requests).extracting(r -> receiver.body(r).get("type").asText() + " " + receiver.body(r).get("subject").asText())
                .containsExactly(
                        "dev.calibrate.PriceChangeApplied.v1 " + synced,
                        "dev.calibrate.ChannelPriceDriftDetected.v1 " + shopProduct,
                        "dev.calibrate.PriceChangeRunFailed.v1 " + failing);
        for (LoggedRequest request : requests) {
            assertThat(Receiver.signatures(request)).containsExactly(Receiver.expectedSignature(ops.secret(), request));
        }
        JsonNode drift = receiver.body(requests.get(1)).get("data");
        assertThat(drift.get("actual").get("amount").asText()).isEqualTo("19.50");
        assertThat(receiver.body(requests.get(2)).at("/data/reason").asText()).isNotBlank();
    }

    /** What the Shopify connector's ingest sends for one variant: an upsert from the channel, linked to it. */
    private static ProductId ingestFromShopify(TenantId tenant, String sku, String price) {
        ProductId id = ProductId.forSku(tenant, sku);
        app.getBean(CommandGateway.class).sendAndWait(new UpsertProduct(id, tenant, sku,
                new ProductDetails("Product " + sku, "Acme", "tee", List.of("summer"), null,
                        Map.of("shopify", Map.of("productId", "gid://shopify/Product/" + sku,
                                "variantId", "gid://shopify/ProductVariant/" + sku))),
                null, List.of(new ObservedPrice(Money.parse(price, "USD", "amount"), null)), "shopify"));
        return id;
    }

    @Test
    void afterARotationBothSecretsSignUntilTheOverlapEnds() {
        Api.TenantToken acme = tenant("Rotating");
        Endpoint hook = register(acme, List.of(CREATED));
        String newSecret = api.post("/api/v1/webhooks/" + hook.id() + "/rotate-secret", acme.token(), null).json()
                .get("secret").asText();

        createProduct(acme);
        LoggedRequest during = awaitRequests(hook, 1).get(0);
        assertThat(Receiver.signatures(during)).containsExactly(Receiver.expectedSignature(newSecret, during),
                Receiver.expectedSignature(hook.secret(), during));

        clock.advance(Duration.ofHours(24).plusMinutes(1));
        createProduct(acme);
        LoggedRequest after = awaitRequests(hook, 2).get(1);
        assertThat(Receiver.signatures(after)).containsExactly(Receiver.expectedSignature(newSecret, after));
    }

    @Test
    void aFailingDeliveryIsRetriedOnTheScheduleThenDeadLetteredAndLaterEventsWaitUntilReEnabled() {
        Api.TenantToken acme = tenant("Failing");
        Endpoint hook = register(acme, List.of(CREATED));
        receiver.answer(hook.path(), aResponse().withStatus(500).withBody("down for maintenance"));
        String first = createProduct(acme);

        awaitRequests(hook, 1);
        JsonNode pending = awaitAttempts(acme, hook, 1);
        assertThat(pending.get("status").asText()).isEqualTo("pending");
        assertThat(pending.get("lastResponseCode").asInt()).isEqualTo(500);
        assertThat(pending.get("lastResponseBody").asText()).isEqualTo("down for maintenance");
        Duration wait = Duration.between(Instant.parse(pending.get("lastAttemptAt").asText()),
                Instant.parse(pending.get("nextAttemptAt").asText()));
        assertThat(wait).as("5 s ±20%").isBetween(Duration.ofMillis(4000), Duration.ofMillis(6000));
        quietly();
        assertThat(receiver.requests(hook.path())).as("not before the clock says so").hasSize(1);

        for (int retry = 0; retry < SCHEDULE.size(); retry++) {
            clock.advance(Duration.ofMillis(Math.round(SCHEDULE.get(retry).toMillis() * 1.21)));
            try {
                awaitRequests(hook, retry + 2);
                awaitAttempts(acme, hook, retry + 2);
            } catch (org.awaitility.core.ConditionTimeoutException notSent) {
                throw new AssertionError("retry " + (retry + 1) + " not received; deliveries: "
                        + deliveries(acme, hook) + "; endpoint: " + endpoint(acme, hook), notSent);
            }
        }
        List<LoggedRequest> attempts = receiver.requests(hook.path());
        assertThat(attempts).hasSize(10);
        assertThat(attempts).extracting(r -> r.getHeader("webhook-id")).as("the same event every time")
                .containsOnly(attempts.get(0).getHeader("webhook-id"));
        JsonNode dead = deliveries(acme, hook).get(0);
        assertThat(dead.get("status").asText()).isEqualTo("dead");
        assertThat(dead.get("attempts").asInt()).isEqualTo(10);
        assertThat(endpoint(acme, hook).get("status").asText()).isEqualTo("failing");
        assertThat(endpoint(acme, hook).get("statusReason").asText()).contains("dead-lettered");

        String second = createProduct(acme);
        clock.advance(Duration.ofHours(48));
        quietly();
        assertThat(receiver.requests(hook.path())).as("a failing endpoint is not sent to").hasSize(10);

        receiver.answer(hook.path(), aResponse().withStatus(200));
        assertThat(api.send("PATCH", "/api/v1/webhooks/" + hook.id(), acme.token(), Map.of("paused", false))
                .json().get("status").asText()).isEqualTo("active");
        assertThat(subjects(awaitRequests(hook, 11)).get(10)).isEqualTo(second);

        long position = receiver.body(attempts.get(0)).get("position").asLong();
        Api.Response replay = api.post("/api/v1/webhooks/" + hook.id() + "/replay", acme.token(),
                Map.of("from", Long.toString(position), "to", Long.toString(position)));
        assertThat(replay.status()).as(replay.body()).isEqualTo(202);
        assertThat(replay.json().get("queued").asInt()).isEqualTo(1);
        LoggedRequest replayed = awaitRequests(hook, 12).get(11);
        assertThat(receiver.body(replayed).get("subject").asText()).isEqualTo(first);
        assertThat(replayed.getHeader("webhook-id")).isEqualTo(attempts.get(0).getHeader("webhook-id"));
        await().atMost(Duration.ofSeconds(10)).until(() ->
                "delivered".equals(deliveries(acme, hook).get(0).get("status").asText()));
        assertThat(deliveries(acme, hook).get(0).get("kind").asText()).isEqualTo("replay");
    }

    @Test
    void retryAfterIsHonoured() {
        Api.TenantToken acme = tenant("Throttled");
        Endpoint hook = register(acme, List.of(CREATED));
        receiver.answer(hook.path(), aResponse().withStatus(429).withHeader("Retry-After", "120"));
        createProduct(acme);

        awaitRequests(hook, 1);
        JsonNode pending = awaitAttempts(acme, hook, 1);
        assertThat(Duration.between(Instant.parse(pending.get("lastAttemptAt").asText()),
                Instant.parse(pending.get("nextAttemptAt").asText()))).isEqualTo(Duration.ofSeconds(120));

        receiver.answer(hook.path(), aResponse().withStatus(200));
        clock.advance(Duration.ofSeconds(100));
        quietly();
        assertThat(receiver.requests(hook.path())).as("the 5 s step does not apply").hasSize(1);
        clock.advance(Duration.ofSeconds(21));
        awaitRequests(hook, 2);
    }

    @Test
    void goneDisablesTheEndpointAndReEnablingResumesInOrder() {
        Api.TenantToken acme = tenant("Gone");
        Endpoint hook = register(acme, List.of(CREATED));
        receiver.answer(hook.path(), aResponse().withStatus(410));
        String first = createProduct(acme);

        awaitRequests(hook, 1);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                "disabled".equals(endpoint(acme, hook).get("status").asText()));
        assertThat(endpoint(acme, hook).get("statusReason").asText()).contains("410");
        String second = createProduct(acme);
        clock.advance(Duration.ofHours(1));
        quietly();
        assertThat(receiver.requests(hook.path())).hasSize(1);

        receiver.answer(hook.path(), aResponse().withStatus(204));
        api.send("PATCH", "/api/v1/webhooks/" + hook.id(), acme.token(), Map.of("paused", false));

        assertThat(subjects(awaitRequests(hook, 3))).containsExactly(first, first, second);
    }

    @Test
    void aPausedEndpointGetsWhatHappenedMeanwhileWhenResumed() {
        Api.TenantToken acme = tenant("Paused");
        Endpoint hook = register(acme, List.of(CREATED));
        api.send("PATCH", "/api/v1/webhooks/" + hook.id(), acme.token(), Map.of("paused", true));
        List<String> products = List.of(createProduct(acme), createProduct(acme), createProduct(acme));

        quietly();
        assertThat(receiver.requests(hook.path())).isEmpty();

        api.send("PATCH", "/api/v1/webhooks/" + hook.id(), acme.token(), Map.of("paused", false));
        assertThat(subjects(awaitRequests(hook, 3))).containsExactlyElementsOf(products);
    }

    @Test
    void aPingIsASignedTestEventSentAtOnceWhateverTheStatus() {
        Api.TenantToken acme = tenant("Ping");
        Endpoint hook = register(acme, List.of(CREATED));
        api.send("PATCH", "/api/v1/webhooks/" + hook.id(), acme.token(), Map.of("paused", true));

        Api.Response ping = api.post("/api/v1/webhooks/" + hook.id() + "/ping", acme.token(), null);

        assertThat(ping.status()).as(ping.body()).isEqualTo(200);
        assertThat(ping.json().get("status").asText()).isEqualTo("delivered");
        assertThat(ping.json().get("kind").asText()).isEqualTo("ping");
        LoggedRequest request = receiver.requests(hook.path()).get(0);
        JsonNode event = receiver.body(request);
        assertThat(event.get("type").asText()).isEqualTo("dev.calibrate.WebhookPing.v1");
        assertThat(event.get("source").asText()).isEqualTo("/tenants/" + acme.tenantId());
        assertThat(request.getHeader("webhook-id")).isEqualTo(event.get("id").asText());
        assertThat(Receiver.signatures(request)).containsExactly(Receiver.expectedSignature(hook.secret(), request));

        receiver.answer(hook.path(), aResponse().withStatus(500).withBody("y".repeat(5000)));
        JsonNode failed = api.post("/api/v1/webhooks/" + hook.id() + "/ping", acme.token(), null).json();
        assertThat(failed.get("status").asText()).isEqualTo("failed");
        assertThat(failed.get("lastResponseCode").asInt()).isEqualTo(500);
        assertThat(failed.get("lastResponseBody").asText()).hasSize(1024);
        quietly();
        assertThat(receiver.requests(hook.path())).as("a ping is not retried").hasSize(2);
    }

    @Test
    void onlyTheLastPingsOfAnEndpointAreKept() {
        Api.TenantToken acme = tenant("Many pings");
        Endpoint hook = register(acme, List.of(CREATED));
        long first = api.post("/api/v1/webhooks/" + hook.id() + "/ping", acme.token(), null).json().get("id").asLong();
        long last = first;
        for (int i = 1; i < DeliveryAttempts.KEPT_PINGS + 5; i++) {
            Api.Response ping = api.post("/api/v1/webhooks/" + hook.id() + "/ping", acme.token(), null);
            assertThat(ping.status()).as(ping.body()).isEqualTo(200);
            last = ping.json().get("id").asLong();
        }
        JsonNode kept = api.get("/api/v1/webhooks/" + hook.id() + "/deliveries?limit=100", acme.token()).json()
                .get("items");
        assertThat(kept).hasSize(DeliveryAttempts.KEPT_PINGS);
        assertThat(kept.get(0).get("id").asLong()).isEqualTo(last);
        assertThat(kept).extracting(d -> d.get("id").asLong()).doesNotContain(first);
    }

    @Test
    void aTenantRunsOnePingOrUrlCheckAtATimeAndOneMoreIsA429() throws Exception {
        Api.TenantToken acme = tenant("Busy ping");
        Api.TenantToken other = tenant("Other ping");
        Endpoint slow = register(acme, List.of(CREATED));
        Endpoint quick = register(other, List.of(CREATED));
        receiver.answer(slow.path(), aResponse().withStatus(204).withFixedDelay(3_000));

        java.util.concurrent.CompletableFuture<Api.Response> first = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> api.post("/api/v1/webhooks/" + slow.id() + "/ping", acme.token(), null));
        awaitRequests(slow, 1);

        Api.Response second = api.post("/api/v1/webhooks/" + slow.id() + "/ping", acme.token(), null);
        assertThat(assertProblem(second, 429, "too-many-requests").get("detail").asText()).contains("at once");
        assertThat(second.header("Retry-After")).isEqualTo("1");
        Api.Response registering = api.post("/api/v1/webhooks", acme.token(),
                Map.of("url", receiver.url(receiver.newPath()), "eventTypes", List.of(CREATED)));
        assertProblem(registering, 429, "too-many-requests");
        Api.Response replay = api.post("/api/v1/webhooks/" + slow.id() + "/replay", acme.token(), Map.of("from", "1"));
        assertThat(assertProblem(replay, 429, "too-many-requests").get("detail").asText()).contains("at once");
        assertThat(replay.header("Retry-After")).isEqualTo("1");
        assertThat(first).as("the first ping is still held by the receiver").isNotDone();

        Api.Response otherTenant = api.post("/api/v1/webhooks/" + quick.id() + "/ping", other.token(), null);
        assertThat(otherTenant.status()).as("another tenant is not held up: %s", otherTenant.body()).isEqualTo(200);

        assertThat(first.get(30, java.util.concurrent.TimeUnit.SECONDS).status()).isEqualTo(200);
        receiver.answer(slow.path(), aResponse().withStatus(204));
        Api.Response after = api.post("/api/v1/webhooks/" + slow.id() + "/ping", acme.token(), null);
        assertThat(after.status()).as("the slot is given back: %s", after.body()).isEqualTo(200);
    }

    @Test
    void aRefusedInternalTargetIsRecordedWithoutItsAddress() {
        Api.TenantToken acme = tenant("Internal");
        Endpoint hook = register(acme, List.of(CREATED));
        // as if the URL had been allowed when registered and its target had moved inside since
        app.getBean(org.springframework.jdbc.core.JdbcTemplate.class).update(
                "UPDATE webhook_endpoint SET url = 'http://10.0.0.5:8443/hooks' WHERE id = ?::uuid", hook.id());

        Api.Response ping = api.post("/api/v1/webhooks/" + hook.id() + "/ping", acme.token(), null);

        assertThat(ping.status()).as(ping.body()).isEqualTo(200);
        assertThat(ping.json().get("status").asText()).isEqualTo("failed");
        assertThat(ping.json().get("lastError").asText()).isEqualTo("refused: internal address");
        assertThat(deliveries(acme, hook).get(0).get("lastError").asText()).doesNotContain("10.0.0.5");
    }

    @Test
    void anApplicationStartedByATestRunsNoTestConfigurationItDidNotList() {
        // the application scans dev.calibrate; @SpringBootTest keeps test configuration out of its own scan, and
        // AppProcesses does the same, so the contract filter and the statement counter stay with their tests
        assertThat(app.getBeansOfType(dev.calibrate.app.support.contract.ContractConfiguration.class)).isEmpty();
        assertThat(app.containsBean("countingDataSources")).isFalse();
        assertThat(app.getBeansOfType(FakeClock.class)).as("what the test lists is still there").hasSize(1);
    }

    @Test
    void aDeliveryOfAKindANewerReleaseStoredIsStillSentAndListedAsOther() {
        Api.TenantToken acme = tenant("Rolling");
        Endpoint hook = register(acme, List.of(CREATED));
        // as a newer node would queue a kind this release does not know, during a rolling deploy
        app.getBean(org.springframework.jdbc.core.JdbcTemplate.class).update("INSERT INTO webhook_delivery"
                + " (endpoint_id, tenant_id, kind, event_id, event_type, position, body, status, attempts,"
                + " next_attempt_at, created_at) VALUES (?::uuid, ?::uuid, 'DIGEST', ?, 'dev.calibrate.Digest.v1',"
                + " NULL, '{\"specversion\":\"1.0\"}', 'PENDING', 0, ?, ?)", hook.id(), acme.tenantId(),
                UUID.randomUUID().toString(), java.sql.Timestamp.from(clock.instant()),
                java.sql.Timestamp.from(clock.instant()));

        List<LoggedRequest> sent = awaitRequests(hook, 1);

        assertThat(receiver.body(sent.get(0)).get("specversion").asText()).isEqualTo("1.0");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> "delivered".equals(deliveries(acme, hook).get(0).get("status").asText()));
        assertThat(deliveries(acme, hook).get(0).get("kind").asText()).isEqualTo("other");
    }

    @Test
    void aPingToAnEndpointDeletedWhileItWasSentIsA404AndRecordsNothing() throws Exception {
        Api.TenantToken acme = tenant("Deleted ping");
        Endpoint hook = register(acme, List.of(CREATED));
        receiver.answer(hook.path(), aResponse().withStatus(204).withFixedDelay(2_000));
        java.util.concurrent.CompletableFuture<Api.Response> ping = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> api.post("/api/v1/webhooks/" + hook.id() + "/ping", acme.token(), null));
        awaitRequests(hook, 1);

        assertThat(api.delete("/api/v1/webhooks/" + hook.id(), acme.token()).status()).isEqualTo(204);
        Api.Response answer = ping.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertProblem(answer, 404, "not-found");
        assertThat(api.get("/api/v1/webhooks/" + hook.id() + "/deliveries", acme.token()).status()).isEqualTo(404);
    }
}
