package dev.calibrate.app.copilot.database;

import dev.calibrate.app.copilot.CopilotSettings;
import dev.calibrate.app.copilot.guard.Refused;
import dev.calibrate.app.copilot.guard.SqlGuard;
import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.kernel.tenant.TenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Planning is not interrupted by {@code statement_timeout}: the 4th review's 26 nested CTEs planned for
 * minutes, reached 20 GB and crashed the cluster. Here, as the copilot role on the real database, the
 * review's chains are refused by the guard, and what the guard lets through is planned level by level
 * (CTEs {@code MATERIALIZED}, subqueries {@code OFFSET 0}) and ends well within the timeout. The unfixed
 * 26-level statement is never run: it would take the shared database down.
 */
class CopilotPlanningTest extends IntegrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Autowired
    CopilotConnections connections;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CopilotSettings settings;

    private final SqlGuard guard = new SqlGuard(1000);
    private CopilotExecutor executor;
    private static TenantId tenant;

    @BeforeEach
    void tenant() {
        executor = new CopilotExecutor(connections, jdbc, settings.withStatementTimeout(TIMEOUT));
        if (tenant == null) {
            Api.TenantToken owner = api.token(api.createTenant("Planning", "USD"), "catalog:read", "catalog:write");
            List<Map<String, Object>> items = IntStream.range(0, 3)
                    .mapToObj(i -> PriceChangeSteps.product("PL-" + i, "10.00", null, "t")).toList();
            new PriceChangeSteps(api).catalog(owner.token(), items);
            tenant = new TenantId(UUID.fromString(owner.tenantId()));
        }
    }

    @Test
    void theReviewsChainsAreRefusedBeforeTheyReachTheDatabase() {
        assertThatThrownBy(() -> guard.check(cteChain(26, "x || x"))).isInstanceOf(Refused.class);
        assertThatThrownBy(() -> guard.check(subqueryChain(19))).isInstanceOf(Refused.class);
    }

    @Test
    void whatTheGuardLetsThroughIsPlannedLevelByLevelAndEndsFast() {
        for (String sql : List.of(cteChain(10, "x + x"), subqueryChain(10))) {
            String printed = guard.check(sql).sql();
            long started = System.nanoTime();

            ResultTable table = executor.execute(tenant, printed);

            assertThat(table.rows()).isNotEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT);
        }
    }

    @Test
    void eachFencedLevelStaysASeparatePlanNode() throws Exception {
        String printed = guard.check(cteChain(10, "x + x")).sql();

        // the executor runs SELECTs only, and the main role may not read the views: the copilot's own
        // connection plans it (EXPLAIN runs nothing)
        StringBuilder plan = new StringBuilder();
        try (Connection connection = connections.connection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("EXPLAIN " + printed)) {
            while (rows.next()) {
                plan.append(rows.getString(1)).append('\n');
            }
        }

        // one CTE scan per level: PostgreSQL did not merge them into one expression 2^10 terms long
        assertThat(plan.toString()).contains("CTE c0", "CTE c5", "CTE c9", "CTE Scan on c10");
    }

    @Test
    void theFencesKeepEvenTwentyLevelsFastWhichUnfencedPlannedForSeconds() {
        // past the guard's cap (it refuses this), fenced as the guard prints: 20 unfenced levels of t || t
        // planned for 13 s in the review; fenced they end in milliseconds
        String fenced = cteChain(20, "x + x").replace(" AS (SELECT", " AS MATERIALIZED (SELECT");
        long started = System.nanoTime();

        executor.execute(tenant, fenced.replace("FROM current_prices", "FROM copilot.current_prices"));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT);
    }

    private static String cteChain(int levels, String doubled) {
        StringBuilder sql = new StringBuilder("WITH c0 AS (SELECT amount AS x FROM current_prices)");
        for (int i = 1; i <= levels; i++) {
            sql.append(", c").append(i).append(" AS (SELECT ").append(doubled).append(" AS x FROM c").append(i - 1)
                    .append(')');
        }
        return sql.append(" SELECT count(x) FROM c").append(levels).toString();
    }

    private static String subqueryChain(int levels) {
        String sql = "SELECT amount AS x FROM current_prices";
        for (int i = 0; i < levels; i++) {
            sql = "SELECT x + x AS x FROM (" + sql + ") s" + i;
        }
        return sql;
    }
}
