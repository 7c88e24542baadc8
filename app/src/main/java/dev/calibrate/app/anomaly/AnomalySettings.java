package dev.calibrate.app.anomaly;

import dev.calibrate.command.anomaly.PriceMoveFloor;
import dev.calibrate.query.anomaly.AnomalyLimits;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/**
 * What one GET /api/v1/anomalies may read, and the price-move floor (previews use it too) ({@code calibrate.anomalies.*};
 * see docs/anomalies.md).
 *
 * @param eventsPerProduct  the most recent events of each product's stream read at most; a longer stream
 *                          is listed in {@code partialHistories}
 * @param eventBudget       events one request reads at most; a page that would pass it ends early
 * @param statementTimeout  an event-store query still running after this long is cancelled (503)
 * @param priceMoveFloor    the least move a price_move reports, as a fraction of the old price
 */
@ConfigurationProperties("calibrate.anomalies")
public record AnomalySettings(@DefaultValue("1000") int eventsPerProduct,
                              @DefaultValue("20000") int eventBudget,
                              @DefaultValue("5s") Duration statementTimeout,
                              @DefaultValue("0.10") double priceMoveFloor) {

    @Configuration(proxyBeanMethods = false)
    static class Wiring {

        @Bean
        AnomalyLimits anomalyLimits(AnomalySettings settings) {
            return new AnomalyLimits(settings.eventsPerProduct(), settings.eventBudget(), settings.statementTimeout(),
                    settings.priceMoveFloor());
        }

        /** Previews flag a proposed move by the same floor as the endpoint reports a past one. */
        @Bean
        PriceMoveFloor priceMoveFloor(AnomalySettings settings) {
            return new PriceMoveFloor(settings.priceMoveFloor());
        }
    }
}
