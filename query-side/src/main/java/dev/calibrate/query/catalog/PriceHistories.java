package dev.calibrate.query.catalog;

import dev.calibrate.kernel.priorprice.PriceSpell;
import dev.calibrate.kernel.priorprice.PriorPriceMessages.FindPriceHistory;
import dev.calibrate.kernel.priorprice.PriorPriceMessages.PriceHistory;
import dev.calibrate.kernel.product.ProductId;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Products' price histories in one currency from {@code product_price_history} (every price an observed,
 * API or price-change event set, from the event's time), for the prior-price rule: the window's rows
 * in one index scan per statement, plus per product the one row in effect at the window's start (one
 * index probe each), as {@link CatalogSnapshots} reads recent prices. The products to probe come from
 * {@code product_view} by its index leading with the tenant ({@code product_view_tenant_product}): no
 * index of {@code product_price} does, and reading it would scan every tenant's prices. Not from the catalog's recent
 * prices: those hold at most 250 changes over 90 days, and a window of up to 365 days needs all of them.
 */
@Component
public class PriceHistories {

    private final JdbcTemplate jdbc;

    PriceHistories(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    List<PriceHistory> handle(FindPriceHistory query) {
        return histories(query);
    }

    /** As the query handler answers; for the query side's own reads (the prior-price report). */
    public List<PriceHistory> histories(FindPriceHistory query) {
        Statement statement = statement(query);
        List<PriceHistory> histories = new ArrayList<>();
        UUID[] current = {null};
        List<PriceSpell> spells = new ArrayList<>();
        Duration timeout = query.timeout();
        jdbc.query(connection -> {
            PreparedStatement prepared = connection.prepareStatement(statement.sql());
            new ArgumentPreparedStatementSetter(statement.args()).setValues(prepared);
            if (timeout != null) {
                // whole seconds, at least one: the driver cancels the statement in the database then
                prepared.setQueryTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toSeconds())));
            }
            return prepared;
        }, (RowCallbackHandler) rs -> {
            UUID productId = rs.getObject("product_id", UUID.class);
            if (!productId.equals(current[0])) {
                if (current[0] != null) histories.add(new PriceHistory(new ProductId(current[0]), spells));
                spells.clear();
                current[0] = productId;
            }
            BigDecimal compareAt = rs.getBigDecimal("compare_at");
            spells.add(new PriceSpell(rs.getBigDecimal("amount").stripTrailingZeros(),
                    compareAt == null ? null : compareAt.stripTrailingZeros(), rs.getTimestamp("valid_from").toInstant()));
        });
        if (current[0] != null) histories.add(new PriceHistory(new ProductId(current[0]), spells));
        return histories;
    }

    /** The SQL and arguments {@link #histories} runs, public so a test can EXPLAIN exactly it. */
    public record Statement(String sql, Object[] args) {}

    public static Statement statement(FindPriceHistory query) {
        UUID tenant = query.tenantId().value();
        String currency = query.currency();
        Timestamp until = Timestamp.from(query.until());
        String only = query.productIds() == null ? null : query.productIds().stream()
                .map(id -> id.value().toString()).collect(Collectors.joining(",", "{", "}"));
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("""
                SELECT h.product_id, h.amount, h.compare_at, h.valid_from, h.event_id FROM product_price_history h
                WHERE h.tenant_id = ? AND h.currency = ? AND h.valid_from < ?""");
        args.add(tenant);
        args.add(currency);
        args.add(until);
        if (only != null) {
            sql.append(" AND h.product_id = ANY (CAST(? AS uuid[]))");
            args.add(only);
        }
        if (query.since() != null) {
            Timestamp since = Timestamp.from(query.since());
            sql.append("""
                     AND h.valid_from > ?
                    UNION ALL
                    SELECT held.* FROM (SELECT product_id FROM product_view WHERE tenant_id = ?""");
            args.add(since);
            args.add(tenant);
            if (only != null) {
                sql.append(" AND product_id = ANY (CAST(? AS uuid[]))");
                args.add(only);
            }
            sql.append("""
                    ) p CROSS JOIN LATERAL (
                        SELECT h.product_id, h.amount, h.compare_at, h.valid_from, h.event_id
                        FROM product_price_history h
                        WHERE h.product_id = p.product_id AND h.currency = ? AND h.valid_from <= ?
                        ORDER BY h.valid_from DESC, h.event_id DESC LIMIT 1) held""");
            args.add(currency);
            args.add(since);
        }
        sql.append(" ORDER BY product_id, valid_from, event_id");
        return new Statement(sql.toString(), args.toArray());
    }
}
