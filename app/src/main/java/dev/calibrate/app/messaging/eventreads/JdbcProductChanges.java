package dev.calibrate.app.messaging.eventreads;

import dev.calibrate.command.simulation.ProductChanges;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The tenant's products with a replayed event after an instant, in one range scan of the partial index
 * {@code domainevententry_product_changes} (V54): only the tenant's events of the replayed types from the
 * instant's second on are looked at, whatever else the tenant stored; the payload of none is read. The
 * index's predicate is matched only by literals, so the type and payload types are written into the query
 * (constants, not input). Axon writes the timestamp as ISO-8601 text: compared as text under the "C"
 * collation (the index's) from the instant's second on, and exactly once cast. It runs under
 * {@code SET LOCAL statement_timeout}: the history read's timeout, or what is left of the simulation's budget
 * when that is less.
 */
@Component
@Profile("!axonserver")
class JdbcProductChanges implements ProductChanges {

    /** Also written, as literals, in V54's index predicate; the plan is checked in JdbcProductChangesTest. */
    static final String CHANGED = "SELECT DISTINCT aggregateidentifier FROM domainevententry"
            + " WHERE tenant_id = ? AND type = '" + ProductId.AGGREGATE_TYPE + "'"
            + " AND payloadtype IN (" + REPLAYED.stream().map(type -> "'" + type.getName() + "'")
                    .collect(Collectors.joining(", ")) + ")"
            + " AND \"timestamp\" COLLATE \"C\" >= ? AND \"timestamp\"::timestamptz > ?"
            + " LIMIT ?";

    /** A simulation's budget is minutes; a read without a deadline still ends. */
    private static final Duration MAX_TIMEOUT = Duration.ofHours(1);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    JdbcProductChanges(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactions);
        this.transactions.setReadOnly(true);
    }

    @Override
    public Optional<Set<ProductId>> changedAfter(TenantId tenantId, Instant after, int limit, Duration timeout) {
        long millis = timeout == null || timeout.compareTo(MAX_TIMEOUT) > 0 ? MAX_TIMEOUT.toMillis()
                : Math.max(1, timeout.toMillis());
        Set<ProductId> changed = new HashSet<>();
        transactions.executeWithoutResult(status -> {
            jdbc.execute("SET LOCAL statement_timeout = " + millis);
            jdbc.query(CHANGED, ps -> bind(ps, tenantId, after, limit),
                    rs -> {
                        changed.add(new ProductId(UUID.fromString(rs.getString(1))));
                    });
        });
        return Optional.of(changed);
    }

    private static void bind(PreparedStatement ps, TenantId tenantId, Instant after, int limit) throws SQLException {
        ps.setObject(1, tenantId.value());
        // the second's text without its 'Z': at or before every stamp of that second, fraction or not
        String second = after.truncatedTo(ChronoUnit.SECONDS).toString();
        ps.setString(2, second.substring(0, second.length() - 1));
        ps.setTimestamp(3, Timestamp.from(after));
        ps.setInt(4, limit + 1);
    }
}
