package dev.calibrate.app.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.AppProcesses;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.webhooks.endpoint.EndpointStatus;
import dev.calibrate.app.webhooks.endpoint.WebhookEndpoint;
import dev.calibrate.app.webhooks.endpoint.WebhookEndpoints;
import dev.calibrate.connectors.secrets.SecretBox;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantScope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server started without {@code CALIBRATE_SECRETS_KEY} cannot seal a signing secret, so it registers no
 * endpoint: a 503 naming the setting (the server's setup is missing, not the caller's input wrong), and
 * nothing is stored; an endpoint registered while a key was set keeps its secret when asked to rotate it. Its
 * own application, since every other test runs with a key.
 */
@Tag("slow") // starts an application of its own (no secrets key): ./mvnw verify -Pslow
class WebhooksWithoutSecretsKeyTest {

    private static final String ADMIN_TOKEN = "webhooks-without-key-admin-token-0123456789";

    @TempDir
    static Path dataDir;

    private static ConfigurableApplicationContext app;
    private static Api api;

    @BeforeAll
    static void start() {
        app = AppProcesses.startOnSharedPostgres(dataDir, ADMIN_TOKEN, "--calibrate.webhooks.allow-insecure=true");
        api = new Api("http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort(),
                ADMIN_TOKEN, app.getBean(ObjectMapper.class));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void registeringAnEndpointIsA503NamingTheSettingAndStoresNothing() throws Exception {
        try (Receiver receiver = new Receiver()) {
            Api.TenantToken tenant = api.token(api.createTenant("No secrets key", "USD"), "webhooks:admin");

            Api.Response refused = api.post("/api/v1/webhooks", tenant.token(), Map.of(
                    "url", receiver.url(receiver.newPath()), "eventTypes", List.of("*")));

            JsonNode problem = assertProblem(refused, 503, null);
            assertThat(problem.path("detail").asText()).contains("CALIBRATE_SECRETS_KEY", "webhook signing secrets");
            assertThat(refused.body()).doesNotContain("whsec_");
            assertThat(api.get("/api/v1/webhooks", tenant.token()).json().path("items")).isEmpty();
        }
    }

    @Test
    void rotatingTheSecretOfAnEndpointRegisteredUnderAKeyIsA503AndKeepsTheSecret() {
        Api.TenantToken tenant = api.token(api.createTenant("Key gone since", "USD"), "webhooks:admin");
        TenantId tenantId = new TenantId(UUID.fromString(tenant.tenantId()));
        // registered while the server ran with a key, which it has since lost
        SecretBox keyed = SecretBox.fromBase64Key(IntegrationTest.SECRETS_KEY);
        TenantScope scope = app.getBean(TenantScope.class);
        WebhookEndpoints underKey = new WebhookEndpoints(app.getBean(JdbcTemplate.class), scope, keyed);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        WebhookId id = WebhookId.random();
        scope.write(tenantId, () -> {
            underKey.insert(new WebhookEndpoint(id, tenantId, "http://127.0.0.1:9/hook", null, List.of("*"),
                    EndpointStatus.ACTIVE, null, null, 0, now, now), "whsec_before");
            return null;
        });

        Api.Response refused = api.post("/api/v1/webhooks/" + id.value() + "/rotate-secret", tenant.token(), Map.of());

        JsonNode problem = assertProblem(refused, 503, null);
        assertThat(problem.path("detail").asText()).contains("CALIBRATE_SECRETS_KEY");
        assertThat(refused.body()).doesNotContain("whsec_");
        assertThat(scope.write(tenantId, () -> underKey.signingSecrets(tenantId, id, Instant.now())))
                .containsExactly("whsec_before");
        // another tenant's endpoint is still a 404 before anything else is said
        Api.TenantToken other = api.token(api.createTenant("Someone else", "USD"), "webhooks:admin");
        assertProblem(api.post("/api/v1/webhooks/" + id.value() + "/rotate-secret", other.token(), Map.of()), 404, null);
    }
}
