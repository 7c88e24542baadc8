package dev.calibrate.app.database;

import com.zaxxer.hikari.HikariDataSource;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.jdbc.DataSourceHealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.flyway.FlywayDataSource;
import org.springframework.boot.autoconfigure.flyway.FlywayProperties;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.Ordered;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Map;

/**
 * Two connection pools behind the one {@link DataSource} everything uses, when
 * {@code calibrate.database.request-pool-size} is above 0: a thread serving an HTTP request (flagged by
 * {@link ServingRequests}, a filter of the highest precedence, so the filters' reads too: the tokens' checks,
 * the rate limits' leases) takes its connections from the request pool; every other thread (event processors,
 * price change runs, scheduled tasks, webhook workers, event streams' readers, conflict retries, simulations)
 * from the background pool, configured by {@code spring.datasource.hikari.*} as the one pool is without this
 * setting. A request's transaction keeps the connection it began with (the transaction manager binds it to
 * the thread). A request still waits behind the background where it waits for background work itself (a
 * command retried after a conflict, the event feed's horizon shared with the streams) or for a lock a
 * background thread holds. Both pools are {@link HikariDataSource} beans, so each has its own
 * {@code hikaricp_*} metrics (pool names {@code background} and {@code requests}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("${calibrate.database.request-pool-size:0} > 0")
class RequestPoolConfiguration {

    static final String REQUESTS = "requests";
    static final String BACKGROUND = "background";

    /** Spring Boot's own pool, bound to {@code spring.datasource.hikari.*} as it binds it. */
    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource backgroundPool(DataSourceProperties properties) {
        HikariDataSource pool = properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
        pool.setPoolName(BACKGROUND);
        return pool;
    }

    /** The background pool's settings (URL, role, timeouts, driver properties), its own size. */
    @Bean
    HikariDataSource requestPool(@Qualifier("backgroundPool") HikariDataSource background, RequestPoolSettings settings) {
        // started on its first connection, as the background pool is: after the migrations made the worker role
        HikariDataSource pool = new HikariDataSource();
        background.copyStateTo(pool);
        pool.setPoolName(REQUESTS);
        pool.setMaximumPoolSize(settings.requestPoolSize());
        if (pool.getMinimumIdle() > settings.requestPoolSize()) { // unset (-1) is the maximum, as for the background
            pool.setMinimumIdle(settings.requestPoolSize());
        }
        return pool;
    }

    /**
     * The migrations' connection as Spring Boot makes it from the one pool (its URL, {@code spring.flyway.user}
     * and password): it cannot be derived from the routing data source. Not a candidate for injection by type,
     * so nothing else (health, metrics) takes it.
     */
    @Bean(defaultCandidate = false)
    @FlywayDataSource
    DataSource flywayDataSource(@Qualifier("backgroundPool") HikariDataSource background, FlywayProperties flyway) {
        return DataSourceBuilder.derivedFrom(background).type(SimpleDriverDataSource.class)
                .username(flyway.getUser()).password(flyway.getPassword()).build();
    }

    @Bean
    @Primary
    DataSource dataSource(@Qualifier("backgroundPool") HikariDataSource background,
                          @Qualifier("requestPool") HikariDataSource requests) {
        ByThread routing = new ByThread();
        routing.setTargetDataSources(Map.of(BACKGROUND, background, REQUESTS, requests));
        routing.setDefaultTargetDataSource(background);
        routing.setLenientFallback(false);
        routing.afterPropertiesSet();
        return routing;
    }

    /**
     * The {@code db} health check (part of readiness) asks the request pool alone: a node whose requests reach the
     * database is ready, whatever its background's work holds (Spring Boot's own check would also take a
     * connection from the background pool, and wait up to its timeout while an apply keeps it full).
     */
    @Bean
    DataSourceHealthIndicator dbHealthContributor(@Qualifier("requestPool") HikariDataSource requests) {
        return new DataSourceHealthIndicator(requests);
    }

    /** Marks the threads serving a request, from the first filter on. */
    @Bean
    FilterRegistrationBean<ServingRequests> servingRequests() {
        FilterRegistrationBean<ServingRequests> registration = new FilterRegistrationBean<>(new ServingRequests());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setDispatcherTypes(EnumSet.allOf(DispatcherType.class));
        return registration;
    }

    /** The request pool for a thread serving a request, the background pool for any other. */
    static final class ByThread extends AbstractRoutingDataSource {

        @Override
        protected Object determineCurrentLookupKey() {
            return ServingRequests.now() ? REQUESTS : BACKGROUND;
        }
    }

    /**
     * Flags the thread while it serves a request, every dispatch of it (an error page's too), before any other
     * filter: the actuator's operator-token check runs before Spring's request attributes exist.
     */
    static final class ServingRequests implements Filter {

        private static final ThreadLocal<Boolean> SERVING = new ThreadLocal<>();

        static boolean now() {
            return SERVING.get() != null;
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            Boolean outer = SERVING.get(); // an error dispatch inside a request's own dispatch keeps the flag after it
            SERVING.set(Boolean.TRUE);
            try {
                chain.doFilter(request, response);
            } finally {
                if (outer == null) SERVING.remove();
            }
        }
    }
}
