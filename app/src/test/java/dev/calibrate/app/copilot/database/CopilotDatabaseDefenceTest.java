package dev.calibrate.app.copilot.database;

import dev.calibrate.app.copilot.CopilotSettings;
import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.kernel.tenant.TenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Defence in depth: hostile statements run straight on the copilot's connections, past the guard, as if
 * the guard had a hole. Each one fails or reads only the caller's rows; afterwards nothing was written, no
 * file was read, no tenant's binding is left behind, and nothing ran past the timeout.
 */
class CopilotDatabaseDefenceTest extends IntegrationTest {

    private static final Duration SHORT = Duration.ofMillis(700);

    @Autowired
    CopilotConnections connections;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CopilotSettings settings;

    private CopilotExecutor executor;
    // seeded once for the class: the statements below must not change them
    private static TenantId mine;
    private static TenantId theirs;

    @BeforeEach
    void tenants() {
        // the setting shortened, so that a statement that would run for minutes is seen to stop
        executor = new CopilotExecutor(connections, jdbc, settings.withStatementTimeout(SHORT));
        if (mine == null) {
            mine = seed("Mine", 3);
            theirs = seed("Theirs", 5);
        }
    }

    static Stream<String> hostile() {
        return Stream.of(
                "SELECT pg_read_file('/etc/passwd')",
                "SELECT pg_read_binary_file('/etc/passwd')",
                "SELECT pg_ls_dir('.')",
                "SELECT lo_import('/etc/passwd')",
                "SELECT lo_from_bytea(0, 'x'::bytea)",
                "SELECT lo_creat(-1)",
                "SELECT setval('domainevententry_globalindex_seq', 1)",
                "SELECT nextval('domainevententry_globalindex_seq')",
                "SELECT * INTO stolen FROM copilot.products",
                "SELECT * FROM copilot.products FOR UPDATE",
                "SELECT * FROM copilot.products FOR SHARE",
                "SELECT dblink_exec('host=localhost', 'DELETE FROM product_view')",
                "SELECT 1; DELETE FROM product_view",
                "DELETE FROM product_view",
                "UPDATE product_view SET title = 'owned'",
                "INSERT INTO copilot.binding VALUES (pg_backend_pid(), gen_random_uuid())",
                "CREATE TABLE stolen (a int)",
                "CREATE TEMP TABLE stolen AS SELECT * FROM copilot.products",
                "COPY (SELECT 1) TO '/tmp/copilot-stolen'",
                "SELECT * FROM public.user_account",
                "SELECT * FROM public.api_credential",
                "SELECT * FROM public.domainevententry",
                "SELECT * FROM public.product_view",
                "SELECT * FROM copilot.binding",
                "SELECT rolpassword FROM pg_authid",
                "SET ROLE calibrate_worker",
                "SELECT query_to_xml('select * from public.user_account', true, true, '')",
                "SELECT pg_sleep(10)",
                "SELECT count(*) FROM copilot.products a, copilot.products b, copilot.products c, copilot.products d,"
                        + " copilot.products e, copilot.products f, copilot.products g, copilot.products h,"
                        + " generate_series(1, 1000000) s");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("hostile")
    void failsWithoutWritingReadingFilesOrOverrunning(String sql) {
        long started = System.nanoTime();

        assertThatThrownBy(() -> executor.execute(mine, sql)).isInstanceOf(StatementFailed.class);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(SHORT.plusSeconds(3));
        assertNothingChanged();
    }

    static Stream<String> tenantSwitches() {
        return Stream.of(
                "SELECT set_config('app.tenant_id', '%s', false), (SELECT count(*) FROM copilot.products)",
                "SELECT set_config('app.tenant_id', '%s', true), (SELECT count(*) FROM copilot.products)",
                "SELECT (SELECT count(*) FROM copilot.products) FROM (SELECT set_config('app.tenant_id', '%s', false)) s",
                "SELECT count(*) FROM copilot.products WHERE '%s' IS NOT NULL OR true",
                "SELECT count(*) FROM copilot.products, (SELECT pg_advisory_lock(42)) l WHERE '%s' <> ''");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("tenantSwitches")
    void nothingInsideAStatementChangesItsTenant(String template) {
        ResultTable table = executor.execute(mine, String.format(template, theirs.value()));

        assertThat(table.rows().get(0).get(table.columns().size() - 1).toString()).isEqualTo("3");
        assertThat(count(mine)).isEqualTo(3);
        assertNothingChanged();
    }

    @Test
    void noCopilotBackendReportsTheStatementItRuns() {
        executor.execute(mine, "SELECT count(*) FROM copilot.products WHERE sku = 'MARKER-NEVER-REPORTED'");

        // every copilot backend logs in as one role, which may read its own sessions' activity
        assertThat(executor.execute(mine, "SELECT current_setting('track_activities')").rows().get(0))
                .containsExactly("off");
        assertThat(jdbc.queryForList("SELECT coalesce(query, '') FROM pg_stat_activity"
                + " WHERE usename = 'calibrate_copilot'", String.class))
                .noneMatch(query -> query.contains("MARKER-NEVER-REPORTED"));
    }

    @Test
    void runsAsItsOwnLoginRoleNotARoleOfTheMainPool() {
        ResultTable who = executor.execute(mine, "SELECT current_user, session_user");

        assertThat(who.rows().get(0)).containsExactly("calibrate_copilot", "calibrate_copilot");
    }

    @Test
    void aConnectionNobodyBoundSeesNoTenantAndABindingNeverOutlivesItsStatement() throws Exception {
        assertThat(count(mine)).isEqualTo(3);
        assertThat(count(theirs)).isEqualTo(5);
        assertThat(count(mine)).isEqualTo(3);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM copilot.binding", Long.class)).isZero();

        try (Connection raw = connections.connection(); Statement statement = raw.createStatement()) {
            assertThat(single(statement, "SELECT count(*) FROM copilot.products")).isEqualTo("0");
            String pid = single(statement, "SELECT pg_backend_pid()");
            jdbc.update("INSERT INTO copilot.binding (backend_pid, tenant_id) VALUES (?, ?)", Integer.parseInt(pid),
                    theirs.value());
            assertThat(single(statement, "SELECT count(*) FROM copilot.products")).isEqualTo("5");
            jdbc.update("DELETE FROM copilot.binding WHERE backend_pid = ?", Integer.parseInt(pid));
            assertThat(single(statement, "SELECT count(*) FROM copilot.products")).isEqualTo("0");
        }
    }

    @Test
    void aBackendThatIsAlreadyBoundFailsTheQuestionInsteadOfBeingReboundToTheCaller() {
        assertThat(count(mine)).isEqualTo(3); // a copilot connection is open, idle in the pool
        List<Integer> backends = jdbc.queryForList("SELECT pid FROM pg_stat_activity"
                + " WHERE usename = 'calibrate_copilot' AND datname = current_database()", Integer.class);
        assertThat(backends).isNotEmpty();
        // as if a node had died mid-question: every copilot backend still bound to the other tenant
        backends.forEach(pid -> jdbc.update("INSERT INTO copilot.binding (backend_pid, tenant_id) VALUES (?, ?)",
                pid, theirs.value()));
        try {
            assertThatThrownBy(() -> executor.execute(mine, "SELECT count(*) FROM copilot.products"))
                    .isInstanceOfSatisfying(StatementFailed.class, failed -> assertThat(failed.rule()).isEqualTo("database"));

            assertThat(jdbc.queryForList("SELECT tenant_id FROM copilot.binding", UUID.class))
                    .hasSize(backends.size()).containsOnly(theirs.value());
        } finally {
            jdbc.update("DELETE FROM copilot.binding WHERE tenant_id = ?", theirs.value());
        }
        assertNothingChanged();
    }

    @Test
    void aStatementThatStreamsSlowlyStillEndsAtTheTimeout() {
        // 1,001 rows of 2 ms each: every batch of a cursor would end before the timeout, the whole never
        long started = System.nanoTime();

        assertThatThrownBy(() -> executor.execute(mine, "SELECT pg_sleep(0.002), s FROM generate_series(1, 1001) s"))
                .isInstanceOfSatisfying(StatementFailed.class, failed -> assertThat(failed.rule()).isEqualTo("timeout"));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(SHORT.plusMillis(1000));
        assertNothingChanged();
    }

    @Test
    void readsAtMostOneRowMoreThanItShows() {
        TenantId many = seed("Many", 1005);

        ResultTable table = executor.execute(many, "SELECT sku FROM copilot.products");

        assertThat(table.rows()).hasSize(settings.maxRows());
        assertThat(table.truncated()).isTrue();
    }

    private void assertNothingChanged() {
        assertThat(count(mine)).isEqualTo(3);
        assertThat(count(theirs)).isEqualTo(5);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM copilot.binding", Long.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_largeobject_metadata", Long.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_class WHERE relname = 'stolen'", Long.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM product_view WHERE title = 'owned'", Long.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'", Long.class)).isZero();
    }

    private long count(TenantId tenant) {
        return Long.parseLong(executor.execute(tenant, "SELECT count(*) FROM copilot.products").rows().get(0).get(0)
                .toString());
    }

    private TenantId seed(String name, int products) {
        Api.TenantToken owner = api.token(api.createTenant(name, "USD"), "catalog:read", "catalog:write");
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < products; i++) {
            items.add(PriceChangeSteps.product(name + "-" + i, "10.00", null, "t"));
        }
        new PriceChangeSteps(api).catalog(owner.token(), items);
        return new TenantId(UUID.fromString(owner.tenantId()));
    }

    private static String single(Statement statement, String sql) throws Exception {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    @Test
    void everyCopilotViewIsASecurityBarrierSoTheTenantFilterRunsBeforeAQuestionsOwnPredicates() {
        List<String> views = jdbc.queryForList("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = 'copilot' AND c.relkind = 'v' ORDER BY c.relname", String.class);
        List<String> barriers = jdbc.queryForList("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = 'copilot' AND c.relkind = 'v'"
                + " AND c.reloptions @> ARRAY['security_barrier=true'] ORDER BY c.relname", String.class);
        assertThat(views).hasSizeGreaterThanOrEqualTo(10);
        assertThat(barriers).isEqualTo(views);
    }

    @Test
    void theGuardsListOfViewColumnsIsTheDatabasesOwn() {
        Map<String, java.util.Set<String>> columns = new java.util.HashMap<>();
        jdbc.query("SELECT c.relname, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = 'copilot' AND c.relkind = 'v' AND a.attnum > 0 AND NOT a.attisdropped", rs -> {
                    columns.computeIfAbsent(rs.getString(1), v -> new java.util.HashSet<>()).add(rs.getString(2));
                });

        assertThat(columns).isEqualTo(dev.calibrate.app.copilot.guard.Allowed.COLUMNS);
    }
}
