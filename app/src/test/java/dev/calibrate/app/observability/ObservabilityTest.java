package dev.calibrate.app.observability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.EventProcessors;
import dev.calibrate.app.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;

import java.util.Arrays;
import java.util.List;

import static dev.calibrate.app.support.ProductBodies.product;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Operators see whether the database and every read model are healthy, and scrape latency and Axon
 * metrics. Spring Boot tests switch metric export off unless asked, so this class asks (and gets a
 * context of its own).
 */
@AutoConfigureObservability(tracing = false)
class ObservabilityTest extends IntegrationTest {

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
        for (String name : List.of("catalog", "audit", "tenants", "price-changes")) {
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

        EventProcessors.awaitCaughtUp(api, "catalog", "audit", "tenants", "price-changes");

        JsonNode processors = EventProcessors.health(api);
        assertThat(processors.at("/details/head").asLong()).isGreaterThanOrEqualTo(position);
        for (String name : List.of("catalog", "audit", "tenants", "price-changes")) {
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
}
