package dev.calibrate.app.webhooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.AppProcesses;
import dev.calibrate.app.support.IntegrationTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static dev.calibrate.app.support.ProductBodies.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 17, item 11: the application is killed (SIGKILL) while a webhook request is in flight, and
 * after the restart every event reaches the receiver at least once, in order: the one in flight is
 * sent again, none is skipped.
 */
@Tag("slow")
class WebhookRestartTest {

    private static final String ADMIN_TOKEN = "webhook-restart-admin-token-0123456789abcdef";
    private static final int PRODUCTS = 20;
    private static final String[] SETTINGS = {"--calibrate.webhooks.allow-insecure=true",
            "--calibrate.webhooks.poll-interval=100ms", "--calibrate.secrets.key=" + IntegrationTest.SECRETS_KEY};

    @TempDir
    Path dataDir;

    @Test
    void aKillMidDeliveryLosesNothingAndKeepsTheOrder() throws Exception {
        try (Receiver receiver = new Receiver()) {
            String path = receiver.newPath();
            // slow answers: the kill lands while a request is open
            receiver.answer(path, aResponse().withStatus(204).withFixedDelay(1_500));
            int port = AppProcesses.freePort();
            List<String> args = new ArrayList<>(List.of(SETTINGS));
            args.add("--calibrate.consistency.max-wait=60s");
            Process first = AppProcesses.start(dataDir, port, ADMIN_TOKEN, dataDir.resolve("first-run.log"),
                    args.toArray(String[]::new));
            Api.TenantToken tenant;
            try {
                Api api = new Api("http://localhost:" + port, ADMIN_TOKEN, new ObjectMapper());
                await("first run up").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                        .ignoreExceptions().until(() -> api.get("/actuator/health", null).status() == 200);
                tenant = api.token(api.createTenant("Crash hooks", "USD"), "webhooks:admin", "catalog:write");
                Api.Response registered = api.post("/api/v1/webhooks", tenant.token(),
                        Map.of("url", receiver.url(path), "eventTypes", List.of("dev.calibrate.ProductCreated.v1")));
                assertThat(registered.status()).as(registered.body()).isEqualTo(201);
                List<Map<String, Object>> items = new ArrayList<>();
                for (int i = 0; i < PRODUCTS; i++) {
                    items.add(product("KILL-" + i, "10.00"));
                }
                assertThat(api.post("/api/v1/products:batch", tenant.token(), Map.of("items", items)).status())
                        .isEqualTo(200);
                await("some delivered, one in flight").atMost(Duration.ofMinutes(1))
                        .until(() -> receiver.requests(path).size() >= 3);
            } finally {
                first.destroyForcibly();
                first.waitFor(1, TimeUnit.MINUTES);
            }
            List<LoggedRequest> beforeTheKill = receiver.requests(path);
            int beforeKill = beforeTheKill.size();
            assertThat(beforeKill).as("the kill came before the end").isLessThan(PRODUCTS);
            // the receiver logs a request when it arrives and answers 1.5 s later: the last one was in flight
            String inFlight = beforeTheKill.get(beforeKill - 1).getHeader("webhook-id");
            receiver.answer(path, aResponse().withStatus(204));

            try (ConfigurableApplicationContext second = AppProcesses.startInProcess(dataDir, ADMIN_TOKEN, SETTINGS)) {
                assertThat(((WebServerApplicationContext) second).getWebServer().getPort()).isPositive();
                await("every event after the restart").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                        .until(() -> distinctIds(receiver, path).size() >= PRODUCTS);
            }
            List<LoggedRequest> requests = receiver.requests(path);
            assertThat(distinctIds(receiver, path)).hasSize(PRODUCTS);
            List<Long> positions = requests.stream().map(r -> receiver.body(r).get("position").asLong()).toList();
            assertThat(positions).as("in order: a re-send repeats the one in flight, never goes back further")
                    .isSorted();
            assertThat(requests).as("the one in flight at the kill, and only it, sent twice").hasSize(PRODUCTS + 1);
            assertThat(requests.get(beforeKill).getHeader("webhook-id"))
                    .as("the first request after the restart repeats the one in flight").isEqualTo(inFlight);
        }
    }

    private static Set<String> distinctIds(Receiver receiver, String path) {
        Set<String> ids = new LinkedHashSet<>();
        receiver.requests(path).forEach(r -> ids.add(r.getHeader("webhook-id")));
        return ids;
    }
}
