package dev.calibrate.app.database;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.calibrate.app.CalibrateApplication;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.SharedPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * With {@code calibrate.database.request-pool-size} set, requests and the background's work take their
 * connections from pools of their own: a request is served while the background holds every connection of its
 * pool, and the background goes on while requests hold every one of theirs. One application of its own (the
 * pools' sizes and a short connection timeout are its settings), in a database of its own.
 */
@Tag("slow") // starts an application of its own: ./mvnw verify -Pslow
class RequestPoolTest {

    static final int BACKGROUND = 8;
    static final int REQUESTS = 2;
    /**
     * How long a thread waits for a connection of a full pool before it fails: long enough that a request served
     * from its own pool answers within it on a loaded machine, while one that waited for the background's would not.
     */
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);

    static ConfigurableApplicationContext app;
    static Api api;

    @BeforeAll
    static void start() {
        app = new SpringApplicationBuilder(CalibrateApplication.class).initializers(new SharedPostgres()).run(
                "--server.port=0",
                "--calibrate.admin-token=" + IntegrationTest.ADMIN_TOKEN,
                "--calibrate.secrets.key=" + IntegrationTest.SECRETS_KEY,
                "--calibrate.shutdown.readiness-grace=0s",
                "--calibrate.database.request-pool-size=" + REQUESTS,
                "--spring.datasource.hikari.maximum-pool-size=" + BACKGROUND,
                "--spring.datasource.hikari.connection-timeout=" + CONNECTION_TIMEOUT.toMillis());
        api = new Api("http://localhost:" + app.getEnvironment().getProperty("local.server.port"),
                IntegrationTest.ADMIN_TOKEN, new ObjectMapper());
    }

    @AfterAll
    static void stop() {
        if (app != null) app.close();
    }

    @Test
    void aRequestIsServedWhileTheBackgroundHoldsEveryConnectionOfItsPool() throws Exception {
        Api.TenantToken tenant = api.newTenant("Request pool");
        String operatorToken = api.operatorToken();
        DataSource dataSource = app.getBean(DataSource.class);
        long requestAcquiresBefore = acquires(RequestPoolConfiguration.REQUESTS);

        List<Connection> held = hold(dataSource, BACKGROUND); // this thread serves no request: the background pool
        try {
            assertThatThrownBy(dataSource::getConnection).as("the background pool is full")
                    .isInstanceOf(SQLException.class);

            long asked = System.nanoTime();
            Api.Response products = api.get("/api/v1/products?limit=1", tenant.token());
            Duration took = Duration.ofNanos(System.nanoTime() - asked);

            assertThat(products.status()).as(products.body()).isEqualTo(200);
            assertThat(took).as("no wait for the background's connections").isLessThan(CONNECTION_TIMEOUT);
            // the actuator's operator-token check, a filter before Spring's own request attributes exist
            Api.Response metrics = api.get("/actuator/prometheus", operatorToken);
            assertThat(metrics.status()).as(metrics.body()).isEqualTo(200);
            assertThat(acquires(RequestPoolConfiguration.REQUESTS))
                    .as("the request took its connections from the request pool").isGreaterThan(requestAcquiresBefore);
        } finally {
            release(held);
        }
    }

    @Test
    void theBackgroundGoesOnWhileRequestsHoldEveryConnectionOfTheirs() throws Exception {
        DataSource dataSource = app.getBean(DataSource.class);
        HikariDataSource requests = app.getBean("requestPool", HikariDataSource.class);

        List<Connection> held = hold(requests, REQUESTS);
        try {
            assertThatThrownBy(requests::getConnection).as("the request pool is full").isInstanceOf(SQLException.class);
            try (Connection background = dataSource.getConnection()) {
                assertThat(background.isValid(2)).as("a connection for the background's work").isTrue();
            }
        } finally {
            release(held);
        }
    }

    @Test
    void readinessAsksTheRequestPoolAloneSoAFullBackgroundLeavesTheNodeReady() throws Exception {
        List<Connection> held = hold(app.getBean(DataSource.class), BACKGROUND);
        try {
            long asked = System.nanoTime();
            Api.Response readiness = api.get("/actuator/health/readiness", null);
            assertThat(readiness.status()).as(readiness.body()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(CONNECTION_TIMEOUT);
        } finally {
            release(held);
        }
    }

    @Test
    void bothPoolsAreMeasuredByName() {
        MeterRegistry registry = app.getBean(MeterRegistry.class);
        assertThat(registry.get("hikaricp.connections.max").tag("pool", RequestPoolConfiguration.BACKGROUND).gauge().value())
                .isEqualTo(BACKGROUND);
        assertThat(registry.get("hikaricp.connections.max").tag("pool", RequestPoolConfiguration.REQUESTS).gauge().value())
                .isEqualTo(REQUESTS);
    }

    @Test
    void aNegativeOrHugeSizeIsRefused() {
        for (int size : new int[]{-1, RequestPoolSettings.MAX_REQUEST_POOL_SIZE + 1}) {
            assertThatThrownBy(() -> new RequestPoolSettings(size)).as("%d", size)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("calibrate.database.request-pool-size");
        }
        for (int size : new int[]{0, 1, RequestPoolSettings.MAX_REQUEST_POOL_SIZE}) {
            assertThat(new RequestPoolSettings(size).requestPoolSize()).isEqualTo(size);
        }
    }

    private static long acquires(String pool) {
        return app.getBean(MeterRegistry.class).get("hikaricp.connections.acquire").tag("pool", pool).timer().count();
    }

    private static List<Connection> hold(DataSource pool, int connections) throws SQLException {
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) held.add(pool.getConnection());
        } catch (SQLException | RuntimeException e) {
            release(held);
            throw e;
        }
        return held;
    }

    private static void release(List<Connection> held) throws SQLException {
        for (Connection connection : held) connection.close();
    }
}
