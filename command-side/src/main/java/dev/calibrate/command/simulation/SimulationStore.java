package dev.calibrate.command.simulation;

import dev.calibrate.command.simulation.DayReplay.SimulatedItem;
import dev.calibrate.command.simulation.Simulation.State;
import dev.calibrate.command.pricing.compiled.PreviewItem;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Array;
import java.sql.Date;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The simulation job's own tables (V53), their only writer: a simulation's row, then each day's counts and
 * items in one transaction per day, so a simulation stopped halfway keeps the days it finished. Nothing here
 * is an event or a read model of one.
 */
@Component
class SimulationStore {

    static final String STALE = "its node stopped before it ended";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    SimulationStore(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /**
     * Records the simulation as RUNNING; false when the tenant already runs one (on any node). A RUNNING one
     * whose heartbeat is older than {@code staleBefore} lost its node, so it is STOPPED first.
     */
    boolean start(Simulation simulation, String catalogAsOf, Instant staleBefore) {
        jdbc.update("UPDATE rule_simulation SET state = 'STOPPED', reason = ?, finished_at = ? WHERE tenant_id = ?"
                        + " AND state = 'RUNNING' AND heartbeat_at < ?", STALE, Timestamp.from(simulation.startedAt()),
                simulation.tenantId().value(), Timestamp.from(staleBefore));
        try {
            jdbc.update("""
                    INSERT INTO rule_simulation (simulation_id, tenant_id, rule_id, version, currency, from_day, to_day,
                        time_zone, catalog_as_of, state, days_total, days_done, requested_by, started_at, heartbeat_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'RUNNING', ?, 0, ?, ?, ?)""",
                    simulation.id(), simulation.tenantId().value(), simulation.ruleId().value(), simulation.version(),
                    simulation.currency(), Date.valueOf(simulation.from()), Date.valueOf(simulation.to()),
                    simulation.zone().getId(), catalogAsOf, simulation.days(), simulation.requestedBy(),
                    Timestamp.from(simulation.startedAt()), Timestamp.from(simulation.startedAt()));
            return true;
        } catch (DuplicateKeyException running) {
            return false;
        }
    }

    /** Deletes the tenant's simulations beyond its latest {@code keep}, and every one started before {@code before}. */
    void prune(Simulation latest, int keep, Instant before) {
        jdbc.update("""
                DELETE FROM rule_simulation WHERE tenant_id = ? AND state <> 'RUNNING' AND (started_at < ?
                    OR simulation_id IN (SELECT simulation_id FROM rule_simulation WHERE tenant_id = ?
                                         ORDER BY started_at DESC, simulation_id OFFSET ?))""",
                latest.tenantId().value(), Timestamp.from(before), latest.tenantId().value(), keep);
    }

    /** Every tenant's finished simulations started before {@code before} (the recurring cleanup); how many. */
    int deleteStartedBefore(Instant before) {
        return jdbc.update("DELETE FROM rule_simulation WHERE state <> 'RUNNING' AND started_at < ?",
                Timestamp.from(before));
    }

    /** The job is alive: it started, or finished a day. */
    void heartbeat(UUID id, Instant at) {
        jdbc.update("UPDATE rule_simulation SET heartbeat_at = ? WHERE simulation_id = ?", Timestamp.from(at), id);
    }

    /**
     * A day done: its counts, the items it stores (the caller passes only CHANGE and BLOCKED ones), the progress
     * and the heartbeat, in one transaction.
     */
    void dayDone(Simulation simulation, LocalDate day, Instant at, DayCounts counts, List<SimulatedItem> items,
                 Instant now) {
        transactions.executeWithoutResult(status -> {
            jdbc.batchUpdate("""
                    INSERT INTO rule_simulation_item (simulation_id, day, tenant_id, sku, product_id, price_then,
                        proposed_price, status, reasons, competitor_lowest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    items, 1000, (statement, simulated) -> {
                        PreviewItem item = simulated.item();
                        statement.setObject(1, simulation.id());
                        statement.setDate(2, Date.valueOf(day));
                        statement.setObject(3, simulation.tenantId().value());
                        statement.setString(4, item.sku());
                        statement.setObject(5, item.productId().value());
                        statement.setBigDecimal(6, item.currentPrice());
                        statement.setBigDecimal(7, item.proposedPrice());
                        statement.setString(8, item.status().name());
                        statement.setArray(9, statement.getConnection().createArrayOf("text",
                                item.reasons().toArray()));
                        statement.setBigDecimal(10, simulated.competitorLowest());
                    });
            jdbc.update(connection -> {
                var statement = connection.prepareStatement("""
                        INSERT INTO rule_simulation_day (simulation_id, day, tenant_id, evaluated_at, products, selected,
                            changes, blocked, average_change_percent, before_positions, after_positions)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
                statement.setObject(1, simulation.id());
                statement.setDate(2, Date.valueOf(day));
                statement.setObject(3, simulation.tenantId().value());
                statement.setTimestamp(4, Timestamp.from(at));
                statement.setInt(5, counts.products());
                statement.setInt(6, counts.selected());
                statement.setInt(7, counts.changes());
                statement.setInt(8, counts.blocked());
                statement.setBigDecimal(9, counts.averageChangePercent());
                statement.setArray(10, positions(connection, counts.before()));
                statement.setArray(11, positions(connection, counts.after()));
                return statement;
            });
            jdbc.update("UPDATE rule_simulation SET days_done = days_done + 1, heartbeat_at = ? WHERE simulation_id = ?",
                    Timestamp.from(now), simulation.id());
        });
    }

    /** A simulation whose job was not accepted: nothing of it stays. */
    void forget(UUID id) {
        jdbc.update("DELETE FROM rule_simulation WHERE simulation_id = ?", id);
    }

    void finish(UUID id, State state, String reason, Instant at) {
        jdbc.update("UPDATE rule_simulation SET state = ?, reason = ?, finished_at = ? WHERE simulation_id = ?"
                + " AND state = 'RUNNING'", state.name(), reason, Timestamp.from(at), id);
    }

    private static Array positions(java.sql.Connection connection, java.util.Map<Position, Integer> counts)
            throws SQLException {
        Integer[] values = new Integer[Position.values().length];
        for (Position position : Position.values()) values[position.ordinal()] = counts.get(position);
        return connection.createArrayOf("integer", values);
    }
}
