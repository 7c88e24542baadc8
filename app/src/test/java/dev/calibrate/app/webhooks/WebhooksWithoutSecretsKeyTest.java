package dev.calibrate.app.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.AppProcesses;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server started without {@code CALIBRATE_SECRETS_KEY} cannot seal a signing secret, so it registers no
 * endpoint: a 503 naming the setting (the server's setup is missing, not the caller's input wrong), and
 * nothing is stored. Its own application, since every other test runs with a key.
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
}
