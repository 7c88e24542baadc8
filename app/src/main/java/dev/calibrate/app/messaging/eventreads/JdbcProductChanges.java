package dev.calibrate.app.messaging.eventreads;

import dev.calibrate.command.simulation.ProductChanges;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The tenant's products with a replayed event after an instant, in one query through the tenant's index of
 * the event table (every event of the tenant's is looked at once, the payload of none is read). Axon writes
 * the timestamp as ISO-8601 text: compared coarsely as text (from the instant's second on) and exactly
 * once cast.
 */
@Component
@Profile("!axonserver")
class JdbcProductChanges implements ProductChanges {

    private static final String CHANGED = """
            SELECT DISTINCT aggregateidentifier FROM domainevententry
             WHERE tenant_id = ? AND type = ? AND payloadtype = ANY (?)
               AND timestamp >= ? AND timestamp::timestamptz > ?
             LIMIT ?""";

    private final JdbcTemplate jdbc;

    JdbcProductChanges(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Set<ProductId>> changedAfter(TenantId tenantId, Instant after, int limit) {
        String[] types = REPLAYED.stream().map(Class::getName).toArray(String[]::new);
        Set<ProductId> changed = new HashSet<>();
        jdbc.query(CHANGED, ps -> {
            ps.setObject(1, tenantId.value());
            ps.setString(2, ProductId.AGGREGATE_TYPE);
            ps.setArray(3, ps.getConnection().createArrayOf("varchar", types));
            // the second's text without its 'Z': at or before every stamp of that second, fraction or not
            String second = after.truncatedTo(ChronoUnit.SECONDS).toString();
            ps.setString(4, second.substring(0, second.length() - 1));
            ps.setTimestamp(5, Timestamp.from(after));
            ps.setInt(6, limit + 1);
        }, rs -> {
            changed.add(new ProductId(UUID.fromString(rs.getString(1))));
        });
        return Optional.of(changed);
    }
}
