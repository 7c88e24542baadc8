package dev.calibrate.query.pricechange;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantScope;
import dev.calibrate.query.csv.CsvCells;
import dev.calibrate.query.pricechange.PriceChangeItemQueries.Filter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A change's items as CSV, one row per item in run order, read as the audit export reads (docs/audit.md):
 * keyset pages of {@value #PAGE} items on {@code seq}, each page its own short read-only transaction of the
 * tenant under a {@value #PAGE_STATEMENT_TIMEOUT_MS} ms statement timeout, and written to the response only
 * once that transaction has closed. So a slow client holds a thread, never a connection, and memory holds
 * one page, never the preview of 90,000 items. No explain: it is the JSON pages'.
 */
@Component
public class PriceChangeItemCsv {

    static final String COLUMNS = "productId,sku,currency,status,outcome,currentPrice,proposedPrice,delta,deltaPercent,"
            + "currentCompareAt,proposedCompareAt,reasons,outcomeReason";
    static final String HEADER = COLUMNS + "\n";
    static final int PAGE = 1_000;
    /** Each page's read is cancelled after this long: a page is an index range scan of 1,000 rows. */
    static final long PAGE_STATEMENT_TIMEOUT_MS = 30_000;
    private static final Logger log = LoggerFactory.getLogger(PriceChangeItemCsv.class);
    private static final TypeReference<List<String>> REASONS = new TypeReference<>() {
    };

    /** One page: the preview hash it was read under, its rows as CSV text, the seq to read on after (null past the last). */
    private record Page(String previewHash, String rows, Integer last) {
    }

    private final JdbcTemplate jdbc;
    private final TenantScope tenantScope;
    /** Made once: a reader per call resolves the generic type again. */
    private final ObjectReader reasonsReader;

    PriceChangeItemCsv(JdbcTemplate jdbc, TenantScope tenantScope, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.tenantScope = tenantScope;
        this.reasonsReader = mapper.readerFor(REASONS);
    }

    /**
     * Writes the header and every item the filter selects to {@code out}, flushing after each page. A client
     * gone mid-file ends the write quietly (DEBUG), a failed page read with one WARN line: the status and part
     * of the file are sent, so there is nothing left to answer. The file also ends short, with an INFO line,
     * when the preview's hash changes between two pages (an edit or a new preview): rows of two previews
     * would be mixed otherwise.
     */
    public void write(TenantId tenantId, PriceChangeId id, Filter filter, OutputStream out) {
        Writer csv = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        Integer after = -1;
        String previewHash = null;
        try {
            csv.write(HEADER);
            csv.flush(); // the status and header go out now, not after the first page's read
            while (after != null) {
                Page page = page(tenantId, id, filter, after);
                if (after >= 0 && !Objects.equals(previewHash, page.previewHash())) {
                    log.info("CSV of price change {} ended after item seq {}: the preview changed while it was read",
                            id, after);
                    return;
                }
                previewHash = page.previewHash();
                csv.write(page.rows());
                csv.flush();
                after = page.last();
            }
        } catch (IOException | UncheckedIOException e) {
            log.debug("CSV of price change {} ended after item seq {}: the client is gone ({})", id, after,
                    e.toString());
        } catch (DataAccessException e) {
            // the status and part of the file are sent: it ends short, with one line here and no stack trace
            log.warn("CSV of price change {} ended after item seq {}: {}", id, after, e.toString());
        }
    }

    /** The page after seq {@code after}, read and turned into text inside its own transaction. */
    private Page page(TenantId tenantId, PriceChangeId id, Filter filter, int after) {
        List<Object> args = new ArrayList<>();
        args.add(id.value());
        args.add(after);
        String sql = "SELECT i.seq, i.product_id, i.sku, i.currency, i.status, " + PriceChangeItemRows.DISPLAYED_OUTCOME
                + " AS displayed_outcome, i.current_price, i.proposed_price, i.delta, i.delta_percent,"
                + " i.current_compare_at, i.proposed_compare_at, i.reasons,"
                + " coalesce(i.rollback_reason, i.outcome_reason) AS outcome_reason" + PriceChangeItemRows.FROM
                + " WHERE i.price_change_id = ? AND i.seq > ?" + PriceChangeItemRows.conditions(filter, args)
                + " ORDER BY i.seq LIMIT " + PAGE;
        return tenantScope.read(tenantId, () -> {
            jdbc.execute("SET LOCAL statement_timeout = " + PAGE_STATEMENT_TIMEOUT_MS);
            String previewHash = jdbc.query("SELECT preview_hash FROM price_change_preview WHERE price_change_id = ?",
                    rs -> rs.next() ? rs.getString(1) : null, id.value());
            StringBuilder rows = new StringBuilder();
            int[] read = {0, 0};
            jdbc.query(sql, (ResultSet rs) -> {
                rows.append(row(rs));
                read[0]++;
                read[1] = rs.getInt("seq");
            }, args.toArray());
            return new Page(previewHash, rows.toString(), read[0] < PAGE ? null : read[1]);
        });
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
            return json == null ? List.of() : reasonsReader.readValue(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored reasons are unreadable", e);
        }
    }
}
