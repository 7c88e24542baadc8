package dev.calibrate.app.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.concurrency.TenantRequestGate;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.kernel.tenant.TenantId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every read that takes {@code X-Calibrate-Wait-For} answers the 503 its OpenAPI operation documents
 * when its read model does not reach the position in time, with Retry-After, before it looks at the ids;
 * and a 400 at once for a position the event store never handed out.
 */
class ReadModelBehindTest extends IntegrationTest {

    /** Far beyond any position a test run reaches. */
    private static final String NEVER_WRITTEN = "9000000000";

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TenantRequestGate gate;

    @Test
    void everyWaitingReadAnswers503WhenItsReadModelDoesNotCatchUp() throws Exception {
        Api.TenantToken tenant = api.newTenant("Read model behind");
        // more slow reads at once than a tenant's places on a node (TenantRequestLimitHttpTest): room for them all
        gate.limitTenant(new TenantId(UUID.fromString(tenant.tenantId())),
                new TenantRequestGate.Limits(reads().size(), 0, Duration.ZERO));
        // a position handed out and never used (a rolled back write leaves the same gap): the read models reach it
        // only once a later event is written, and in this test's seconds nothing else of this JVM writes
        String gap = Long.toString(jdbc.queryForObject("SELECT nextval('domainevententry_globalindex_seq')",
                Long.class));
        List<String> reads = reads();

        // each waits the whole max wait: together, not one after the other
        ExecutorService pool = Executors.newFixedThreadPool(reads.size());
        try {
            List<CompletableFuture<Api.Response>> answers = reads.stream().map(path -> CompletableFuture.supplyAsync(
                    () -> api.get(path, tenant.token(), "X-Calibrate-Wait-For", gap), pool)).toList();
            for (int i = 0; i < reads.size(); i++) {
                Api.Response answer = answers.get(i).get();
                JsonNode problem = assertProblem(answer, 503, "read-model-behind");
                assertThat(problem.get("detail").asText()).as(reads.get(i)).contains(gap);
                assertThat(answer.header("Retry-After")).as(reads.get(i)).isEqualTo("1");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aPositionTheStoreNeverHandedOutIsRefusedAtOnce() {
        Api.TenantToken tenant = api.newTenant("Never written");
        for (String path : reads()) {
            long start = System.nanoTime();
            JsonNode problem = assertProblem(api.get(path, tenant.token(), "X-Calibrate-Wait-For", NEVER_WRITTEN),
                    400, "position-never-written");
            assertThat(problem.get("detail").asText()).as(path).contains(NEVER_WRITTEN);
            // not the max wait (20 s in tests): no read model is waited for
            assertThat((System.nanoTime() - start) / 1_000_000).as(path).isLessThan(5_000);
        }
    }

    private static List<String> reads() {
        UUID id = UUID.randomUUID();
        return List.of("/api/v1/products", "/api/v1/products/" + id,
                "/api/v1/products/" + id + "/competitors", "/api/v1/competitors",
                "/api/v1/competitors/" + id + "/observations", "/api/v1/analytics/price-position?currency=USD",
                "/api/v1/price-changes", "/api/v1/price-changes/" + id, "/api/v1/connectors/shopify/drift",
                "/api/v1/policy", "/api/v1/audit");
    }
}
