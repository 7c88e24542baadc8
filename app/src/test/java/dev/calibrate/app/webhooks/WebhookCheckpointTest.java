package dev.calibrate.app.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.calibrate.app.audit.checkpoint.Checkpoint;
import dev.calibrate.app.audit.checkpoint.CheckpointNote;
import dev.calibrate.app.audit.checkpoint.Checkpoints;
import dev.calibrate.app.audit.seal.AuditSealer;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.AppProcesses;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.kernel.tenant.TenantId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static dev.calibrate.app.support.ProductBodies.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each signed checkpoint of a tenant's audit log goes to its webhooks that receive
 * {@code dev.calibrate.AuditCheckpoint.v1} (or every type), signed like any delivery, so the tenant keeps a
 * copy outside Calibrate: the note verifies with the listed public key and names the tree the API answers.
 */
@Tag("slow") // starts an application of its own: ./mvnw verify -Pslow
class WebhookCheckpointTest {

    private static final String ADMIN_TOKEN = "webhook-checkpoint-admin-token-0123456789abcdef";
    private static final String CHECKPOINT = "dev.calibrate.AuditCheckpoint.v1";
    /** Long enough for a pass to have queued and sent anything it would. */
    private static final Duration QUIET = Duration.ofSeconds(3);

    @TempDir
    static Path dataDir;
    private static ConfigurableApplicationContext app;
    private static Api api;
    private static Receiver receiver;

    @BeforeAll
    static void start() {
        receiver = new Receiver();
        app = AppProcesses.startOnSharedPostgres(List.of(), dataDir, ADMIN_TOKEN,
                "--calibrate.webhooks.allow-insecure=true",
                "--calibrate.webhooks.poll-interval=100ms",
                "--calibrate.secrets.key=" + IntegrationTest.SECRETS_KEY);
        api = new Api("http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort(),
                ADMIN_TOKEN, app.getBean(ObjectMapper.class));
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

    private record Endpoint(String id, String secret, String path) {
    }

    @Test
    void aSignedCheckpointReachesTheTenantsSubscribedEndpointsOnlyAndVerifiesOutsideCalibrate() {
        Api.TenantToken acme = tenant("Acme");
        Api.TenantToken globex = tenant("Globex");
        Endpoint checkpoints = register(acme, List.of(CHECKPOINT));
        Endpoint everything = register(acme, List.of("*"));
        Endpoint productsOnly = register(acme, List.of("dev.calibrate.ProductCreated.v1"));
        Endpoint othersCheckpoints = register(globex, List.of(CHECKPOINT));
        createProducts(acme, 3);

        Checkpoint signed = sealAndSign(acme);
        LoggedRequest delivered = awaitCheckpoint(checkpoints, signed.treeSize());
        JsonNode event = receiver.body(delivered);
        assertThat(event.get("type").asText()).isEqualTo(CHECKPOINT);
        assertThat(event.get("source").asText()).isEqualTo("/tenants/" + acme.tenantId());
        assertThat(event.get("id").asText()).isEqualTo(delivered.getHeader("webhook-id"));
        assertThat(Receiver.signatures(delivered)).containsExactly(Receiver.expectedSignature(checkpoints.secret(), delivered));
        JsonNode data = event.get("data");
        // what the API answers of the same checkpoint, and a note that verifies with the listed key
        Api.TenantToken auditor = api.token(acme.tenantId(), "audit:read");
        JsonNode latest = api.get("/api/v1/audit/checkpoints/latest", auditor.token()).json();
        assertThat(data.get("treeSize").asLong()).isEqualTo(signed.treeSize()).isEqualTo(latest.get("treeSize").asLong());
        assertThat(data.get("rootHash").asText()).isEqualTo(latest.get("rootHash").asText());
        assertThat(data.get("origin").asText()).isEqualTo(latest.get("origin").asText()).isEqualTo(event.get("subject").asText());
        assertThat(data.get("note").asText()).isEqualTo(latest.get("note").asText());
        JsonNode key = key(auditor, data.get("keyId").asText());
        assertThat(CheckpointNote.verify(data.get("note").asText(), key.get("name").asText(),
                Base64.getDecoder().decode(key.get("publicKey").asText()))).isTrue();
        assertThat(CheckpointNote.verify(data.get("note").asText().replace(data.get("origin").asText(), "forged"),
                key.get("name").asText(), Base64.getDecoder().decode(key.get("publicKey").asText()))).isFalse();

        // "*" takes it too; an endpoint of product events only, and another tenant's, do not
        assertThat(awaitCheckpoint(everything, signed.treeSize()).getHeader("webhook-id"))
                .isEqualTo(delivered.getHeader("webhook-id"));
        quietly();
        assertThat(checkpointsOf(productsOnly)).isEmpty();
        assertThat(receiver.requests(productsOnly.path())).isNotEmpty(); // it does get the product events
        // Globex's endpoint gets Globex's own checkpoints, never Acme's
        assertThat(checkpointsOf(othersCheckpoints)).allSatisfy(request -> assertThat(receiver.body(request)
                .get("source").asText()).isEqualTo("/tenants/" + globex.tenantId()));
        // listed among the endpoint's deliveries as what it is
        JsonNode listed = api.get("/api/v1/webhooks/" + checkpoints.id() + "/deliveries", acme.token()).json()
                .get("items").get(0);
        assertThat(listed.get("kind").asText()).isEqualTo("checkpoint");
        assertThat(listed.get("status").asText()).isEqualTo("delivered");
    }

    @Test
    void anEndpointOfCheckpointsOnlyGetsNoEventsOfTheFeedAndAPausedOneGetsItsCheckpointOnceResumed() {
        Api.TenantToken acme = tenant("Initech");
        Endpoint checkpoints = register(acme, List.of(CHECKPOINT));
        Endpoint paused = register(acme, List.of(CHECKPOINT));
        assertThat(api.send("PATCH", "/api/v1/webhooks/" + paused.id(), acme.token(), Map.of("paused", true)).status())
                .isEqualTo(200);
        createProducts(acme, 2);

        Checkpoint signed = sealAndSign(acme);

        awaitCheckpoint(checkpoints, signed.treeSize());
        quietly();
        assertThat(receiver.requests(checkpoints.path())).allSatisfy(request ->
                assertThat(receiver.body(request).get("type").asText()).isEqualTo(CHECKPOINT));
        assertThat(receiver.requests(paused.path())).isEmpty();

        assertThat(api.send("PATCH", "/api/v1/webhooks/" + paused.id(), acme.token(), Map.of("paused", false)).status())
                .isEqualTo(200);
        awaitCheckpoint(paused, signed.treeSize());

        // given product events later, it gets those from then on, not the ones since it was registered
        assertThat(api.send("PATCH", "/api/v1/webhooks/" + checkpoints.id(), acme.token(), Map.of("eventTypes",
                List.of(CHECKPOINT, "dev.calibrate.ProductCreated.v1"))).status()).isEqualTo(200);
        createProducts(acme, 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.requests(checkpoints.path()).stream()
                .anyMatch(request -> receiver.body(request).get("type").asText().endsWith("ProductCreated.v1")));
        quietly();
        assertThat(receiver.requests(checkpoints.path()).stream()
                .filter(request -> receiver.body(request).get("type").asText().endsWith("ProductCreated.v1")))
                .hasSize(1);
    }

    @Test
    void theTypeIsKnownAtRegistration() {
        Api.TenantToken acme = tenant("Umbrella");
        Api.Response unknown = api.post("/api/v1/webhooks", acme.token(),
                Map.of("url", receiver.url(receiver.newPath()), "eventTypes", List.of("dev.calibrate.Nothing.v1")));
        assertThat(unknown.status()).isEqualTo(400);
        Api.Response none = api.post("/api/v1/webhooks", acme.token(),
                Map.of("url", receiver.url(receiver.newPath()), "eventTypes", List.of()));
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.body()).contains(CHECKPOINT);
    }

    private static Api.TenantToken tenant(String name) {
        return api.token(api.createTenant(name + " " + UUID.randomUUID(), "USD"), "webhooks:admin", "catalog:write",
                "catalog:read");
    }

    private static Endpoint register(Api.TenantToken tenant, List<String> types) {
        String path = receiver.newPath();
        Api.Response created = api.post("/api/v1/webhooks", tenant.token(),
                Map.of("url", receiver.url(path), "eventTypes", types));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return new Endpoint(created.json().get("id").asText(), created.json().get("secret").asText(), path);
    }

    private static void createProducts(Api.TenantToken tenant, int count) {
        for (int i = 0; i < count; i++) {
            Api.Response created = api.post("/api/v1/products", tenant.token(),
                    product("CP-" + UUID.randomUUID().toString().substring(0, 8), "10.00"));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
        }
    }

    /** Seals the tenant's events as they pass the safe horizon and signs the tree once they all are. */
    private static Checkpoint sealAndSign(Api.TenantToken tenant) {
        AuditSealer sealer = app.getBean(AuditSealer.class);
        Checkpoints checkpoints = app.getBean(Checkpoints.class);
        TenantId id = TenantId.parse(tenant.tenantId());
        Checkpoint[] signed = new Checkpoint[1];
        // three products are at least three events; the background task may sign first, which is as good
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            sealer.sealDue(() -> false);
            checkpoints.signNow(id);
            Optional<Checkpoint> latest = checkpoints.latest(id);
            signed[0] = latest.orElse(null);
            return latest.isPresent() && latest.get().treeSize() >= 2;
        });
        return signed[0];
    }

    private static LoggedRequest awaitCheckpoint(Endpoint endpoint, long treeSize) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() ->
                checkpointsOf(endpoint).stream().anyMatch(r -> receiver.body(r).at("/data/treeSize").asLong() == treeSize));
        return checkpointsOf(endpoint).stream()
                .filter(r -> receiver.body(r).at("/data/treeSize").asLong() == treeSize).findFirst().orElseThrow();
    }

    private static List<LoggedRequest> checkpointsOf(Endpoint endpoint) {
        return receiver.requests(endpoint.path()).stream()
                .filter(r -> CHECKPOINT.equals(receiver.body(r).get("type").asText())).toList();
    }

    private static JsonNode key(Api.TenantToken auditor, String keyId) {
        for (JsonNode key : api.get("/api/v1/audit/public-keys", auditor.token()).json()) {
            if (key.get("keyId").asText().equals(keyId)) {
                return key;
            }
        }
        throw new AssertionError("no public key " + keyId);
    }

    private static void quietly() {
        try {
            Thread.sleep(QUIET.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
