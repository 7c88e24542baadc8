package dev.calibrate.app.database;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A pool of database connections of its own for the HTTP requests ({@code calibrate.database.*},
 * docs/operations.md, "Connection pools").
 *
 * @param requestPoolSize connections only request threads take; the background's work (event processors, price
 *                        change runs, scheduled tasks) keeps {@code spring.datasource.hikari.maximum-pool-size}
 *                        for itself, so a request does not wait for a connection behind it, nor the background
 *                        behind requests (the exceptions: docs/operations.md#connection-pools). 0: one pool for
 *                        both (what a node did before this setting)
 */
@ConfigurationProperties("calibrate.database")
public record RequestPoolSettings(@DefaultValue("0") int requestPoolSize) {

    static final int MAX_REQUEST_POOL_SIZE = 200;

    public RequestPoolSettings {
        if (requestPoolSize < 0 || requestPoolSize > MAX_REQUEST_POOL_SIZE) {
            throw new IllegalArgumentException("calibrate.database.request-pool-size must be 0 to "
                    + MAX_REQUEST_POOL_SIZE + ", not " + requestPoolSize);
        }
    }
}
