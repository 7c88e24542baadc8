package dev.calibrate.app.pricechange;

import dev.calibrate.app.web.RequestsInFlight;
import dev.calibrate.command.pricechange.run.RunAttempts;
import dev.calibrate.command.pricechange.run.RunChunks;
import dev.calibrate.kernel.work.Foreground;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/**
 * How price change runs are cut into chunks, give way to requests and are retried ({@code calibrate.price-changes.*}).
 *
 * @param maxRunAttempts  attempts of an apply or rollback run before the change ends FAILED (at least 1)
 * @param runRetryBackoff wait after a run's first failure; doubles per further failure, at most an hour
 * @param runChunkSize    items per chunk of an apply or rollback run: one command, decided set-wise, and one
 *                        transaction (1 to 5,000; a chunk that loses a race is written again item by item)
 * @param runLanes        chunks a run writes at once, each on its own connection (1 to 16)
 * @param runGiveWay      how long a run's chunk at most waits while the node's requests are busy (0 to 60 s;
 *                        0: never), so that an apply leaves the cores and the database to them while they come
 * @param runGiveWayRequests requests in flight on the node from which it is busy (at least 1)
 */
@ConfigurationProperties("calibrate.price-changes")
public record PriceChangeSettings(@DefaultValue("5") int maxRunAttempts,
                                  @DefaultValue("5s") Duration runRetryBackoff,
                                  @DefaultValue("2000") int runChunkSize,
                                  @DefaultValue("2") int runLanes,
                                  @DefaultValue("2s") Duration runGiveWay,
                                  @DefaultValue("4") int runGiveWayRequests) {

    public PriceChangeSettings {
        if (runGiveWayRequests < 1) {
            throw new IllegalArgumentException("calibrate.price-changes.run-give-way-requests must be at least 1, not "
                    + runGiveWayRequests);
        }
    }

    /** Hands the settings to the command side, which reads no configuration itself. */
    @Configuration(proxyBeanMethods = false)
    static class Wiring {
        @Bean
        RunAttempts runAttempts(PriceChangeSettings settings) {
            return new RunAttempts(settings.maxRunAttempts(), settings.runRetryBackoff());
        }

        @Bean
        RunChunks runChunks(PriceChangeSettings settings) {
            return new RunChunks(settings.runChunkSize(), settings.runLanes(), settings.runGiveWay());
        }

        /** The node is busy while at least {@code run-give-way-requests} requests are in flight on it. */
        @Bean
        Foreground foreground(RequestsInFlight requests, PriceChangeSettings settings) {
            int busyFrom = settings.runGiveWayRequests();
            return () -> requests.now() >= busyFrom;
        }
    }
}
