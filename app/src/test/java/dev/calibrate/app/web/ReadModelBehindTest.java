package dev.calibrate.app.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every read that takes {@code X-Calibrate-Wait-For} answers the 503 its OpenAPI operation documents
 * when its read model does not reach the position in time, with Retry-After, before it looks at the ids.
 */
class ReadModelBehindTest extends IntegrationTest {

    /** Far beyond any position a test run reaches. */
    private static final String NEVER_REACHED = "9000000000";

    @Test
    void everyWaitingReadAnswers503WhenItsReadModelDoesNotCatchUp() throws Exception {
        Api.TenantToken tenant = api.newTenant("Read model behind");
        UUID id = UUID.randomUUID();
        List<String> reads = List.of("/api/v1/products", "/api/v1/products/" + id,
                "/api/v1/products/" + id + "/competitors", "/api/v1/competitors",
                "/api/v1/competitors/" + id + "/observations", "/api/v1/analytics/price-position?currency=USD",
                "/api/v1/price-changes", "/api/v1/price-changes/" + id, "/api/v1/connectors/shopify/drift",
                "/api/v1/policy", "/api/v1/audit");

        // each waits the whole max wait: together, not one after the other
        ExecutorService pool = Executors.newFixedThreadPool(reads.size());
        try {
            List<CompletableFuture<Api.Response>> answers = reads.stream().map(path -> CompletableFuture.supplyAsync(
                    () -> api.get(path, tenant.token(), "X-Calibrate-Wait-For", NEVER_REACHED), pool)).toList();
            for (int i = 0; i < reads.size(); i++) {
                Api.Response answer = answers.get(i).get();
                JsonNode problem = assertProblem(answer, 503, "read-model-behind");
                assertThat(problem.get("detail").asText()).as(reads.get(i)).contains(NEVER_REACHED);
                assertThat(answer.header("Retry-After")).as(reads.get(i)).isEqualTo("1");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
