package dev.calibrate.connectors.amazon.catalog;

import dev.calibrate.kernel.product.ProductMessages.UpsertOutcome;
import dev.calibrate.kernel.tenant.TenantId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.sql.Array;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The {@code amazon_sync} table: the last (or running) listings ingest of each tenant, for the status endpoint. */
@Repository
public class AmazonIngests {

    /** Warnings kept per ingest; more are summarised in the last one. */
    static final int MAX_WARNINGS = 100;

    enum State { QUEUED, RUNNING, COMPLETED, FAILED }

    /** How far an ingest got: listings pages read, listings seen (SKU × marketplace), what the upserts did. */
    record Tally(int pages, int listings, int created, int updated, int unchanged, int removed) {
        static final Tally NONE = new Tally(0, 0, 0, 0, 0, 0);

        Tally page(int seen) {
            return new Tally(pages + 1, listings + seen, created, updated, unchanged, removed);
        }

        Tally wrote(UpsertOutcome outcome) {
            return new Tally(pages, listings, created + (outcome == UpsertOutcome.CREATED ? 1 : 0),
                    updated + (outcome == UpsertOutcome.UPDATED ? 1 : 0),
                    unchanged + (outcome == UpsertOutcome.UNCHANGED ? 1 : 0), removed);
        }

        Tally removedOne() {
            return new Tally(pages, listings, created, updated, unchanged, removed + 1);
        }
    }

    public record IngestStatus(State state, Instant requestedAt, Instant startedAt, Instant finishedAt, Tally tally,
                               List<String> warnings, String error, Instant lastSuccessAt, Instant lastFailureAt) {
    }

    private final JdbcTemplate jdbc;

    AmazonIngests(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<IngestStatus> find(TenantId tenantId) {
        return jdbc.query("SELECT state, requested_at, started_at, finished_at, pages, listings, created, updated,"
                + " unchanged, removed, warnings, error, last_success_at, last_failure_at FROM amazon_sync"
                + " WHERE tenant_id = ?", ROW, tenantId.value()).stream().findFirst();
    }

    void queued(TenantId tenantId, Instant at) {
        jdbc.update("INSERT INTO amazon_sync (tenant_id, state, requested_at) VALUES (?, 'QUEUED', ?)"
                        + " ON CONFLICT (tenant_id) DO UPDATE SET state = 'QUEUED', requested_at = EXCLUDED.requested_at,"
                        + " started_at = NULL, finished_at = NULL, pages = 0, listings = 0, created = 0, updated = 0,"
                        + " unchanged = 0, removed = 0, warnings = '{}', error = NULL",
                tenantId.value(), Timestamp.from(at));
    }

    /** The run began (or began again, after a restart): counts start from zero. */
    void started(TenantId tenantId, Instant at) {
        jdbc.update("INSERT INTO amazon_sync (tenant_id, state, requested_at, started_at) VALUES (?, 'RUNNING', ?, ?)"
                        + " ON CONFLICT (tenant_id) DO UPDATE SET state = 'RUNNING', started_at = EXCLUDED.started_at,"
                        + " finished_at = NULL, pages = 0, listings = 0, created = 0, updated = 0, unchanged = 0,"
                        + " removed = 0, warnings = '{}', error = NULL",
                tenantId.value(), Timestamp.from(at), Timestamp.from(at));
    }

    void progress(TenantId tenantId, Tally tally) {
        jdbc.update("UPDATE amazon_sync SET pages = ?, listings = ?, created = ?, updated = ?, unchanged = ?,"
                        + " removed = ? WHERE tenant_id = ?", tally.pages(), tally.listings(), tally.created(),
                tally.updated(), tally.unchanged(), tally.removed(), tenantId.value());
    }

    void finished(TenantId tenantId, State state, Tally tally, List<String> warnings, String error, Instant at) {
        String last = state == State.COMPLETED ? "last_success_at" : "last_failure_at";
        jdbc.update("UPDATE amazon_sync SET state = ?, pages = ?, listings = ?, created = ?, updated = ?, unchanged = ?,"
                        + " removed = ?, warnings = ?, error = ?, finished_at = ?, " + last + " = ? WHERE tenant_id = ?",
                state.name(), tally.pages(), tally.listings(), tally.created(), tally.updated(), tally.unchanged(),
                tally.removed(), capped(warnings).toArray(String[]::new), error, Timestamp.from(at), Timestamp.from(at),
                tenantId.value());
    }

    /** The ingest stopped for a restart; the scheduler runs it again. */
    void requeued(TenantId tenantId) {
        jdbc.update("UPDATE amazon_sync SET state = 'QUEUED' WHERE tenant_id = ?", tenantId.value());
    }

    static List<String> capped(List<String> warnings) {
        if (warnings.size() <= MAX_WARNINGS) {
            return warnings;
        }
        List<String> kept = new ArrayList<>(warnings.subList(0, MAX_WARNINGS - 1));
        kept.add("... and " + (warnings.size() - MAX_WARNINGS + 1) + " more warnings");
        return kept;
    }

    private static final RowMapper<IngestStatus> ROW = (rs, n) -> {
        Array warnings = rs.getArray("warnings");
        return new IngestStatus(State.valueOf(rs.getString("state")), instant(rs.getTimestamp("requested_at")),
                instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("finished_at")),
                new Tally(rs.getInt("pages"), rs.getInt("listings"), rs.getInt("created"), rs.getInt("updated"),
                        rs.getInt("unchanged"), rs.getInt("removed")),
                warnings == null ? List.of() : Arrays.asList((String[]) warnings.getArray()), rs.getString("error"),
                instant(rs.getTimestamp("last_success_at")), instant(rs.getTimestamp("last_failure_at")));
    };

    private static Instant instant(Timestamp at) {
        return at == null ? null : at.toInstant();
    }
}
