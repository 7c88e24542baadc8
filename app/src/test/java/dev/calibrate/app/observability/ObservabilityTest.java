package dev.calibrate.app.observability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.EventProcessors;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.Sql;
import ch.qos.logback.classic.LoggerContext;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.calibrate.app.support.ProductBodies.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Operators see whether the database and every read model are healthy, and scrape latency and each
 * processing group's position, lag and errors (exported in every integration test, see
 * {@link IntegrationTest}); Axon's per-message metrics are off ({@link PerMessageMetricsTest}).
 */
class ObservabilityTest extends IntegrationTest {

    @Autowired
    private Environment environment;

    @Autowired
    private MeterRegistry meters;

    @Test
    void healthReportsTheDatabaseAndEveryEventProcessor() {
        Api.Response health = api.healthDetails();

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
    void prometheusExposesRequestLatencyBucketsAndProcessorMetricsAfterAWrite() {
        Api.TenantToken acme = api.newTenant("Metrics");
        Api.Response created = api.post("/api/v1/products", acme.token(), product("OB-2", "2.00"));
        assertThat(created.status()).isEqualTo(201);
        EventProcessors.awaitCaughtUp(api, "catalog");

        Api.Response scrape = api.get("/actuator/prometheus", api.operatorToken());

        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.contentType()).startsWith("text/plain");
        List<String> samples = Arrays.stream(scrape.body().split("\n")).filter(l -> !l.startsWith("#")).toList();
        // latency in fixed buckets, so a percentile over every node is histogram_quantile() of their sum
        for (String le : List.of("0.01", "0.05", "0.25", "1.0", "10.0", "+Inf")) {
            assertThat(samples).anySatisfy(line -> assertThat(line)
                    .startsWith("http_server_requests_seconds_bucket{").contains("uri=\"/api/v1/products\"")
                    .contains("le=\"" + le + "\""));
        }
        for (String processor : List.of("catalog", "audit", "tenants", "price-changes", "channels",
                "price-change-channel-sync", "competitors")) {
            String group = "\\{processing_group=\"" + processor + "\"}\\s+";
            assertThat(scrape.body()).containsPattern("calibrate_event_processor_position" + group + "\\d")
                    .containsPattern("calibrate_event_processor_lag" + group + "\\d")
                    .containsPattern("calibrate_event_processor_errors" + group + "\\d");
        }
        Matcher catalog = Pattern.compile("calibrate_event_processor_position\\{processing_group=\"catalog\"}\\s+(\\S+)")
                .matcher(scrape.body());
        assertThat(catalog.find()).isTrue();
        assertThat(Double.parseDouble(catalog.group(1))).isGreaterThanOrEqualTo(created.position());
        // nor do Spring Security's observations of each of its filters on every request
        assertThat(samples).filteredOn(line -> line.startsWith("spring_security_")).isEmpty();
        // Axon's per-message monitors cost more CPU than they are worth: on only with calibrate.metrics.per-message
        assertThat(samples).filteredOn(line -> PerMessageMetricsTest.PER_MESSAGE_PREFIXES.stream().anyMatch(line::startsWith))
                .isEmpty();
    }

    /**
     * Log lines are counted by level (an alert watches {@code error} and {@code warn}) without a logback turbo
     * filter, which logback would consult on every logging call, disabled ones included ({@link LogEventMetrics};
     * its reconfiguration cases are in {@link LogEventMetricsTest}).
     */
    @Test
    void logLinesAreCountedByLevelWithoutATurboFilter() {
        LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
        assertThat(logback.getTurboFilterList()).isEmpty();
        // a read puts the appender back if another application in this JVM reconfigured logging meanwhile
        double warnings = meters.get("logback.events").tag("level", "warn").functionCounter().count();

        LoggerFactory.getLogger(ObservabilityTest.class).warn("ObservabilityTest counts this warning");

        assertThat(meters.get("logback.events").tag("level", "warn").functionCounter().count())
                .isGreaterThanOrEqualTo(warnings + 1);
        String metrics = api.get("/actuator/prometheus", api.operatorToken()).body();
        assertThat(metrics).containsPattern("logback_events_total\\{level=\"warn\"}\\s+[1-9]");
    }

    /**
     * A processor that cannot get past an event (here: its transaction cannot commit) is named in the
     * health details and counted in a gauge, while liveness, readiness and the public status stay UP:
     * the event would fail the same way on every node, so pulling nodes would only take every tenant down.
     */
    @Test
    void aProcessorInErrorIsAHealthDetailAndAMetricNeverALivenessFailure() {
        try (Sql owner = Sql.connect(environment)) {
            // fails at COMMIT whenever the tenants processor moves its token: no handler or dead-letter
            // queue can catch that, so the processor goes into error and retries the same batch
            owner.execute("CREATE FUNCTION observability_test_refuse() RETURNS trigger LANGUAGE plpgsql AS"
                    + " $$ BEGIN RAISE EXCEPTION 'ObservabilityTest refuses this commit'; END $$");
            owner.execute("CREATE CONSTRAINT TRIGGER observability_test_refuse AFTER UPDATE ON tokenentry"
                    + " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.processorname = 'tenants'"
                    + " AND NEW.token IS DISTINCT FROM OLD.token) EXECUTE FUNCTION observability_test_refuse()");
            try {
                api.createTenant("Stuck directory " + UUID.randomUUID(), "USD");
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(EventProcessors.health(api).at("/details/tenants/error").asBoolean()).isTrue());

                for (String probe : List.of("/actuator/health/liveness", "/actuator/health/readiness", "/actuator/health")) {
                    Api.Response response = api.get(probe, null);
                    assertThat(response.status()).as(probe + " " + response.body()).isEqualTo(200);
                    assertThat(response.json().path("status").asText()).as(probe).isEqualTo("UP");
                }
                JsonNode processors = EventProcessors.health(api);
                assertThat(processors.path("status").asText()).isEqualTo("UP");
                assertThat(processors.at("/details/failing")).extracting(JsonNode::asText).contains("tenants");
                assertThat(processors.at("/details/catalog/error").asBoolean()).isFalse();
                String metrics = api.get("/actuator/prometheus", api.operatorToken()).body();
                assertThat(metrics).containsPattern("calibrate_event_processor_errors\\{processing_group=\"tenants\"}\\s+[1-9]");
                assertThat(metrics).containsPattern("calibrate_event_processor_errors\\{processing_group=\"catalog\"}\\s+0");
                // the other read models keep serving
                Api.TenantToken other = api.newTenant("Unaffected " + UUID.randomUUID());
                long position = api.post("/api/v1/products", other.token(), product("OB-STUCK", "3.00")).position();
                Api.Response read = api.get("/api/v1/products?sku=OB-STUCK", other.token(),
                        "X-Calibrate-Wait-For", Long.toString(position));
                assertThat(read.status()).as(read.body()).isEqualTo(200);
            } finally {
                owner.execute("DROP TRIGGER observability_test_refuse ON tokenentry");
                owner.execute("DROP FUNCTION observability_test_refuse()");
            }
            EventProcessors.awaitCaughtUp(api, "tenants");
            assertThat(api.get("/actuator/prometheus", api.operatorToken()).body())
                    .containsPattern("calibrate_event_processor_errors\\{processing_group=\"tenants\"}\\s+0");
        }
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
                JsonNode component = api.healthDetails().json().get("components").get("priceChangeRuns");
                assertThat(component.get("status").asText()).isEqualTo("UP");
                assertThat(component.get("details").get("pending").asLong()).isGreaterThanOrEqualTo(1);
                assertThat(component.get("details").get("failing")).anySatisfy(failing -> {
                    assertThat(failing.get("run").asText()).isEqualTo(run);
                    assertThat(failing.get("failures").asInt()).isEqualTo(3);
                });
                String metrics = api.get("/actuator/prometheus", api.operatorToken()).body();
                assertThat(metrics).containsPattern("calibrate_price_change_runs_failing\\s+[1-9]");
            } finally {
                owner.execute("DELETE FROM scheduled_tasks WHERE task_instance = '" + run + "'");
            }
            String metrics = api.get("/actuator/prometheus", api.operatorToken()).body();
            assertThat(metrics).containsPattern("calibrate_price_change_runs_failing\\s+0");
        }
    }
}
