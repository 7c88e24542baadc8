package dev.calibrate.app.pricechange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.AppProcesses;
import dev.calibrate.app.support.Sql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import static dev.calibrate.app.pricechange.PriceChangeSteps.product;
import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a preview may cost: a time budget, a number at once per tenant, and no pooled connection held
 * while it computes. Its own application (budget 10 s), so that a preview can outlast its budget
 * without the other tests waiting 30 s for one.
 */
@Tag("slow") // starts an application of its own (small preview budgets): ./mvnw verify -Pslow
class PreviewLimitsTest {

    private static final String ADMIN_TOKEN = "preview-limits-admin-token-0123456789abcdef";
    /**
     * Long enough that 24 previews started together are all running at once however slowly a loaded CI
     * machine starts the last of them (twelve catalogs rebuilt first): at 10 s the last tenant's previews
     * once started after the first tenant's had already run out of budget.
     */
    private static final String BUDGET_SECONDS = "20";
    /**
     * Enough products that no preview below ends within its budget, even alone on a fast machine: each
     * product costs about 0.3 s of CPU under the heavy rule and a preview spreads its products over every
     * core (the common pool), so a fixed count that outlasts the budget on two cores ends inside it on
     * eight. 200 per core keeps a lone preview at about three times the budget on any machine.
     */
    private static final int PRODUCTS = 200 * Math.max(1, Runtime.getRuntime().availableProcessors());
    /** A thousand a's: what the glob below is worst at, short of matching. */
    private static final String LONG_TITLE = "a".repeat(1000);

    @TempDir
    static Path dataDir;
    /** The previews' clients; not the common pool, which the engine's parallel streams use. */
    private static final ExecutorService clients = Executors.newCachedThreadPool();
    private static ConfigurableApplicationContext app;
    private static Api api;
    private static PriceChangeSteps steps;

    @BeforeAll
    static void start() {
        app = AppProcesses.startOnSharedPostgres(dataDir, ADMIN_TOKEN,
                "--calibrate.pricing.preview.budget=" + BUDGET_SECONDS + "s");
        api = new Api("http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort(),
                ADMIN_TOKEN, app.getBean(ObjectMapper.class));
        steps = new PriceChangeSteps(api);
    }

    @AfterAll
    static void stop() {
        clients.shutdownNow();
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aPreviewOverItsBudgetIsStoppedWithAProblemAndStoresNothing() {
        Api.TenantToken tenant = tenantWithLongTitles("budget");
        String change = steps.draft(tenant.token(), "Slow", heavyRule(), Map.of());

        JsonNode problem = assertProblem(preview(tenant, change), 422, "over-budget");

        assertThat(problem.get("detail").asText()).contains("budget of " + BUDGET_SECONDS + " s", "nothing was stored");
        try (Sql owner = Sql.connect(app.getEnvironment())) {
            assertThat(owner.query("SELECT 1 FROM price_change_item WHERE price_change_id = ?::uuid", change)).isEmpty();
            assertThat(owner.query("SELECT 1 FROM domainevententry WHERE aggregateidentifier = ?"
                    + " AND payloadtype LIKE '%PriceChangePreviewed'", change)).isEmpty();
        }
        // still a draft: it can be narrowed and previewed
        assertThat(api.send("PUT", "/api/v1/price-changes/" + change, tenant.token(),
                Map.of("name", "Narrowed", "rule", lightRule())).status()).isEqualTo(200);
        assertThat(preview(tenant, change).status()).isEqualTo(200);
    }

    @Test
    void aTenantRunsTwoPreviewsAtOnceAndTheThirdIsToldWhenToRetry() {
        Api.TenantToken busy = tenantWithLongTitles("busy");
        Api.TenantToken other = tenantWithLongTitles("other");
        String third = steps.draft(busy.token(), "Third", lightRule(), Map.of());
        List<CompletableFuture<Api.Response>> running = start(busy, heavyDrafts(busy, 2));

        Api.Response probe = awaitBothRunning(busy);
        Api.Response refused = preview(busy, third);

        for (Api.Response tooMany : List.of(probe, refused)) {
            assertThat(assertProblem(tooMany, 429, "too-many-requests").get("detail").asText()).contains("2 previews");
            assertThat(tooMany.header("Retry-After")).isEqualTo(BUDGET_SECONDS);
        }
        // the limit is the tenant's own: another tenant previews meanwhile
        assertThat(preview(other, steps.draft(other.token(), "Light", lightRule(), Map.of())).status()).isEqualTo(200);

        running.forEach(preview -> assertProblem(preview.join(), 422, "over-budget"));
        assertThat(preview(busy, third).status()).as("the previews' places are free again").isEqualTo(200);
    }

    /**
     * The audit's attack: 24 slow previews at once. Each held a pooled connection (there are 20) for as
     * long as it computed, so other tenants' reads waited for one and failed.
     */
    @Test
    void anotherTenantsReadsAnswerWhileTwentyFourPreviewsRun() {
        List<Api.TenantToken> attackers = IntStream.range(0, 12).mapToObj(i -> tenantWithLongTitles("attacker-" + i))
                .toList();
        Api.TenantToken bystander = api.newTenant("bystander");
        steps.catalog(bystander.token(), List.of(product("MUG-1", "8.00", null)));
        List<List<String>> drafts = attackers.stream().map(attacker -> heavyDrafts(attacker, 2)).toList();
        List<CompletableFuture<Api.Response>> running = new ArrayList<>();
        for (int i = 0; i < attackers.size(); i++) {
            running.addAll(start(attackers.get(i), drafts.get(i)));
        }

        awaitBothRunning(attackers.get(attackers.size() - 1));
        Api.Response read = api.get("/api/v1/products?size=1", bystander.token());
        Api.Response firstStillBusy = preview(attackers.get(0), UUID.randomUUID().toString());

        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.json().get("items").get(0).get("sku").asText()).isEqualTo("MUG-1");
        assertThat(firstStillBusy.status()).as("the first attacker's previews ran all along the read").isEqualTo(429);
        running.forEach(preview -> assertProblem(preview.join(), 422, "over-budget"));
    }

    private static Api.TenantToken tenantWithLongTitles(String name) {
        Api.TenantToken tenant = api.newTenant(name);
        List<Map<String, Object>> products = new ArrayList<>();
        for (int i = 0; i < PRODUCTS; i++) {
            Map<String, Object> product = new java.util.LinkedHashMap<>(product("LONG-" + i, "10.00", null));
            product.put("title", LONG_TITLE);
            products.add(product);
        }
        steps.catalog(tenant.token(), products);
        return tenant;
    }

    private static List<String> heavyDrafts(Api.TenantToken tenant, int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> steps.draft(tenant.token(), "Heavy " + i, heavyRule(), Map.of())).toList();
    }

    private static List<CompletableFuture<Api.Response>> start(Api.TenantToken tenant, List<String> changes) {
        return changes.stream()
                .map(change -> CompletableFuture.supplyAsync(() -> preview(tenant, change), clients)).toList();
    }

    /** Previews of an unknown change are refused before anything is looked up once the tenant's places are taken. */
    private static Api.Response awaitBothRunning(Api.TenantToken tenant) {
        return await("both previews running").atMost(Duration.ofSeconds(Long.parseLong(BUDGET_SECONDS)))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> preview(tenant, UUID.randomUUID().toString()), probe -> probe.status() == 429);
    }

    private static Api.Response preview(Api.TenantToken tenant, String change) {
        return api.post("/api/v1/price-changes/" + change + "/preview", tenant.token(), null);
    }

    /**
     * 300 globs a title of a thousand a's nearly matches at every position: about a millisecond each per
     * product, all of them evaluated (an {@code any} explains every condition that matched).
     */
    private static Map<String, Object> heavyRule() {
        Map<String, Object> glob = Map.of("field", "title", "op", "glob", "value", "*" + "a".repeat(253) + "b");
        List<Object> groups = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            groups.add(Map.of("any", java.util.Collections.nCopies(100, glob)));
        }
        return Map.of("selector", Map.of("any", groups), "transform", List.of(Map.of("op", "percent", "value", -10)),
                "currency", "USD");
    }

    private static Map<String, Object> lightRule() {
        return Map.of("selector", Map.of("field", "sku", "op", "eq", "value", "LONG-1"),
                "transform", List.of(Map.of("op", "percent", "value", -10)), "currency", "USD");
    }
}
