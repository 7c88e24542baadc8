package dev.calibrate.app.pricing;

import dev.calibrate.command.simulation.SimulationLimits;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/**
 * What simulations of saved rules may cost ({@code calibrate.pricing.simulation.*}); each day is also
 * bounded by the preview budget.
 *
 * @param maxDays     the most days one simulation may cover; a longer range is a 400 naming {@code to}
 * @param budget      a simulation still running after this long is STOPPED, keeping the days it finished
 * @param keptPerRule simulations kept per rule; starting one deletes the oldest beyond
 * @param keptFor     simulations older than this are deleted when the tenant starts another
 * @param workers     simulations one node runs at once (a tenant runs one at a time across the cluster)
 */
@ConfigurationProperties("calibrate.pricing.simulation")
public record SimulationSettings(@DefaultValue("90") int maxDays,
                                 @DefaultValue("10m") Duration budget,
                                 @DefaultValue("5") int keptPerRule,
                                 @DefaultValue("7d") Duration keptFor,
                                 @DefaultValue("1") int workers) {

    @Configuration(proxyBeanMethods = false)
    static class Wiring {

        @Bean
        SimulationLimits simulationLimits(SimulationSettings settings) {
            return new SimulationLimits(settings.maxDays(), settings.budget(), settings.keptPerRule(),
                    settings.keptFor(), settings.workers());
        }
    }
}
