package dev.calibrate.command.simulation;

import dev.calibrate.command.simulation.SimulationApi.PositionCounts;
import dev.calibrate.command.simulation.SimulationApi.SimulationDay;
import dev.calibrate.command.simulation.SimulationApi.SimulationItem;
import dev.calibrate.command.simulation.SimulationApi.SimulationItemPage;
import dev.calibrate.command.simulation.SimulationApi.SimulationView;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.error.NotFound;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.rule.SavedRuleId;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantScope;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Reads a tenant's simulations of a rule, their days and their stored items (keyset by SKU, then product id),
 * inside the tenant's scope, so row-level security keeps the reads to its rows too.
 */
@Component
class SimulationReads {

    private final JdbcTemplate jdbc;
    private final TenantScope scope;

    SimulationReads(JdbcTemplate jdbc, TenantScope scope) {
        this.jdbc = jdbc;
        this.scope = scope;
    }

    /**
     * Another tenant's simulation, or one of another rule, reads as missing. A RUNNING one whose heartbeat is
     * older than {@code staleBefore} lost its node: it reads as STOPPED.
     */
    SimulationView view(TenantId tenantId, SavedRuleId ruleId, UUID id, Instant staleBefore) {
        return scope.read(tenantId, () -> find(tenantId, ruleId, id, staleBefore));
    }

    private SimulationView find(TenantId tenantId, SavedRuleId ruleId, UUID id, Instant staleBefore) {
        List<SimulationView> found = jdbc.query("""
                SELECT * FROM rule_simulation WHERE simulation_id = ? AND tenant_id = ? AND rule_id = ?""",
                (rs, n) -> view(rs, days(tenantId, id), staleBefore), id, tenantId.value(), ruleId.value());
        if (found.isEmpty()) throw new NotFound("simulation");
        return found.get(0);
    }

    /** A day outside the simulation's range, or not done yet, is missing. */
    SimulationItemPage items(TenantId tenantId, SavedRuleId ruleId, UUID id, LocalDate day, String after, int size,
                             Instant staleBefore) {
        String[] from = after == null ? null : cursor(after);
        return scope.read(tenantId, () -> {
            String currency = find(tenantId, ruleId, id, staleBefore).currency();
            Integer done = jdbc.queryForObject("SELECT count(*) FROM rule_simulation_day WHERE simulation_id = ?"
                    + " AND tenant_id = ? AND day = ?", Integer.class, id, tenantId.value(), Date.valueOf(day));
            if (done == null || done == 0) throw new NotFound("simulation day");
            return page(tenantId, id, day, from, size, currency);
        });
    }

    private SimulationItemPage page(TenantId tenantId, UUID id, LocalDate day, String[] from, int size,
                                    String currency) {
        List<SimulationItem> items = jdbc.query("""
                SELECT sku, product_id, price_then, proposed_price, status, reasons, competitor_lowest
                FROM rule_simulation_item WHERE simulation_id = ? AND tenant_id = ? AND day = ?
                    AND (CAST(? AS text) IS NULL OR (sku, product_id) > (CAST(? AS text), CAST(? AS uuid)))
                ORDER BY sku, product_id LIMIT ?""",
                (rs, n) -> new SimulationItem(rs.getObject("product_id", UUID.class).toString(), rs.getString("sku"),
                        money(rs.getBigDecimal("price_then"), currency),
                        money(rs.getBigDecimal("proposed_price"), currency), rs.getString("status"),
                        Arrays.asList((String[]) rs.getArray("reasons").getArray()),
                        money(rs.getBigDecimal("competitor_lowest"), currency)),
                id, tenantId.value(), Date.valueOf(day), from == null ? null : from[0], from == null ? null : from[0],
                from == null ? null : from[1], size + 1);
        String next = null;
        if (items.size() > size) {
            items = items.subList(0, size);
            SimulationItem last = items.get(size - 1);
            next = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    (last.productId() + ":" + last.sku()).getBytes(StandardCharsets.UTF_8));
        }
        return new SimulationItemPage(List.copyOf(items), next);
    }

    private List<SimulationDay> days(TenantId tenantId, UUID id) {
        return jdbc.query("SELECT * FROM rule_simulation_day WHERE simulation_id = ? AND tenant_id = ? ORDER BY day",
                (rs, n) -> new SimulationDay(rs.getDate("day").toLocalDate().toString(),
                        rs.getTimestamp("evaluated_at").toInstant().toString(), rs.getInt("products"),
                        rs.getInt("selected"), rs.getInt("changes"), rs.getInt("blocked"),
                        rs.getBigDecimal("average_change_percent"), positions(rs.getArray("before_positions")),
                        positions(rs.getArray("after_positions"))), id, tenantId.value());
    }

    private static SimulationView view(ResultSet rs, List<SimulationDay> days, Instant staleBefore)
            throws SQLException {
        Timestamp finished = rs.getTimestamp("finished_at");
        String state = rs.getString("state");
        String reason = rs.getString("reason");
        Instant heartbeat = rs.getTimestamp("heartbeat_at").toInstant();
        if (state.equals("RUNNING") && heartbeat.isBefore(staleBefore)) {
            state = "STOPPED";
            reason = SimulationStore.STALE + " (its last sign of life: " + heartbeat + "); the days done are kept";
            finished = Timestamp.from(heartbeat);
        }
        return new SimulationView(rs.getObject("simulation_id", UUID.class).toString(),
                rs.getObject("rule_id", UUID.class).toString(), rs.getInt("version"), rs.getString("currency").trim(),
                rs.getDate("from_day").toLocalDate().toString(), rs.getDate("to_day").toLocalDate().toString(),
                rs.getString("time_zone"), rs.getString("catalog_as_of"), state, reason, rs.getInt("days_done"),
                rs.getInt("days_total"), rs.getString("requested_by"),
                rs.getTimestamp("started_at").toInstant().toString(),
                finished == null ? null : finished.toInstant().toString(), days);
    }

    private static PositionCounts positions(Array array) throws SQLException {
        Integer[] counts = (Integer[]) array.getArray();
        return new PositionCounts(counts[Position.CHEAPEST.ordinal()], counts[Position.IN_BAND.ordinal()],
                counts[Position.MOST_EXPENSIVE.ordinal()], counts[Position.NO_DATA.ordinal()]);
    }

    private static Money money(BigDecimal amount, String currency) {
        return amount == null ? null : new Money(amount.stripTrailingZeros(), currency);
    }

    /**
     * {@code after} as {sku, product id}: a cursor this endpoint gave, or a 400 naming it. A SKU with a control
     * character (a NUL, which PostgreSQL refuses in text) is no SKU a page ends with.
     */
    static String[] cursor(String after) {
        String decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(Base64.getUrlDecoder().decode(after))).toString();
        } catch (IllegalArgumentException | java.nio.charset.CharacterCodingException e) {
            throw new InvalidInput("after", "must be a nextAfter this endpoint gave");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0 || decoded.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInput("after", "must be a nextAfter this endpoint gave");
        }
        try {
            UUID productId = UUID.fromString(decoded.substring(0, colon));
            return new String[] {decoded.substring(colon + 1), productId.toString()};
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("after", "must be a nextAfter this endpoint gave");
        }
    }
}
