package dev.calibrate.app.observability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.EventProcessors;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.Sql;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static dev.calibrate.app.support.ProductBodies.product;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Operators see whether the database and every read model are healthy, and scrape latency and Axon
 * metrics (exported in every integration test, see {@link IntegrationTest}).
 */
class ObservabilityTest extends IntegrationTest {

    @Autowired
    private Environment environment;

    @Test
    void healthReportsTheDatabaseAndEveryEventProcessor() {
        Api.Response health = api.get("/actuator/health", null);

        assertThat(health.status()).as(health.body()).isEqualTo(200);
        JsonNode body = health.json();
        assertThat(body.get("status").asText()).isEqualTo("UP");
        assertThat(body.at("/components/db/status").asText()).isEqualTo("UP");
        JsonNode processors = body.at("/components/eventProcessors");
        assertThat(processors.get("status").asText()).isEqualTo("UP");
        assertThat(processors.at("/details/head").isNumber()).isTrue();
        for (String name : List.of("catalog", "audit", "tenants", "price-changes", "channels",
                "price-change-channel-sync", "competitors")) {
            JsonNode processor = processors.at("/details/" + name);
            assertThat(processor.isObject()).as("processor %s in %s", name, processors).isTrue();
            assertThat(processor.get("running").asBoolean()).as("%s running", name).isTrue();
            assertThat(processor.get("error").asBoolean()).as("%s in error", name).isFalse();
            assertThat(processor.get("replaying").isBoolean()).isTrue();
            assertThat(processor.get("position").asLong()).isGreaterThanOrEqualTo(0);
            assertThat(processor.get("lag").asLong()).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void healthShowsTheProcessorsCatchingUpWithAWrite() {
        Api.TenantToken acme = api.newTenant("Health lag");
        long position = api.post("/api/v1/products", acme.token(), product("OB-1", "1.00")).position();

        EventProcessors.awaitCaughtUp(api, "catalog", "audit", "tenants", "price-changes", "channels",
                "price-change-channel-sync", "competitors");

        JsonNode processors = EventProcessors.health(api);
        assertThat(processors.at("/details/head").asLong()).isGreaterThanOrEqualTo(position);
        for (String name : List.of("catalog", "audit", "tenants", "price-changes", "channels",
                "price-change-channel-sync", "competitors")) {
            assertThat(processors.at("/details/" + name + "/position").asLong()).isGreaterThanOrEqualTo(position);
            assertThat(processors.at("/details/" + name + "/lag").asLong()).isZero();
        }
    }

    @Test
    void prometheusExposesRequestLatencyPercentilesAndAxonMetricsAfterAWrite() {
        Api.TenantToken acme = api.newTenant("Metrics");
        Api.Response created = api.post("/api/v1/products", acme.token(), product("OB-2", "2.00"));
        assertThat(created.status()).isEqualTo(201);
        EventProcessors.awaitCaughtUp(api, "catalog");

        Api.Response scrape = api.get("/actuator/prometheus", null);

        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.contentType()).startsWith("text/plain");
        List<String> samples = Arrays.stream(scrape.body().split("\n")).filter(l -> !l.startsWith("#")).toList();
        assertThat(samples).anySatisfy(line -> assertThat(line)
                .startsWith("http_server_requests_seconds{").contains("uri=\"/api/v1/products\"")
                .contains("quantile=\"0.95\""));
        assertThat(samples).anySatisfy(line -> assertThat(line)
                .startsWith("http_server_requests_seconds{").contains("uri=\"/api/v1/products\"")
                .contains("quantile=\"0.99\""));
        assertThat(samples).anySatisfy(line -> assertThat(line).startsWith("commandBus_"));
        assertThat(samples).anySatisfy(line -> assertThat(line).startsWith("eventProcessor"));
    }

    /** A run that keeps failing shows in health (by name) and in the gauge an alert watches. */
    @Test
    void aFailingRunIsNamedInHealthAndCountedInTheGauge() {
        String run = UUID.randomUUID() + ":APPLY";
        try (Sql owner = Sql.connect(environment)) {
            // a run that failed three times and waits for its next attempt, far enough ahead not to execute now
            owner.execute("INSERT INTO scheduled_tasks (task_name, task_instance, task_data, execution_time, picked,"
                    + " version, consecutive_failures, last_failure) VALUES ('price-change-run', '" + run + "', NULL,"
                    + " now() + interval '1 hour', false, 1, 3, now())");
            try {
                JsonNode component = api.get("/actuator/health", null).json().get("components").get("priceChangeRuns");
                assertThat(component.get("status").asText()).isEqualTo("UP");
                assertThat(component.get("details").get("pending").asLong()).isGreaterThanOrEqualTo(1);
                assertThat(component.get("details").get("failing")).anySatisfy(failing -> {
                    assertThat(failing.get("run").asText()).isEqualTo(run);
                    assertThat(failing.get("failures").asInt()).isEqualTo(3);
                });
                String metrics = api.get("/actuator/prometheus", null).body();
                assertThat(metrics).containsPattern("calibrate_price_change_runs_failing\\s+[1-9]");
            } finally {
                owner.execute("DELETE FROM scheduled_tasks WHERE task_instance = '" + run + "'");
            }
            String metrics = api.get("/actuator/prometheus", null).body();
            assertThat(metrics).containsPattern("calibrate_price_change_runs_failing\\s+0");
        }
    }
}
