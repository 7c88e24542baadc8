package dev.calibrate.app.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.Sql;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.calibrate.app.pricechange.PriceChangeSteps.product;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard in {@code docker/grafana} asks only for series the application exports, covers
 * what an operator watches, and is provisioned by the compose file over its Prometheus; the gauges it
 * added count what they say.
 */
class GrafanaDashboardTest extends IntegrationTest {

    private static final Path DOCKER = Path.of("..", "docker").toAbsolutePath().normalize();
    /** The names of series in a PromQL expression: Calibrate's, HTTP, Hikari and JVM ones. */
    private static final Pattern SERIES = Pattern.compile("\\b((?:calibrate|http_server|hikaricp|jvm)_[a-z0-9_]+)\\b");

    @Autowired
    private Environment environment;

    @Test
    void everySeriesTheDashboardAsksForIsExported() throws IOException {
        Api.TenantToken acme = api.newTenant("Dashboard");
        assertThat(api.post("/api/v1/products", acme.token(), product("GD-1", "1.00", null)).status()).isEqualTo(201);

        String scrape = api.get("/actuator/prometheus", api.operatorToken()).body();

        Set<String> asked = new LinkedHashSet<>();
        for (JsonNode target : targets(dashboard())) {
            Matcher series = SERIES.matcher(target.get("expr").asText());
            while (series.find()) {
                asked.add(series.group(1));
            }
        }
        assertThat(asked).contains("http_server_requests_seconds_bucket", "calibrate_dead_letters",
                "calibrate_shopify_bucket_lowest_percent", "calibrate_price_change_runs_items_pending",
                "calibrate_tenant_requests_waiting", "calibrate_tenant_requests_refused_total");
        assertThat(asked).allSatisfy(name -> assertThat(scrape).as("series %s", name)
                .containsPattern("(?m)^" + name + "[{ ]"));
    }

    @Test
    void theDashboardCoversWhatOperatorsWatchOverTheProvisionedPrometheus() throws IOException {
        JsonNode dashboard = dashboard();
        List<String> titles = new ArrayList<>();
        dashboard.get("panels").forEach(panel -> titles.add(panel.get("title").asText()));
        assertThat(titles).contains("Request rate by endpoint", "p95 latency by endpoint", "Errors by endpoint",
                "Processor lag", "Dead letters and segments in error", "Shopify cost bucket",
                "Shopify throttles and retries", "Write-back backlog", "Apply progress",
                "Tenants' requests at once");

        Map<String, Object> datasources = yaml(DOCKER.resolve("grafana/provisioning/datasources/prometheus.yaml"));
        @SuppressWarnings("unchecked")
        Map<String, Object> prometheus = ((List<Map<String, Object>>) datasources.get("datasources")).get(0);
        assertThat(prometheus.get("url")).isEqualTo("http://prometheus:9090");
        dashboard.get("panels").forEach(panel -> {
            if (!panel.get("type").asText().equals("row")) {
                assertThat(panel.at("/datasource/uid").asText()).as(panel.get("title").asText())
                        .isEqualTo(prometheus.get("uid"));
            }
        });

        Map<String, Object> providers = yaml(DOCKER.resolve("grafana/provisioning/dashboards/calibrate.yaml"));
        @SuppressWarnings("unchecked")
        Object path = ((Map<String, Object>) ((List<Map<String, Object>>) providers.get("providers")).get(0)
                .get("options")).get("path");
        @SuppressWarnings("unchecked")
        Map<String, Object> grafana = (Map<String, Object>) ((Map<String, Object>) yaml(DOCKER.resolve("compose.yaml"))
                .get("services")).get("grafana");
        assertThat(grafana.get("profiles")).isEqualTo(List.of("monitoring"));
        assertThat(grafana.get("volumes")).asList()
                .contains("./grafana/provisioning:/etc/grafana/provisioning:ro", "./grafana/dashboards:" + path + ":ro");
    }

    @Test
    void itemsPendingCountsTheUnwrittenItemsOfApplyingChanges() {
        Api.TenantToken manager = api.token(api.createTenant("Dashboard apply", "USD"), "catalog:read",
                "catalog:write", "prices:write");
        PriceChangeSteps steps = new PriceChangeSteps(api);
        steps.catalog(manager.token(), List.of(product("IP-1", "10.00", null, "sale"),
                product("IP-2", "20.00", null, "sale"), product("IP-3", "30.00", null)));
        String change = steps.draft(manager.token(), "Dashboard cut", Map.of("selector", Map.of("all",
                        List.of(Map.of("field", "tags", "op", "contains", "value", "sale"))),
                "transform", List.of(Map.of("op", "percent", "value", -10)), "currency", "USD"), Map.of());
        assertThat(steps.preview(manager.token(), change).get("summary").get("change").asInt()).isEqualTo(2);
        double before = gauge("calibrate_price_change_runs_items_pending\\{kind=\"apply\"}");

        // what an apply that has written none of its items yet looks like to the gauge
        try (Sql owner = Sql.connect(environment)) {
            owner.execute("UPDATE price_change_view SET state = 'APPLYING' WHERE price_change_id = '" + change + "'");
            try {
                assertThat(gauge("calibrate_price_change_runs_items_pending\\{kind=\"apply\"}")).isEqualTo(before + 2);
                owner.execute("UPDATE price_change_item SET outcome = 'APPLIED' WHERE price_change_id = '" + change
                        + "' AND sku = 'IP-1'");
                assertThat(gauge("calibrate_price_change_runs_items_pending\\{kind=\"apply\"}")).isEqualTo(before + 1);
            } finally {
                owner.execute("UPDATE price_change_view SET state = 'PREVIEWED' WHERE price_change_id = '" + change + "'");
            }
        }
        assertThat(gauge("calibrate_price_change_runs_items_pending\\{kind=\"apply\"}")).isEqualTo(before);
    }

    private double gauge(String series) {
        String scrape = api.get("/actuator/prometheus", api.operatorToken()).body();
        Matcher value = Pattern.compile("(?m)^" + series + "\\s+(\\S+)$").matcher(scrape);
        assertThat(value.find()).as("%s in the scrape", series).isTrue();
        return Double.parseDouble(value.group(1));
    }

    private static JsonNode dashboard() throws IOException {
        return new ObjectMapper().readTree(DOCKER.resolve("grafana/dashboards/calibrate.json").toFile());
    }

    private static List<JsonNode> targets(JsonNode dashboard) {
        List<JsonNode> targets = new ArrayList<>();
        dashboard.get("panels").forEach(panel -> panel.path("targets").forEach(targets::add));
        assertThat(targets).isNotEmpty();
        return targets;
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            return new Yaml().load(reader);
        }
    }
}
