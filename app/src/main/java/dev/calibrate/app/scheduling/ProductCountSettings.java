package dev.calibrate.app.scheduling;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.calibrate.query.catalog.ProductCountRecount;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

import java.time.Duration;

/**
 * How often each tenant's product count (the product list's total and the products quota) is checked
 * against the catalog's rows and corrected ({@code calibrate.catalog.recount-interval}): it only ever
 * differs after a writer that keeps no count, a node of a release before V56 during a rolling upgrade.
 */
@ConfigurationProperties("calibrate.catalog")
public record ProductCountSettings(@DefaultValue("1h") Duration recountInterval) {

    public ProductCountSettings {
        if (recountInterval.compareTo(Duration.ofMinutes(1)) < 0 || recountInterval.compareTo(Duration.ofHours(24)) > 0) {
            throw new IllegalArgumentException("calibrate.catalog.recount-interval must be 1m to 24h, not " + recountInterval);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Wiring {
        /** On one node at a time; the first run is due as the cluster's first node of this release starts. */
        @Bean
        static RecurringTask<Void> productCountRecountTask(@Lazy ProductCountRecount recount,
                                                           ProductCountSettings settings) {
            return Tasks.recurring("product-count-recount", FixedDelay.of(settings.recountInterval()))
                    .execute((instance, context) -> recount.recountAll(() -> context.getSchedulerState().isShuttingDown()
                            || context.getSchedulerState().isPaused()));
        }
    }
}
