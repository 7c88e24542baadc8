package dev.calibrate.app.copilot.database;

import dev.calibrate.app.copilot.CopilotSettings;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.tenant.TenantId;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.jdbc.PreferQueryMode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Connection;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The copilot's pool: whatever the configured URL says, its connections describe statements without running
 * them (the extended query mode), and a pool held by one tenant refuses others quickly with a retryable 429
 * instead of making them wait.
 */
class CopilotConnectionsTest extends IntegrationTest {

    @Autowired
    CopilotSettings settings;
    @Autowired
    CopilotCredentials credentials;
    @Autowired
    Environment environment;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theUrlAlwaysAsksForTheExtendedQueryMode() {
        assertThat(CopilotConnections.extendedQueryMode("jdbc:postgresql://db/app"))
                .isEqualTo("jdbc:postgresql://db/app?preferQueryMode=extended");
        assertThat(CopilotConnections.extendedQueryMode("jdbc:postgresql://db/app?preferQueryMode=simple"))
                .isEqualTo("jdbc:postgresql://db/app?preferQueryMode=extended");
        assertThat(CopilotConnections.extendedQueryMode(
                "jdbc:postgresql://db/app?ssl=true&PREFERQUERYMODE=simple&user=x&preferQueryMode=simple"))
                .isEqualTo("jdbc:postgresql://db/app?ssl=true&user=x&preferQueryMode=extended");
    }

    @Test
    void aBackendThatDoesNotAnswerLosesItsConnectionSoonAfterTheStatementTimeout() throws Exception {
        // planning is not interrupted by statement_timeout; the driver's socket timeout frees the thread
        assertThat(CopilotConnections.socketTimeoutSeconds(settings))
                .isEqualTo((int) settings.statementTimeout().plus(settings.db().socketTimeoutMargin()).toSeconds());
        CopilotConnections pool = pool(environment.getRequiredProperty("spring.datasource.url"), 1);
        try (Connection connection = pool.connection()) {
            assertThat(connection.getNetworkTimeout()).isEqualTo(CopilotConnections.socketTimeoutSeconds(settings) * 1000);
        } finally {
            pool.destroy();
        }
    }

    @Test
    void refusesToStartWithAUrlThatIsNotExtended() {
        assertThatThrownBy(() -> CopilotConnections.requireExtended("jdbc:postgresql://db/app?preferQueryMode=simple"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("preferQueryMode=extended");
        CopilotConnections.requireExtended("jdbc:postgresql://db/app?preferQueryMode=extended");
    }

    @Test
    void aSimpleQueryModeUrlStillGivesExtendedConnectionsThatRunNothingWhenDescribing() throws Exception {
        CopilotConnections pool = pool(environment.getRequiredProperty("spring.datasource.url")
                + (environment.getRequiredProperty("spring.datasource.url").contains("?") ? "&" : "?")
                + "preferQueryMode=simple", 1);
        try (Connection connection = pool.connection()) {
            assertThat(connection.unwrap(PGConnection.class).getPreferQueryMode()).isEqualTo(PreferQueryMode.EXTENDED);
            // described, not run: a sleep of 10 s returns its columns at once
            long started = System.nanoTime();
            try (var statement = connection.prepareStatement("SELECT pg_sleep(10)")) {
                assertThat(statement.getMetaData().getColumnCount()).isEqualTo(1);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        } finally {
            pool.destroy();
        }
    }

    @Test
    void aPoolHeldByOneTenantRefusesAnotherWithARetryable429Quickly() throws Exception {
        CopilotConnections pool = pool("", 1);
        CopilotExecutor executor = new CopilotExecutor(pool, jdbc, settings);
        try (Connection held = pool.connection()) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> executor.execute(TenantId.random(), "SELECT 1"))
                    .isInstanceOfSatisfying(PoolBusy.class, busy -> {
                        assertThat(busy.kind()).isEqualTo(Rejection.Kind.TOO_MANY_REQUESTS);
                        assertThat(busy.retryAfter()).contains(Duration.ofSeconds(1));
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        } finally {
            pool.destroy();
        }
    }

    @Test
    void aBindingTheMainPoolCannotWriteFailsTheQuestionAndTheConnectionServesNoOther() throws Exception {
        CopilotConnections pool = pool("", 1);
        JdbcTemplate unavailable = new JdbcTemplate(jdbc.getDataSource()) {
            @Override
            public int update(String sql, Object... args) {
                if (sql.startsWith("INSERT")) {
                    throw new CannotGetJdbcConnectionException("the main pool timed out");
                }
                return super.update(sql, args);
            }
        };
        CopilotExecutor executor = new CopilotExecutor(pool, unavailable, settings);
        try {
            int before;
            try (Connection connection = pool.connection()) {
                before = connection.unwrap(PGConnection.class).getBackendPID();
            }

            assertThatThrownBy(() -> executor.execute(TenantId.random(), "SELECT 1"))
                    .isInstanceOfSatisfying(StatementFailed.class,
                            failed -> assertThat(failed.rule()).isEqualTo("database"));

            try (Connection connection = pool.connection()) {
                assertThat(connection.unwrap(PGConnection.class).getBackendPID()).isNotEqualTo(before);
            }
        } finally {
            pool.destroy();
        }
    }

    private CopilotConnections pool(String url, int size) {
        CopilotSettings.Db db = settings.db();
        CopilotSettings.Db small = new CopilotSettings.Db(url, db.username(), db.password(), db.manageRolePassword(),
                size, Duration.ofMillis(500), db.socketTimeoutMargin());
        return new CopilotConnections(new CopilotSettings(settings.statementTimeout(), settings.maxRows(),
                settings.maxValueBytes(), settings.maxAnswerBytes(), settings.questionsPerMinute(),
                settings.maxInFlightPerTenant(), small, settings.llm()), credentials, environment);
    }
}
