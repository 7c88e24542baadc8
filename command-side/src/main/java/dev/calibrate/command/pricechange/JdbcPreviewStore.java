package dev.calibrate.command.pricechange;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.command.pricechange.PreviewCalculator.Computed;
import dev.calibrate.command.pricechange.preview.PreviewJson;
import dev.calibrate.command.pricechange.preview.PreviewJson.Explains;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.Explain;
import dev.calibrate.kernel.pricechange.ExplainInputs;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.product.ObservedPrice;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The command side's preview store and run record, its only writer: the rule, the explain frame and
 * the items of a change's current preview ({@code price_change_preview}, {@code price_change_item}),
 * written with COPY in the transaction that records the preview (each item narrow: its prices and the
 * compact inputs its explain renders from); then what the runs need and decide: the pending
 * items, and each item's outcome, recorded in the transaction that writes the product's event. An
 * applied item keeps the price and compare-at it replaced, which is what its rollback puts back.
 * The item pages and the channels' confirmations are the query side's.
 */
@Component
public class JdbcPreviewStore implements PreviewStore {

    /** What a run made of an item. */
    public enum ItemOutcome { APPLIED, CONFLICT, FAILED, ROLLED_BACK, ROLLBACK_CONFLICT }

    /**
     * An item a run still has to send: for an apply, the previewed prices; for a rollback, also the
     * price and compare-at the apply replaced. {@code explain} and prices as stored.
     */
    public record Pending(int seq, ProductId productId, String currency, BigDecimal currentPrice,
                   BigDecimal currentCompareAt, BigDecimal proposedPrice, BigDecimal proposedCompareAt, Explain explain,
                   BigDecimal replacedPrice, BigDecimal replacedCompareAt) {

        public Money money(BigDecimal amount) {
            return amount == null ? null : new Money(amount, currency);
        }

        /** What the rollback puts back: what the apply replaced (the previewed price, had it not been kept). */
        public ObservedPrice replaced() {
            return replacedPrice == null ? new ObservedPrice(money(currentPrice), money(currentCompareAt))
                    : new ObservedPrice(money(replacedPrice), money(replacedCompareAt));
        }
    }

    /** An item's outcome; {@code replaced} is what a written apply replaced, null otherwise. */
    public record Recorded(int seq, ItemOutcome outcome, String reason, ObservedPrice replaced) {
    }

    /**
     * Where a preview's rows are COPY'd: the one partition of {@code price_change_item}, as PostgreSQL
     * refuses COPY into a table with row-level security (V21). The worker may only insert into it.
     */
    private static final String COPY = "COPY price_change_item_all (" + PreviewRows.COLUMNS + ") FROM STDIN WITH (FORMAT binary)";

    /**
     * Where the second of the two ranges a preview's item numbers alternate between starts. A preview
     * replaces the rows of the one before in its own transaction; rows with the keys of rows deleted
     * by the same transaction make every insert check them (a re-preview of 90,000 items took twice
     * as long to store), so a preview numbers its items in the range the one it replaces did not use.
     * Pages and runs only need the numbers in order.
     */
    static final int SECOND_RANGE = 1 << 30;

    /** Before every item's seq: {@link #pending} from the first item on. */
    public static final int FROM_START = -1;

    private static final Logger log = LoggerFactory.getLogger(JdbcPreviewStore.class);

    private final JdbcTemplate jdbc;
    private final DataSource dataSource;
    private final ObjectMapper mapper;
    private final PreviewJson json;

    JdbcPreviewStore(JdbcTemplate jdbc, DataSource dataSource, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.mapper = mapper;
        this.json = new PreviewJson(jdbc, mapper);
    }

    @Override
    public void replace(TenantId tenantId, PriceChangeId id, Computed preview) {
        if (preview.items().size() >= SECOND_RANGE) {
            throw new IllegalArgumentException("a preview holds fewer than " + SECOND_RANGE + " items");
        }
        Integer replacedFrom = jdbc.queryForObject("SELECT min(seq) FROM price_change_item WHERE price_change_id = ?",
                Integer.class, id.value());
        int first = replacedFrom != null && replacedFrom < SECOND_RANGE ? SECOND_RANGE : 0;
        discard(id);
        jdbc.update("INSERT INTO price_change_preview (price_change_id, tenant_id, preview_hash, rule, explain_frame,"
                + " previewed_at) VALUES (?, ?, ?, ?, ?, now())", id.value(), tenantId.value(), preview.hash(), json.write(preview.rule()),
                json.write(preview.frame()));
        PreviewRows rows = new PreviewRows(tenantId, id, preview.hash(), first, preview.items(), preview.channels(),
                mapper);
        long started = System.nanoTime();
        // the rows are made a block at a time on other threads while the blocks before go out
        long bytes;
        long[] sending = {0};
        long ending;
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
            try {
                bytes = rows.writeTo(block -> {
                    long sent = System.nanoTime();
                    copy.writeToCopy(block, 0, block.length);
                    sending[0] += System.nanoTime() - sent;
                });
                long ended = System.nanoTime();
                copy.endCopy();
                ending = System.nanoTime() - ended;
            } catch (SQLException | RuntimeException | Error e) {
                // nothing of the COPY stays: the command's transaction rolls back with what was sent
                cancel(copy, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not store the preview of price change " + id, e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
        // sending waits while PostgreSQL reads, ending while it reads the rest; the rows were made the rest of the time
        log.info("Preview of price change {}: {} items ({} bytes of rows) made and COPY'd in {} ms ({} ms sending, {} ms"
                        + " ending)", id, rows.size(), bytes, (System.nanoTime() - started) / 1_000_000,
                sending[0] / 1_000_000, ending / 1_000_000);
    }

    private static void cancel(CopyIn copy, Throwable failure) {
        try {
            if (copy.isActive()) copy.cancelCopy();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    @Override
    public void discard(PriceChangeId id) {
        jdbc.update("DELETE FROM price_change_item WHERE price_change_id = ?", id.value());
        jdbc.update("DELETE FROM price_change_preview WHERE price_change_id = ?", id.value());
    }

    /** A tenant and when it last recorded a preview. */
    public record Previewed(TenantId tenantId, Instant at) {
    }

    /** The tenants whose current previews were recorded within {@code within} of now, the latest first, at most {@code limit}. */
    public List<Previewed> tenantsPreviewedWithin(Duration within, int limit) {
        return jdbc.query("SELECT tenant_id, max(previewed_at) AS at FROM price_change_preview"
                        + " WHERE previewed_at >= now() - ? * interval '1 second' GROUP BY tenant_id"
                        + " ORDER BY at DESC LIMIT ?",
                (rs, n) -> new Previewed(new TenantId(rs.getObject(1, UUID.class)), rs.getTimestamp(2).toInstant()),
                within.toSeconds(), limit);
    }

    /**
     * The next items a run still has to send after seq {@code after} ({@link #FROM_START} for the
     * first), in preview order, each explain rendered from its stored inputs with the preview's frame
     * (or read as stored, for items previewed before). Reading on from the last seq sent walks the
     * primary key from there, never over the items already done.
     */
    public List<Pending> pending(PriceChangeId id, RunKind kind, int after, int limit) {
        String condition = kind == RunKind.APPLY
                ? "status = 'CHANGE' AND outcome IS NULL"
                : "outcome = 'APPLIED' AND rollback_outcome IS NULL";
        Explains explains = json.explains(id);
        return jdbc.query("SELECT seq, product_id, currency, current_price, current_compare_at, proposed_price,"
                        + " proposed_compare_at, explain, explain_inputs, replaced_price, replaced_compare_at"
                        + " FROM price_change_item WHERE price_change_id = ? AND seq > ? AND " + condition
                        + " ORDER BY seq LIMIT ?",
                (rs, n) -> {
                    String inputs = rs.getString("explain_inputs");
                    Explain explain = explains.of(rs.getString("explain"), rs.getBigDecimal("current_price"),
                            () -> ExplainInputs.decode(inputs));
                    return new Pending(rs.getInt("seq"), new ProductId(rs.getObject("product_id", UUID.class)),
                            rs.getString("currency").trim(), rs.getBigDecimal("current_price"),
                            rs.getBigDecimal("current_compare_at"), rs.getBigDecimal("proposed_price"),
                            rs.getBigDecimal("proposed_compare_at"), explain, rs.getBigDecimal("replaced_price"),
                            rs.getBigDecimal("replaced_compare_at"));
                },
                id.value(), after, limit);
    }

    /**
     * Records each item's first outcome only. Two runs of one change can overlap (a run revived while
     * its slow node still works); the second's answer for an item the first already wrote may be a
     * conflict with that very write, and must not replace the outcome, nor the price a rollback needs.
     */
    public void record(PriceChangeId id, RunKind kind, List<Recorded> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        Integer[] seqs = outcomes.stream().map(Recorded::seq).toArray(Integer[]::new);
        String[] results = outcomes.stream().map(o -> o.outcome().name()).toArray(String[]::new);
        String[] reasons = outcomes.stream().map(Recorded::reason).toArray(String[]::new);
        // one statement per chunk: its outcomes go as arrays, unnested into rows and joined on the key
        if (kind == RunKind.APPLY) {
            BigDecimal[] prices = outcomes.stream().map(o -> o.replaced() == null ? null
                    : o.replaced().price().amount()).toArray(BigDecimal[]::new);
            BigDecimal[] compareAts = outcomes.stream().map(o -> o.replaced() == null || o.replaced().compareAt() == null
                    ? null : o.replaced().compareAt().amount()).toArray(BigDecimal[]::new);
            jdbc.update(connection -> {
                PreparedStatement update = connection.prepareStatement("UPDATE price_change_item i"
                        + " SET outcome = o.outcome, outcome_reason = o.reason, replaced_price = o.price,"
                        + " replaced_compare_at = o.compare_at"
                        + " FROM unnest(?::integer[], ?::text[], ?::text[], ?::numeric[], ?::numeric[])"
                        + " AS o (seq, outcome, reason, price, compare_at)"
                        + " WHERE i.price_change_id = ? AND i.seq = o.seq AND i.outcome IS NULL");
                update.setArray(1, connection.createArrayOf("integer", seqs));
                update.setArray(2, connection.createArrayOf("text", results));
                update.setArray(3, connection.createArrayOf("text", reasons));
                update.setArray(4, connection.createArrayOf("numeric", prices));
                update.setArray(5, connection.createArrayOf("numeric", compareAts));
                update.setObject(6, id.value());
                return update;
            });
        } else {
            jdbc.update(connection -> {
                PreparedStatement update = connection.prepareStatement("UPDATE price_change_item i"
                        + " SET rollback_outcome = o.outcome, rollback_reason = o.reason"
                        + " FROM unnest(?::integer[], ?::text[], ?::text[]) AS o (seq, outcome, reason)"
                        + " WHERE i.price_change_id = ? AND i.seq = o.seq AND i.rollback_outcome IS NULL");
                update.setArray(1, connection.createArrayOf("integer", seqs));
                update.setArray(2, connection.createArrayOf("text", results));
                update.setArray(3, connection.createArrayOf("text", reasons));
                update.setObject(4, id.value());
                return update;
            });
        }
    }

    /** How many items the run wrote, and how many it left as conflicts (or failures). */
    public int[] counts(PriceChangeId id, RunKind kind) {
        String column = kind == RunKind.APPLY ? "outcome" : "rollback_outcome";
        String done = kind == RunKind.APPLY ? "APPLIED" : "ROLLED_BACK";
        return jdbc.queryForObject("SELECT count(*) FILTER (WHERE " + column + " = ?),"
                        + " count(*) FILTER (WHERE " + column + " IS NOT NULL AND " + column + " <> ?)"
                        + " FROM price_change_item WHERE price_change_id = ?",
                (rs, n) -> new int[]{rs.getInt(1), rs.getInt(2)}, done, done, id.value());
    }
}
