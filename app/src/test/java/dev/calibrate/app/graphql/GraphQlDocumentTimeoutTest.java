package dev.calibrate.app.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.app.support.AppProcesses;
import dev.calibrate.app.support.Api;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole document has a deadline ({@code calibrate.graphql.document-timeout}, here 2 s beside the 5 s statement
 * timeout): a statement running when it passes is cancelled then, the fields after it answer TIMEOUT without
 * reading, and the answer comes at about the deadline rather than after one statement timeout per field. A
 * lock held on the catalog stands in for slow reads. Its own application, for its own setting.
 */
@Tag("slow") // starts an application of its own (a short document timeout): ./mvnw verify -Pslow
class GraphQlDocumentTimeoutTest {

    private static final String ADMIN_TOKEN = "graphql-document-timeout-admin-token-0123456789";

    @TempDir
    static Path dataDir;

    private static ConfigurableApplicationContext app;
    private static Api api;

    @BeforeAll
    static void start() {
        app = AppProcesses.startOnSharedPostgres(dataDir, ADMIN_TOKEN, "--calibrate.graphql.document-timeout=2s");
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
    void pastTheDocumentsDeadlineTheRunningReadIsCancelledAndTheRestAnswerTimeout() throws Exception {
        Api.TenantToken acme = api.newTenant("GraphQL document timeout");
        String document = "{ a: products(first: 0, query: \"one\") { pageInfo { hasNextPage } }"
                + " b: products(first: 0, query: \"two\") { pageInfo { hasNextPage } }"
                + " c: auditEntries(first: 1) { edges { cursor } } }";
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() ->
                new TransactionTemplate(app.getBean(PlatformTransactionManager.class)).executeWithoutResult(tx -> {
                    jdbc.execute("LOCK TABLE product_view IN ACCESS EXCLUSIVE MODE");
                    locked.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
        JsonNode answer;
        long millis;
        try {
            assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
            long started = System.nanoTime();
            answer = new GraphQlClient(api).once(acme.token(), document, Map.of());
            millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        } finally {
            release.countDown();
            holder.get(30, TimeUnit.SECONDS);
        }

        // about the 2 s deadline: not the 5 s statement timeout of the first read, let alone one per field
        assertThat(millis).as(answer.toString()).isBetween(1_500L, 4_500L);
        List<String> paths = new ArrayList<>();
        answer.get("errors").forEach(error -> {
            assertThat(error.at("/extensions/classification").asText()).as(error.toString()).isEqualTo("TIMEOUT");
            paths.add(error.at("/path/0").asText());
        });
        assertThat(paths).as(answer.toString()).containsExactly("a", "b", "c");

        // a new document has a deadline of its own, and the connection was handed back clean
        JsonNode after = new GraphQlClient(api).once(acme.token(), document, Map.of());
        assertThat(after.has("errors")).as(after.toString()).isFalse();
        assertThat(after.at("/data/c/edges").isArray()).isTrue();
    }
}
