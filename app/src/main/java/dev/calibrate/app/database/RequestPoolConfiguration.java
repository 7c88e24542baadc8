package dev.calibrate.app.database;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.flyway.FlywayDataSource;
import org.springframework.boot.autoconfigure.flyway.FlywayProperties;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;
import org.springframework.web.context.request.RequestContextHolder;

import javax.sql.DataSource;
import java.util.Map;

/**
 * Two connection pools behind the one {@link DataSource} everything uses, when
 * {@code calibrate.database.request-pool-size} is above 0: a thread serving an HTTP request (one with Spring's
 * request attributes, set by the request context filter before any other filter, so the bearer token's check
 * too) takes its connections from the request pool; every other thread (event processors, price change runs,
 * scheduled tasks, webhook workers) from the background pool, configured by {@code spring.datasource.hikari.*}
 * as the one pool is without this setting. A request's transaction keeps the connection it began with (the
 * transaction manager binds it to the thread), and work a request hands to another thread runs on the
 * background pool. Both pools are {@link HikariDataSource} beans, so each has its own {@code hikaricp_*} metrics
 * (pool names {@code background} and {@code requests}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RequestPoolSettings.class)
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

    /** The request pool for a thread serving a request, the background pool for any other. */
    static final class ByThread extends AbstractRoutingDataSource {

        @Override
        protected Object determineCurrentLookupKey() {
            return RequestContextHolder.getRequestAttributes() != null ? REQUESTS : BACKGROUND;
        }
    }
}
