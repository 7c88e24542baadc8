package dev.calibrate.connectors.shopify.catalog;

import dev.calibrate.kernel.tenant.TenantId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.sql.Array;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The {@code shopify_sync} table: the last (or running) catalog ingest of each tenant, for the status endpoint. */
@Repository
public class ShopifyIngests {

    /** Warnings kept per ingest; more are summarised in the last one. */
    static final int MAX_WARNINGS = 100;

    enum State { QUEUED, RUNNING, COMPLETED, FAILED }

    /** How far an ingest got. */
    record Tally(int products, int variants, int created, int updated, int unchanged, int deactivated) {
        static final Tally NONE = new Tally(0, 0, 0, 0, 0, 0);
    }

    public record IngestStatus(State state, String mode, Instant requestedAt, Instant startedAt, Instant finishedAt,
                               Tally tally, List<String> warnings, String error) {
        boolean pending() {
            return state == State.QUEUED || state == State.RUNNING;
        }
    }

    private final JdbcTemplate jdbc;

    ShopifyIngests(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<IngestStatus> find(TenantId tenantId) {
        return jdbc.query("SELECT state, mode, requested_at, started_at, finished_at, products, variants, created, updated,"
                + " unchanged, deactivated, warnings, error FROM shopify_sync WHERE tenant_id = ?", ROW, tenantId.value())
                .stream().findFirst();
    }

    void queued(TenantId tenantId, String mode, Instant at) {
        jdbc.update("INSERT INTO shopify_sync (tenant_id, state, mode, requested_at) VALUES (?, 'QUEUED', ?, ?)"
                        + " ON CONFLICT (tenant_id) DO UPDATE SET state = 'QUEUED', mode = EXCLUDED.mode,"
                        + " requested_at = EXCLUDED.requested_at, started_at = NULL, finished_at = NULL, products = 0,"
                        + " variants = 0, created = 0, updated = 0, unchanged = 0, deactivated = 0, warnings = '{}', error = NULL",
                tenantId.value(), mode, Timestamp.from(at));
    }

    /** The run began (or began again, after a restart): counts start from zero. */
    void started(TenantId tenantId, String mode, Instant at) {
        jdbc.update("INSERT INTO shopify_sync (tenant_id, state, mode, requested_at, started_at) VALUES (?, 'RUNNING', ?, ?, ?)"
                        + " ON CONFLICT (tenant_id) DO UPDATE SET state = 'RUNNING', mode = EXCLUDED.mode,"
                        + " started_at = EXCLUDED.started_at, finished_at = NULL, products = 0, variants = 0, created = 0,"
                        + " updated = 0, unchanged = 0, deactivated = 0, warnings = '{}', error = NULL",
                tenantId.value(), mode, Timestamp.from(at), Timestamp.from(at));
    }

    /** The mode the run chose (auto becomes paged or bulk once the products are counted). */
    void mode(TenantId tenantId, String mode) {
        jdbc.update("UPDATE shopify_sync SET mode = ? WHERE tenant_id = ?", mode, tenantId.value());
    }

    void progress(TenantId tenantId, Tally tally) {
        jdbc.update("UPDATE shopify_sync SET products = ?, variants = ?, created = ?, updated = ?, unchanged = ?,"
                        + " deactivated = ? WHERE tenant_id = ?",
                tally.products(), tally.variants(), tally.created(), tally.updated(), tally.unchanged(),
                tally.deactivated(), tenantId.value());
    }

    void finished(TenantId tenantId, State state, Tally tally, List<String> warnings, String error, Instant at) {
        jdbc.update("UPDATE shopify_sync SET state = ?, products = ?, variants = ?, created = ?, updated = ?, unchanged = ?,"
                        + " deactivated = ?, warnings = ?, error = ?, finished_at = ? WHERE tenant_id = ?",
                state.name(), tally.products(), tally.variants(), tally.created(), tally.updated(), tally.unchanged(),
                tally.deactivated(), capped(warnings).toArray(String[]::new), error, Timestamp.from(at), tenantId.value());
    }

    /** The ingest stopped for a restart; the scheduler runs it again. */
    void requeued(TenantId tenantId) {
        jdbc.update("UPDATE shopify_sync SET state = 'QUEUED' WHERE tenant_id = ?", tenantId.value());
    }

    static List<String> capped(List<String> warnings) {
        if (warnings.size() <= MAX_WARNINGS) {
            return warnings;
        }
        List<String> kept = new java.util.ArrayList<>(warnings.subList(0, MAX_WARNINGS - 1));
        kept.add("... and " + (warnings.size() - MAX_WARNINGS + 1) + " more warnings");
        return kept;
    }

    private static final RowMapper<IngestStatus> ROW = (rs, n) -> {
        Array warnings = rs.getArray("warnings");
        return new IngestStatus(State.valueOf(rs.getString("state")), rs.getString("mode"),
                instant(rs.getTimestamp("requested_at")), instant(rs.getTimestamp("started_at")),
                instant(rs.getTimestamp("finished_at")),
                new Tally(rs.getInt("products"), rs.getInt("variants"), rs.getInt("created"), rs.getInt("updated"),
                        rs.getInt("unchanged"), rs.getInt("deactivated")),
                warnings == null ? List.of() : Arrays.asList((String[]) warnings.getArray()), rs.getString("error"));
    };

    private static Instant instant(Timestamp at) {
        return at == null ? null : at.toInstant();
    }
}
