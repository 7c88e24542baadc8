package dev.calibrate.app.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A GraphQL read runs under {@code SET LOCAL statement_timeout} (5 s by default): a statement that cannot
 * finish in time is cancelled and its field answers {@code TIMEOUT}, not INTERNAL_ERROR. A lock held on the
 * catalog stands in for a slow scan.
 */
class GraphQlTimeoutTest extends IntegrationTest {

    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private PlatformTransactionManager transactions;

    @Test
    void aReadLongerThanTheStatementTimeoutAnswersTimeout() throws Exception {
        Api.TenantToken acme = api.newTenant("GraphQL timeout");
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> new TransactionTemplate(transactions)
                .executeWithoutResult(tx -> {
                    jdbc.execute("LOCK TABLE product_view IN ACCESS EXCLUSIVE MODE");
                    locked.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
        JsonNode answer;
        try {
            assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
            long started = System.nanoTime();
            answer = new GraphQlClient(api).once(acme.token(),
                    "{ products(first: 0, query: \"nothing matches\") { pageInfo { hasNextPage } } }", Map.of());
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isBetween(4L, 15L);
        } finally {
            release.countDown();
            holder.get(30, TimeUnit.SECONDS);
        }

        assertThat(answer.at("/errors/0/extensions/classification").asText()).as(answer.toString())
                .isEqualTo("TIMEOUT");
        assertThat(answer.at("/errors/0/path/0").asText()).isEqualTo("products");
        // the connection was handed back clean: the next read answers
        JsonNode after = new GraphQlClient(api).once(acme.token(), "{ products(first: 1) { edges { cursor } } }",
                Map.of());
        assertThat(after.has("errors")).as(after.toString()).isFalse();
    }
}
