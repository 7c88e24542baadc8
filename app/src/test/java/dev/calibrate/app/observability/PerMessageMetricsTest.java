package dev.calibrate.app.observability;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.AppProcesses;
import dev.calibrate.app.support.EventProcessors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static dev.calibrate.app.support.ProductBodies.product;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Axon's per-message monitors, off by default (see {@link ObservabilityTest}), come back with
 * {@code calibrate.metrics.per-message=true}, beside the processor-level metrics. Its own application,
 * since the setting decides how Axon is configured when it starts.
 */
@Tag("slow") // starts an application of its own: ./mvnw verify -Pslow
class PerMessageMetricsTest {

    /** How Axon's per-message metric names begin in the Prometheus scrape. */
    static final List<String> PER_MESSAGE_PREFIXES = List.of("commandBus", "eventProcessor", "eventStore", "queryBus");

    private static final String ADMIN_TOKEN = "per-message-metrics-admin-token-0123456789ab";

    @TempDir
    static Path dataDir;
    private static ConfigurableApplicationContext app;
    private static Api api;

    @BeforeAll
    static void start() {
        app = AppProcesses.startInProcess(dataDir, ADMIN_TOKEN, "--calibrate.embedded-postgres.ephemeral=true",
                "--calibrate.metrics.per-message=true");
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
    void theSettingAddsAxonsPerMessageMetricsToTheProcessorLevelOnes() {
        Api.TenantToken acme = api.newTenant("Per-message metrics");
        assertThat(api.post("/api/v1/products", acme.token(), product("PM-1", "1.00")).status()).isEqualTo(201);
        EventProcessors.awaitCaughtUp(api, "catalog");

        Api.Response scrape = api.get("/actuator/prometheus", api.operatorToken());

        assertThat(scrape.status()).isEqualTo(200);
        List<String> samples = Arrays.stream(scrape.body().split("\n")).filter(l -> !l.startsWith("#")).toList();
        assertThat(samples).anySatisfy(line -> assertThat(line).startsWith("commandBus_"));
        assertThat(samples).anySatisfy(line -> assertThat(line).startsWith("eventProcessor"));
        assertThat(samples).anySatisfy(line -> assertThat(line)
                .startsWith("calibrate_event_processor_lag{processing_group=\"catalog\"}"));
    }
}
