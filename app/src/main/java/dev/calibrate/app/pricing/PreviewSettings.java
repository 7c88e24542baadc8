package dev.calibrate.app.pricing;

import dev.calibrate.command.pricechange.PreviewLimits;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/**
 * What one price change preview may cost ({@code calibrate.pricing.preview.*}).
 *
 * @param budget                 a preview still loading or evaluating after this long is stopped:
 *                               422, nothing stored
 * @param maxConcurrentPerTenant previews one tenant may run at once on one node; more answer 429
 *                               with {@code Retry-After}
 */
@ConfigurationProperties("calibrate.pricing.preview")
public record PreviewSettings(@DefaultValue("30s") Duration budget,
                              @DefaultValue("2") int maxConcurrentPerTenant) {

    @Configuration(proxyBeanMethods = false)
    static class Wiring {

        @Bean
        PreviewLimits previewLimits(PreviewSettings settings) {
            return new PreviewLimits(settings.budget(), settings.maxConcurrentPerTenant());
        }
    }
}
