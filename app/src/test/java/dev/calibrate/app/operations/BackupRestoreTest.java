package dev.calibrate.app.operations;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.AppProcesses;
import dev.calibrate.app.support.EventProcessors;
import dev.calibrate.app.support.Postgres15;
import dev.calibrate.app.support.ReadModels;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.calibrate.app.pricechange.PriceChangeSteps.product;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backup and restore runbook of docs/operations.md, run as written on the installed PostgreSQL 15
 * (the embedded server ships no {@code pg_dump}): a dump of a running node, restored into a new
 * database, serves the same read models, and rebuilding every projection there from the event store
 * alone gives the same rows again.
 */
@Tag("slow") // two applications on an external server: ./mvnw verify -Pslow
class BackupRestoreTest {

    private static final String ADMIN_TOKEN = "backup-restore-admin-token-0123456789abcdef";
    private static final String SECRETS_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    private static final String USER = "calibrate_backup_owner";
    /** The runbook's backup role: it bypasses row-level security, and restores objects as the owner's. */
    private static final String BACKUP_USER = "calibrate_backup_admin";
    private static final String PASSWORD = "backup-" + UUID.randomUUID();
    private static final Path RUNBOOK = Path.of("..", "docs", "operations.md");

    @TempDir
    Path work;

    @Test
    void aDumpOfARunningNodeRestoresToTheSameReadModelsAndReplaysToThemAgain() throws Exception {
        Postgres15.start();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String source = "calibrate_backup_" + suffix;
        String target = "calibrate_restored_" + suffix;
        Postgres15.superuser("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + USER + "') THEN"
                        + " CREATE ROLE " + USER + " LOGIN CREATEROLE CREATEDB; END IF; END $$",
                "ALTER ROLE " + USER + " PASSWORD '" + PASSWORD + "'",
                "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + BACKUP_USER + "') THEN"
                        + " CREATE ROLE " + BACKUP_USER + " LOGIN CREATEDB BYPASSRLS; END IF; END $$",
                "ALTER ROLE " + BACKUP_USER + " PASSWORD '" + PASSWORD + "'",
                "GRANT " + USER + " TO " + BACKUP_USER,
                "CREATE DATABASE " + source + " OWNER " + USER);
        Path dataDir = Files.createDirectories(work.resolve("data"));

        Map<String, List<Map<String, String>>> before;
        try (ConfigurableApplicationContext node = start(source, dataDir)) {
            Api api = api(node);
            write(api);
            EventProcessors.awaitCaughtUp(api, ReadModels.PROJECTIONS.toArray(String[]::new));
            before = readModels(source);
            assertThat(before.get("product_view")).hasSizeGreaterThanOrEqualTo(3);
            assertThat(before.get("price_change_view")).isNotEmpty();

            runbook(source, target, work.resolve("calibrate.dump"));
        }

        try (ConfigurableApplicationContext restored = start(target, dataDir)) {
            Api api = api(restored);
            EventProcessors.awaitCaughtUp(api, ReadModels.PROJECTIONS.toArray(String[]::new));
            assertThat(readModels(target)).as("the restored database's read models").isEqualTo(before);

            for (String projection : ReadModels.PROJECTIONS) {
                Api.Response replay = api.post("/admin/v1/projections/" + projection + "/replay", api.adminToken(), null);
                assertThat(replay.status()).as(replay.body()).isEqualTo(202);
                EventProcessors.awaitCaughtUp(api, projection);
            }
            Map<String, List<Map<String, String>>> rebuilt = readModels(target);
            before.forEach((table, rows) -> assertThat(rebuilt.get(table))
                    .as("%s rebuilt from the restored event store", table).isEqualTo(rows));
        } finally {
            Postgres15.superuser("DROP DATABASE IF EXISTS " + source + " WITH (FORCE)",
                    "DROP DATABASE IF EXISTS " + target + " WITH (FORCE)");
        }
    }

    /** Products with prices, a policy, competitor prices and an applied price change. */
    private static void write(Api api) {
        Api.TenantToken acme = api.newTenant("Backup Acme");
        Api.TenantToken approver = api.token(acme.tenantId(), "prices:approve");
        PriceChangeSteps steps = new PriceChangeSteps(api);
        steps.catalog(acme.token(), List.of(product("BK-1", "10.00", "4.00", "sale"),
                product("BK-2", "20.00", null, "sale"), product("BK-3", "30.00", null)));
        steps.catalog(acme.token(), List.of(product("BK-1", "11.00", "4.00", "sale")));
        Api.Response competitor = api.post("/api/v1/competitors", acme.token(),
                Map.of("name", "Bolt", "domain", "bolt.example"));
        assertThat(competitor.status()).as(competitor.body()).isEqualTo(201);
        Api.Response observed = api.post("/api/v1/competitors/" + competitor.json().get("id").asText()
                        + "/observations", acme.token(), Map.of("observations", List.of(Map.of("sku", "BK-2",
                        "price", "18.50", "currency", "USD", "observedAt", "2026-11-20T09:00:00Z"))),
                "X-Calibrate-Wait-For", Long.toString(competitor.position()));
        assertThat(observed.status()).as(observed.body()).isEqualTo(200);
        String change = steps.approved(acme.token(), approver.token(), "Backup sale", Map.of("selector",
                Map.of("all", List.of(Map.of("field", "tags", "op", "contains", "value", "sale"))),
                "transform", List.of(Map.of("op", "percent", "value", -10)), "currency", "USD"), Map.of());
        assertThat(steps.action(acme.token(), change, "apply", null).status()).isEqualTo(202);
        steps.awaitApplied(acme.token(), change);
    }

    /** The runbook's block, as written, with the variables it names. */
    private static void runbook(String source, String target, Path backup) throws IOException, InterruptedException {
        Matcher block = Pattern.compile("<!-- runbook: backup-restore -->\\s*```bash\\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(RUNBOOK));
        assertThat(block.find()).as("the runbook block in " + RUNBOOK).isTrue();
        ProcessBuilder bash = new ProcessBuilder("bash", "-euo", "pipefail", "-c", block.group(1))
                .redirectErrorStream(true);
        Map<String, String> env = bash.environment();
        env.put("PATH", Postgres15.BIN + ":" + env.get("PATH"));
        env.put("PGHOST", "localhost");
        env.put("PGPORT", Integer.toString(Postgres15.PORT));
        env.put("PGUSER", BACKUP_USER);
        env.put("OWNER", USER);
        env.put("PGPASSWORD", PASSWORD);
        env.put("PGDATABASE", "postgres");
        env.put("SOURCE_DATABASE", source);
        env.put("TARGET_DATABASE", target);
        env.put("BACKUP", backup.toString());
        Process run = bash.start();
        String output = new String(run.getInputStream().readAllBytes());
        assertThat(run.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(run.exitValue()).as(output).isZero();
        assertThat(backup).isNotEmptyFile();
    }

    private ConfigurableApplicationContext start(String database, Path dataDir) {
        return AppProcesses.startInProcess(dataDir, ADMIN_TOKEN,
                "--spring.datasource.url=" + Postgres15.url(database),
                "--spring.datasource.username=" + USER, "--spring.datasource.password=" + PASSWORD,
                "--calibrate.secrets.key=" + SECRETS_KEY);
    }

    private static Api api(ConfigurableApplicationContext node) {
        return new Api("http://localhost:" + ((WebServerApplicationContext) node).getWebServer().getPort(),
                ADMIN_TOKEN, node.getBean(ObjectMapper.class));
    }

    private static Map<String, List<Map<String, String>>> readModels(String database) throws SQLException {
        try (Connection connection = DriverManager.getConnection(Postgres15.url(database), USER, PASSWORD)) {
            return ReadModels.content(connection);
        }
    }
}
