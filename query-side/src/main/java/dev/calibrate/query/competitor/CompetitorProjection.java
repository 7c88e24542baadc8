package dev.calibrate.query.competitor;

import dev.calibrate.kernel.competitor.CompetitorMessages.CompetitorPricesObserved;
import dev.calibrate.kernel.competitor.CompetitorMessages.CompetitorRegistered;
import dev.calibrate.kernel.competitor.CompetitorMessages.Observation;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Competitors and every accepted observation, for the competitor reads, the price-position analytics
 * and the pricing engine. A part of a batch (up to 1,000 observations) is one JDBC batch insert.
 * Idempotent: rows are keyed by what the events say (competitor id; batch id and item index), so a
 * redelivered event inserts nothing. Rebuilt by replay.
 */
@Component
@ProcessingGroup(CompetitorProjection.NAME)
public class CompetitorProjection {

    public static final String NAME = "competitors";

    private final JdbcTemplate jdbc;

    CompetitorProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(CompetitorRegistered event, @Timestamp Instant at) {
        jdbc.update("""
                INSERT INTO competitor_view (competitor_id, tenant_id, name, domain, registered_at)
                VALUES (?, ?, ?, ?, ?) ON CONFLICT (competitor_id) DO NOTHING""",
                event.competitorId().value(), event.tenantId().value(), event.name(), event.domain(),
                timestamp(at));
    }

    @EventHandler
    void on(CompetitorPricesObserved event, @Timestamp Instant at) {
        List<Observation> observations = event.observations();
        jdbc.batchUpdate("""
                INSERT INTO competitor_observation (batch_id, idx, tenant_id, competitor_id, product_id, sku, currency,
                                                    amount, observed_at, url, in_stock, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (batch_id, idx) DO NOTHING""",
                observations, observations.size(), (ps, o) -> {
                    ps.setObject(1, event.batchId().value());
                    ps.setInt(2, o.index());
                    ps.setObject(3, event.tenantId().value());
                    ps.setObject(4, event.competitorId().value());
                    ps.setObject(5, o.productId().value());
                    ps.setString(6, o.sku());
                    ps.setString(7, o.price().currency());
                    ps.setBigDecimal(8, o.price().amount());
                    ps.setObject(9, timestamp(o.observedAt()));
                    ps.setString(10, o.url());
                    ps.setBoolean(11, o.inStock());
                    ps.setObject(12, timestamp(at));
                });
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM competitor_observation");
        jdbc.update("DELETE FROM competitor_view");
    }

    private static OffsetDateTime timestamp(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
