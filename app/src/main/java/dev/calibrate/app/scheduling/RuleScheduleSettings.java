package dev.calibrate.app.scheduling;

import dev.calibrate.command.rule.schedule.PreviewRetryPolicy;
import dev.calibrate.command.rule.schedule.ScheduleLimits;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/**
 * What recurring schedules of saved rules a tenant may have ({@code calibrate.rules.schedules.*}).
 *
 * @param minInterval a schedule's cron may run at most once in this long (else a 400 naming {@code cron})
 * @param maxPerTenant scheduled rules one tenant may have (a 409 past it)
 * @param previewRetry how long after a scheduled draft's preview was refused for the tenant's preview limit it is
 *                     tried again
 * @param previewRetries how often it is tried again before it is left a DRAFT for a person (0: never)
 */
@ConfigurationProperties("calibrate.rules.schedules")
public record RuleScheduleSettings(@DefaultValue("1h") Duration minInterval,
                                   @DefaultValue("20") int maxPerTenant,
                                   @DefaultValue("1m") Duration previewRetry,
                                   @DefaultValue("10") int previewRetries) {

    /** Hands the settings to the command side, which reads no configuration itself. */
    @Configuration(proxyBeanMethods = false)
    static class Wiring {
        @Bean
        ScheduleLimits scheduleLimits(RuleScheduleSettings settings) {
            return new ScheduleLimits(settings.minInterval(), settings.maxPerTenant());
        }

        @Bean
        PreviewRetryPolicy previewRetryPolicy(RuleScheduleSettings settings) {
            return new PreviewRetryPolicy(settings.previewRetry(), settings.previewRetries());
        }
    }
}
