package dev.calibrate.query.pricechange;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantScope;
import dev.calibrate.query.csv.CsvCells;
import dev.calibrate.query.pricechange.PriceChangeItemQueries.Filter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A change's items as CSV, one row per item in run order, streamed: the rows are read through a
 * cursor ({@link #FETCH} at a time, in one read-only transaction of the tenant) and written as they
 * come, so a preview of 90,000 items never sits in memory, as rows or as text. No explain: it is
 * the JSON pages'.
 */
@Component
class PriceChangeItemCsv {

    static final String COLUMNS = "productId,sku,currency,status,outcome,currentPrice,proposedPrice,delta,deltaPercent,"
            + "currentCompareAt,proposedCompareAt,reasons,outcomeReason";
    static final String HEADER = COLUMNS + "\n";
    static final int FETCH = 1_000;
    private static final TypeReference<List<String>> REASONS = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final TenantScope tenantScope;
    private final ObjectMapper mapper;

    PriceChangeItemCsv(JdbcTemplate jdbc, TenantScope tenantScope, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.tenantScope = tenantScope;
        this.mapper = mapper;
    }

    /** Writes the header and every item the filter selects to {@code out}. */
    void write(TenantId tenantId, PriceChangeId id, Filter filter, OutputStream out) {
        List<Object> args = new ArrayList<>();
        args.add(id.value());
        String sql = "SELECT i.product_id, i.sku, i.currency, i.status, " + PriceChangeItemRows.DISPLAYED_OUTCOME
                + " AS displayed_outcome, i.current_price, i.proposed_price, i.delta, i.delta_percent,"
                + " i.current_compare_at, i.proposed_compare_at, i.reasons,"
                + " coalesce(i.rollback_reason, i.outcome_reason) AS outcome_reason" + PriceChangeItemRows.FROM
                + " WHERE i.price_change_id = ?" + PriceChangeItemRows.conditions(filter, args) + " ORDER BY i.seq";
        Writer csv = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        tenantScope.read(tenantId, () -> {
            write(csv, HEADER);
            jdbc.query(connection -> {
                PreparedStatement select = connection.prepareStatement(sql);
                // inside the transaction, a fetch size makes PostgreSQL's driver read through a cursor
                select.setFetchSize(FETCH);
                for (int i = 0; i < args.size(); i++) select.setObject(i + 1, args.get(i));
                return select;
            }, (ResultSet rs) -> write(csv, row(rs)));
            return null;
        });
        try {
            csv.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String row(ResultSet rs) throws SQLException {
        String currency = rs.getString("currency").trim();
        return rs.getString("product_id") + ',' + CsvCells.text(rs.getString("sku")) + ',' + currency + ','
                + rs.getString("status") + ',' + rs.getString("displayed_outcome") + ','
                + amount(rs.getBigDecimal("current_price"), currency) + ','
                + amount(rs.getBigDecimal("proposed_price"), currency) + ','
                + amount(rs.getBigDecimal("delta"), currency) + ','
                + CsvCells.decimal(rs.getBigDecimal("delta_percent")) + ','
                + amount(rs.getBigDecimal("current_compare_at"), currency) + ','
                + amount(rs.getBigDecimal("proposed_compare_at"), currency) + ','
                + CsvCells.text(String.join(" | ", reasons(rs.getString("reasons")))) + ','
                + CsvCells.text(rs.getString("outcome_reason")) + '\n';
    }

    /** At the currency's scale, as the JSON pages show it. */
    private static String amount(BigDecimal amount, String currency) {
        return amount == null ? "" : CsvCells.decimal(new Money(amount, currency).amount());
    }

    private List<String> reasons(String json) {
        try {
            return json == null ? List.of() : mapper.readValue(json, REASONS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored reasons are unreadable", e);
        }
    }

    private static void write(Writer csv, String text) {
        try {
            csv.write(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
