package dev.calibrate.app.pricechange;

import dev.calibrate.command.pricechange.run.RunAttempts;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/**
 * How price change runs are retried ({@code calibrate.price-changes.*}).
 *
 * @param maxRunAttempts  attempts of an apply or rollback run before the change ends FAILED (at least 1)
 * @param runRetryBackoff wait after a run's first failure; doubles per further failure, at most an hour
 */
@ConfigurationProperties("calibrate.price-changes")
public record PriceChangeSettings(@DefaultValue("5") int maxRunAttempts,
                                  @DefaultValue("5s") Duration runRetryBackoff) {

    /** Hands the settings to the command side, which reads no configuration itself. */
    @Configuration(proxyBeanMethods = false)
    static class Wiring {
        @Bean
        RunAttempts runAttempts(PriceChangeSettings settings) {
            return new RunAttempts(settings.maxRunAttempts(), settings.runRetryBackoff());
        }
    }
}
