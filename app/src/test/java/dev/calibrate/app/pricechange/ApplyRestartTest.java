package dev.calibrate.app.pricechange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.AppProcesses;
import dev.calibrate.app.support.Sql;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.calibrate.app.pricechange.PriceChangeSteps.SUMMER_SALE;
import static dev.calibrate.app.pricechange.PriceChangeSteps.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The application is killed (SIGKILL: a crash, not a clean stop) in the middle of applying a large
 * change; the embedded PostgreSQL it leaves behind is taken over by the next start. After a restart the run resumes, and every item ends up applied exactly
 * once: one price event per product, none twice, none missing. A change scheduled for a moment when
 * the application was down is applied after the restart: its deadline was persistent.
 */
@Tag("slow")
class ApplyRestartTest {

    static final String ADMIN_TOKEN = "apply-restart-admin-token-0123456789abcdef";
    static final int PRODUCTS = 4_000;

    @TempDir
    Path dataDir;

    @Test
    void aCrashMidApplyResumesAndAppliesEveryItemExactlyOnce() throws Exception {
        int port = AppProcesses.freePort();
        // chunks of 200 in the first process, so the kill lands between chunks (4,000 items in the default
        // chunks of 2,000 are two chunks committing together); the restarted one resumes with the default
        Process first = AppProcesses.start(dataDir, port, ADMIN_TOKEN, dataDir.resolve("first-run.log"),
                "--calibrate.consistency.max-wait=60s", "--calibrate.price-changes.run-chunk-size=200");
        Api.TenantToken manager;
        String change;
        String scheduled;
        try {
            Api api = new Api("http://localhost:" + port, ADMIN_TOKEN, new ObjectMapper());
            await("first run up").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions().until(() -> api.get("/actuator/health", null).status() == 200);
            PriceChangeSteps steps = new PriceChangeSteps(api);
            manager = api.token(api.createTenant("Crash", "USD"), "catalog:read", "catalog:write", "prices:write",
                    "prices:apply", "audit:read");
            Api.TenantToken approver = api.token(manager.tenantId(), "prices:approve");
            List<Map<String, Object>> products = new ArrayList<>();
            for (int i = 0; i < PRODUCTS; i++) {
                products.add(product("CR-" + i, (10 + i % 90) + ".00", null, "summer"));
            }
            // the scheduled change has a product of its own: were it one of the sale's, whichever of the
            // two wrote it first would leave the other a conflict, depending on when the deadline fires
            products.add(product("LATER-1", "10.00", null, "winter"));
            steps.catalog(manager.token(), products);

            scheduled = steps.approved(manager.token(), approver.token(), "Later", Map.of(
                    "selector", Map.of("field", "sku", "op", "eq", "value", "LATER-1"),
                    "transform", List.of(Map.of("op", "add", "amount", "1.00")), "currency", "USD"),
                    Map.of("scheduleAt", Instant.now().plusSeconds(20).toString()));
            assertThat(steps.action(manager.token(), scheduled, "apply", null).json().get("state").asText())
                    .isEqualTo("SCHEDULED");

            change = steps.approved(manager.token(), approver.token(), "Big sale", SUMMER_SALE, Map.of());
            assertThat(steps.action(manager.token(), change, "apply", null).status()).isEqualTo(202);
            String id = change;
            await("part of the apply done").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                    .until(() -> total(api, manager, id, "APPLIED") >= 200);
        } finally {
            kill(first);
        }

        try (ConfigurableApplicationContext second = AppProcesses.startInProcess(dataDir, ADMIN_TOKEN)) {
            Api api = new Api("http://localhost:" + ((WebServerApplicationContext) second).getWebServer().getPort(),
                    ADMIN_TOKEN, second.getBean(ObjectMapper.class));
            PriceChangeSteps steps = new PriceChangeSteps(api);
            long pendingAfterRestart = total(api, manager, change, "PENDING");
            assertThat(pendingAfterRestart).as("the crash stopped the apply half-way").isPositive();

            steps.awaitApplied(manager.token(), change);
            assertThat(total(api, manager, change, "APPLIED")).isEqualTo(PRODUCTS);
            try (Sql owner = Sql.connect(second.getEnvironment())) {
                List<Map<String, Object>> perProduct = owner.query("""
                        SELECT aggregateidentifier, count(*) AS writes FROM domainevententry
                        WHERE payloadtype = 'dev.calibrate.kernel.product.ProductMessages$ProductPriceChanged'
                          AND convert_from(payload, 'UTF8')::jsonb ->> 'priceChangeId' = ?
                        GROUP BY aggregateidentifier""", change);
                assertThat(perProduct).as("one price event per product").hasSize(PRODUCTS);
                assertThat(perProduct).allSatisfy(row -> assertThat(((Number) row.get("writes")).longValue()).isEqualTo(1));
            }
            steps.awaitApplied(manager.token(), scheduled);
            JsonNode started = steps.awaitEvent(manager.token(), scheduled, "PriceChangeApplyStarted");
            assertThat(started.get("actor").asText()).isEqualTo("system");
        }
    }

    private static long total(Api api, Api.TenantToken token, String change, String outcome) {
        return api.get("/api/v1/price-changes/" + change + "/items?size=1&outcome=" + outcome, token.token())
                .json().get("total").asLong();
    }

    /** SIGKILL: the JVM gets no chance to clean up. (PostgreSQL, detached by pg_ctl, lives on.) */
    private static void kill(Process process) throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(1, TimeUnit.MINUTES);
    }
}
