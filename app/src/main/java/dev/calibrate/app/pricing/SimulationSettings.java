package dev.calibrate.app.pricing;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.calibrate.command.simulation.SimulationLimits;
import dev.calibrate.command.simulation.Simulations;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

import java.time.Duration;

/**
 * What simulations of saved rules may cost ({@code calibrate.pricing.simulation.*}); each day is also
 * bounded by the preview budget.
 *
 * @param maxDays       the most days one simulation may cover; a longer range is a 400 naming {@code to}
 * @param lookBack      a {@code from} further back than this is a 400 naming {@code from}
 * @param budget        a simulation still running this long after its job started is STOPPED, keeping the days
 *                      it finished
 * @param maxItems      item rows (CHANGE and BLOCKED items) one simulation stores at most; it is STOPPED at it
 * @param keptPerTenant simulations kept per tenant; the oldest beyond are deleted
 * @param keptFor       simulations older than this are deleted (when a simulation starts, and every
 *                      {@code cleanup-interval})
 * @param cleanupInterval how often the recurring cleanup deletes what is past {@code kept-for}
 * @param workers       simulations one node runs at once; when all are busy a start is a 429, never queued
 * @param maxChangedProducts products whose details, active flag or brand floors changed between the first simulated
 *                      day's end and now a simulation reads the history of (held in memory while it runs); with more
 *                      it FAILS. At most 1,000,000
 * @param maxHistoryEntries values those products' histories hold together (one per product and simulated day
 *                      it changed on, about 1 KB each); with more it FAILS
 * @param historyReadTimeout how long reading those products' event streams may take; past it the simulation is
 *                      STOPPED before its first day
 */
@ConfigurationProperties("calibrate.pricing.simulation")
public record SimulationSettings(@DefaultValue("90") int maxDays,
                                 @DefaultValue("730d") Duration lookBack,
                                 @DefaultValue("10m") Duration budget,
                                 @DefaultValue("5000000") long maxItems,
                                 @DefaultValue("10") int keptPerTenant,
                                 @DefaultValue("7d") Duration keptFor,
                                 @DefaultValue("1h") Duration cleanupInterval,
                                 @DefaultValue("1") int workers,
                                 @DefaultValue("20000") int maxChangedProducts,
                                 @DefaultValue("60000") long maxHistoryEntries,
                                 @DefaultValue("30s") Duration historyReadTimeout) {

    @Configuration(proxyBeanMethods = false)
    static class Wiring {

        @Bean
        SimulationLimits simulationLimits(SimulationSettings settings) {
            return new SimulationLimits(settings.maxDays(), settings.lookBack(), settings.budget(),
                    settings.maxItems(), settings.keptPerTenant(), settings.keptFor(), settings.workers(),
                    settings.maxChangedProducts(), settings.maxHistoryEntries(), settings.historyReadTimeout());
        }

        /** Deletes what is past kept-for even for tenants that start no more simulations; one node at a time. */
        @Bean
        static RecurringTask<Void> simulationCleanupTask(@Lazy Simulations simulations, SimulationSettings settings) {
            return Tasks.recurring("rule-simulation-cleanup", FixedDelay.of(settings.cleanupInterval()))
                    .execute((instance, context) -> simulations.deleteExpired());
        }
    }
}
