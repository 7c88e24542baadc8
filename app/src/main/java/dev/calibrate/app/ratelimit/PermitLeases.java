package dev.calibrate.app.ratelimit;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The cluster's token buckets in PostgreSQL (V41 {@code rate_limit_bucket}). One lease is one
 * {@code UPDATE ... RETURNING}: the row refills by the time since it was last leased from (at most to the
 * burst), gives up to the batch asked for and keeps the rest. Every expression of the statement reads the
 * row as it is when the update locks it, so two nodes leasing at once are served one after the other and
 * never both from the same permits. A bucket never used starts full (one insert, then the lease).
 */
@Component
public class PermitLeases {

    /** The level the bucket refills to by {@code :now}, written once per use in the statement. */
    private static final String LEVEL = "least(CAST(:burst AS float8), available + CAST(:rate AS float8)"
            + " * greatest(0, extract(epoch FROM (CAST(:now AS timestamptz) - refilled_at))))";

    private static final String LEASE = """
            UPDATE rate_limit_bucket
               SET last_granted = least(CAST(:want AS int), floor(%1$s))::int,
                   available = %1$s - least(CAST(:want AS int), floor(%1$s)),
                   refilled_at = greatest(refilled_at, CAST(:now AS timestamptz))
             WHERE bucket_key = :key
            RETURNING last_granted, available""".formatted(LEVEL);

    private final NamedParameterJdbcTemplate jdbc;

    public PermitLeases(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Takes up to {@code want} permits from the bucket {@code key}.
     *
     * @return what was granted (possibly none), what the bucket keeps, and when its next permit comes
     */
    public Lease lease(String key, Limit limit, int want, Instant now) {
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("key", key).addValue("burst", (double) limit.burst()).addValue("rate", limit.perSecond())
                .addValue("want", want).addValue("now", Timestamp.from(now));
        List<Lease> leased = run(params, limit);
        if (leased.isEmpty()) {
            jdbc.update("INSERT INTO rate_limit_bucket (bucket_key, available, refilled_at)"
                    + " VALUES (:key, :burst, :now) ON CONFLICT (bucket_key) DO NOTHING", params);
            leased = run(params, limit);
        }
        return leased.get(0);
    }

    /** Forgets buckets not leased from since {@code before}: full again by then, they equal a new one. */
    public int forgetIdleSince(Instant before) {
        return jdbc.update("DELETE FROM rate_limit_bucket WHERE refilled_at < :before",
                new MapSqlParameterSource("before", Timestamp.from(before)));
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
