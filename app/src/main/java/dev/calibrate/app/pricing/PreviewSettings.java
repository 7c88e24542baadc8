package dev.calibrate.app.pricing;

import dev.calibrate.command.catalog.CatalogLimits;
import dev.calibrate.command.pricechange.PreviewLimits;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * What one price change preview may cost ({@code calibrate.pricing.preview.*}).
 *
 * @param budget                 a preview still loading or evaluating after this long is stopped:
 *                               422, nothing stored
 * @param maxConcurrentPerTenant previews one tenant may run at once on one node; more answer 429
 *                               with {@code Retry-After}
 * @param catalog                the catalogs previews evaluate, held in each node's memory
 */
@ConfigurationProperties("calibrate.pricing.preview")
public record PreviewSettings(@DefaultValue("30s") Duration budget,
                              @DefaultValue("2") int maxConcurrentPerTenant,
                              @DefaultValue Catalog catalog) {

    /**
     * @param memoryBudget the estimated heap all tenants' catalogs may take together on one node; past
     *                     it the least recently previewed tenants are evicted (rebuilt on their next preview)
     * @param idleAfter    a tenant not previewed for this long is evicted
     * @param pageSize     products read per query while a tenant's catalog is rebuilt
     * @param warmOnStart  when the node is up, rebuild the catalogs of the tenants previewed within
     *                     {@code idleAfter}, the latest first, while they fit the budget
     */
    public record Catalog(@DefaultValue("256MB") DataSize memoryBudget,
                          @DefaultValue("30m") Duration idleAfter,
                          @DefaultValue("5000") int pageSize,
                          @DefaultValue("true") boolean warmOnStart) {
    }

    @Configuration(proxyBeanMethods = false)
    static class Wiring {

        @Bean
        PreviewLimits previewLimits(PreviewSettings settings) {
            return new PreviewLimits(settings.budget(), settings.maxConcurrentPerTenant());
        }

        @Bean
        CatalogLimits catalogLimits(PreviewSettings settings,
                                    @Value("${calibrate.consistency.max-wait:5s}") Duration maxWait) {
            return new CatalogLimits(settings.catalog().memoryBudget().toBytes(), settings.catalog().idleAfter(),
                    maxWait, settings.catalog().pageSize());
        }
    }
}
