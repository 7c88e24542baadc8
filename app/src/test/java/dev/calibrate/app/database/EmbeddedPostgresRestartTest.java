package dev.calibrate.app.database;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.AppProcesses;
import dev.calibrate.app.support.Sql;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.calibrate.app.support.ProductBodies.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With no datasource configured the application keeps its data in an embedded PostgreSQL under
 * {@code calibrate.data-dir}. Stopping the process with SIGTERM closes the application first and the
 * database last, cleanly; the next start finds everything where it was. The first run is a process
 * of its own, so the signal takes the real path through the JVM's shutdown hooks.
 */
@Tag("slow")
class EmbeddedPostgresRestartTest {

    static final String ADMIN_TOKEN = "restart-admin-token-0123456789abcdefghijkl";

    @TempDir
    Path dataDir;

    @Test
    void dataSurvivesSigtermAndARestart() throws Exception {
        Path postmasterPid = dataDir.resolve("postgres").resolve("postmaster.pid");
        Path log = dataDir.resolve("first-run.log");
        Api.TenantToken acme;
        String productId;
        long position;

        int port = AppProcesses.freePort();
        Process first = AppProcesses.start(dataDir, port, ADMIN_TOKEN, log);
        try {
            Api api = new Api("http://localhost:" + port, ADMIN_TOKEN, new ObjectMapper());
            await("first run up").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions().until(() -> api.get("/actuator/health", null).status() == 200);
            assertThat(postmasterPid).as("the embedded server runs in the data dir").exists();
            acme = api.newTenant("Restart");
            Api.Response created = api.post("/api/v1/products", acme.token(), product("RS-1", "42.00"));
            assertThat(created.status()).isEqualTo(201);
            productId = created.json().get("id").asText();
            position = created.position();

            first.destroy(); // SIGTERM
            assertThat(first.waitFor(2, TimeUnit.MINUTES)).as("stopped after SIGTERM").isTrue();
        } finally {
            stop(first);
        }
        String output = Files.readString(log);
        assertThat(postmasterPid).as("a clean shutdown removes postmaster.pid").doesNotExist();
        assertThat(output).contains("Graceful shutdown complete", "HikariPool-1 - Shutdown completed",
                "Stopping embedded PostgreSQL", "shut down postmaster in");
        assertThat(output.indexOf("shut down postmaster in"))
                .as("PostgreSQL stops only after the requests finished and the connection pool closed")
                .isGreaterThan(output.indexOf("Graceful shutdown complete"))
                .isGreaterThan(output.indexOf("HikariPool-1 - Shutdown completed"));
        assertThat(output.substring(output.indexOf("Commencing graceful shutdown")).lines()
                .filter(line -> line.contains(" ERROR ") || line.contains("connection has been closed")
                        || line.contains("terminating connection due to administrator command")))
                .as("failures while shutting down").isEmpty();

        try (ConfigurableApplicationContext second = AppProcesses.startInProcess(dataDir, ADMIN_TOKEN)) {
            Api api = new Api("http://localhost:" + ((WebServerApplicationContext) second).getWebServer().getPort(),
                    ADMIN_TOKEN, second.getBean(ObjectMapper.class));
            Api.Response product = api.get("/api/v1/products/" + productId, acme.token(),
                    "X-Calibrate-Wait-For", String.valueOf(position));
            assertThat(product.status()).as(product.body()).isEqualTo(200);
            assertThat(product.json().get("sku").asText()).isEqualTo("RS-1");
            assertThat(product.json().get("prices").get(0).get("amount").asText()).isEqualTo("42.00");
            // the event store, not only the read model, came back: the aggregate still knows its price
            Api.Response again = api.post("/api/v1/products", acme.token(), product("RS-1", "42.00"));
            assertThat(again.json().get("outcome").asText()).isEqualTo("UNCHANGED");
            // and what it commits would also survive a crash of the host, not only a clean stop
            try (Sql owner = Sql.connect(second.getEnvironment())) {
                assertThat(owner.single("SHOW fsync")).isEqualTo("on");
                assertThat(owner.single("SHOW synchronous_commit")).isEqualTo("on");
            }
        }
        assertThat(postmasterPid).doesNotExist();
    }

    /** Leaves nothing running when the test failed half-way: the child JVM and the PostgreSQL it started. */
    private static void stop(Process process) throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(1, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroy);
    }
}
