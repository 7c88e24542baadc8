package dev.calibrate.app.ratelimit;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The cluster's token buckets in PostgreSQL (V41 {@code rate_limit_bucket}). One lease is one
 * {@code UPDATE ... RETURNING}: the row refills by the time since it was last leased from (at most to the
 * burst), gives up to the batch asked for and keeps the rest. Every expression of the statement reads the
 * row as it is when the update locks it, so two nodes leasing at once are served one after the other and
 * never both from the same permits. A bucket never used starts full (one insert, then the lease).
 *
 * <p>Time is the database's ({@code statement_timestamp()}), one clock for every node, so that a node whose
 * clock is off neither refills a bucket early nor starves it; tests pass a clock of their own. It is one instant
 * for the whole statement: with {@code clock_timestamp()}, read anew at each use, the level could cross a whole
 * permit between the amount taken off the row and the amount granted (PostgreSQL computes the columns in their
 * table order, {@code last_granted} last), granting a permit the row never gave up. A lease that waited for
 * another's lock sees the row as that one left it, refilled to a later instant than its own: no refill then,
 * never a negative one. A lease runs
 * in a transaction of its own with {@code statement_timeout} set to the lease timeout: a slow database
 * delays a request by that much at most, and the limiter lets it through ({@link ClusterRateLimiter}).
 */
@Component
public class PermitLeases {

    /** The database's time, or the tests' when they set one. */
    private static final String NOW = "coalesce(CAST(:now AS timestamptz), statement_timestamp())";

    /** The level the bucket refills to by now, written once per use in the statement. */
    private static final String LEVEL = ("least(CAST(:burst AS float8), available + CAST(:rate AS float8)"
            + " * greatest(0, extract(epoch FROM (%s - refilled_at))))").formatted(NOW);

    private static final String LEASE = """
            UPDATE rate_limit_bucket
               SET last_granted = least(CAST(:want AS int), floor(%1$s))::int,
                   available = %1$s - least(CAST(:want AS int), floor(%1$s)),
                   refilled_at = greatest(refilled_at, %2$s)
             WHERE bucket_key = :key
            RETURNING last_granted, available""".formatted(LEVEL, NOW);

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;
    private final long timeoutMillis;
    @Nullable
    private final Clock clock;

    @Autowired
    public PermitLeases(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactions,
                        RateLimitSettings settings) {
        this(jdbc, transactions, settings.leaseTimeout(), null);
    }

    /** With {@code clock} the statements use its time in place of the database's (tests); null: the database's. */
    PermitLeases(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactions, Duration timeout,
                 @Nullable Clock clock) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.timeoutMillis = Math.max(1, timeout.toMillis());
        this.clock = clock;
    }

    /**
     * Takes up to {@code want} permits from the bucket {@code key}.
     *
     * @return what was granted (possibly none), what the bucket keeps, and when its next permit comes
     * @throws org.springframework.dao.DataAccessException when the database fails or the lease timed out
     */
    public Lease lease(String key, Limit limit, int want) {
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("key", key).addValue("burst", (double) limit.burst()).addValue("rate", limit.perSecond())
                .addValue("want", want).addValue("now", now());
        return ownTransaction.execute(status -> {
            jdbc.getJdbcOperations().execute("SET LOCAL statement_timeout = " + timeoutMillis);
            List<Lease> leased = run(params, limit);
            if (leased.isEmpty()) {
                jdbc.update("INSERT INTO rate_limit_bucket (bucket_key, available, refilled_at)"
                        + " VALUES (:key, :burst, " + NOW + ") ON CONFLICT (bucket_key) DO NOTHING", params);
                leased = run(params, limit);
            }
            if (leased.isEmpty()) {
                // the row was deleted between the insert and the update (idle cleanup): it was full
                int granted = Math.min(want, limit.burst());
                return new Lease(granted, limit.burst() - granted, Duration.ZERO);
            }
            return leased.get(0);
        });
    }

    /** Forgets buckets not leased from for {@code idle} by the database's clock: full again, they equal a new one. */
    public int forgetIdle(Duration idle) {
        return jdbc.update("DELETE FROM rate_limit_bucket WHERE refilled_at < " + NOW
                        + " - make_interval(secs => :idle)",
                new MapSqlParameterSource("now", now()).addValue("idle", (double) idle.toSeconds()));
    }

    @Nullable
    private Timestamp now() {
        return clock == null ? null : Timestamp.from(clock.instant());
    }

    private List<Lease> run(MapSqlParameterSource params, Limit limit) {
        return jdbc.query(LEASE, params, (rs, i) -> {
            int granted = rs.getInt("last_granted");
            double kept = rs.getDouble("available");
            return new Lease(granted, kept, granted > 0 ? Duration.ZERO : limit.timeFor(1 - kept));
        });
    }

    /**
     * @param granted   permits now the caller's to spend
     * @param kept      permits left in the shared bucket (a fraction while it refills)
     * @param nextPermit when none was granted: how long until the bucket holds one again
     */
    public record Lease(int granted, double kept, Duration nextPermit) {
    }
}
