package dev.calibrate.command.pricechange;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.command.pricechange.PriceChangeApi.PriceChangeItem;
import dev.calibrate.command.pricechange.PriceChangeApi.PriceChangeItemChannel;
import dev.calibrate.command.pricing.EvaluationResult.ItemResult;
import dev.calibrate.command.pricing.EvaluationResult.Status;
import dev.calibrate.kernel.channel.ChannelMessages;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.Explain;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeEdited;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The items of a price change's current preview ({@code price_change_item}) and their outcomes.
 * The preview is written with COPY in the transaction that records it; the runs read pending items
 * and record each outcome in the transaction that writes the product's event.
 */
@Component
@ProcessingGroup(PriceChangeRuns.PROCESSING_GROUP)
public class PriceChangeItems implements PreviewStore {

    /** What an item came to: its preview status until a run decides, then the run's outcome. */
    public enum Outcome { PENDING, APPLIED, CONFLICT, FAILED, BLOCKED, SKIPPED, NO_CHANGE, ROLLED_BACK, ROLLBACK_CONFLICT }

    /** An item a run still has to send. {@code explain} and prices as stored. */
    public record Pending(int seq, ProductId productId, String currency, BigDecimal currentPrice,
                          BigDecimal proposedPrice, BigDecimal proposedCompareAt, Explain explain) {
    }

    public record Recorded(int seq, Outcome outcome, String reason) {
    }

    public record Page(List<PriceChangeItem> items, long total) {
    }

    /**
     * What a channel made of an item's price: not answered yet, holds it, refused it, never got it, or
     * (a read-only channel such as Amazon) is never sent prices at all.
     */
    public enum ChannelState { PENDING, SYNCED, FAILED, SUPERSEDED, NOT_SYNCED }

    /** Why a read-only channel shows {@link ChannelState#NOT_SYNCED}. */
    static String notSyncedReason(String channel) {
        return "not synced: " + Character.toUpperCase(channel.charAt(0)) + channel.substring(1) + " is read-only";
    }

    private static final String DISPLAYED_OUTCOME = """
            CASE WHEN rollback_outcome IS NOT NULL THEN rollback_outcome
                 WHEN outcome IS NOT NULL THEN outcome
                 WHEN status = 'CHANGE' THEN 'PENDING'
                 ELSE status END""";

    /** The columns a preview writes; the runs and the channel sync fill the others later. */
    private static final String LOADED = "tenant_id, price_change_id, preview_hash, seq, product_id, sku, currency,"
            + " status, current_price, proposed_price, delta, delta_percent, current_compare_at, proposed_compare_at,"
            + " reasons, explain, channels";

    /** The channel sync an item shows: its rollback's once rolled back, else its apply's once applied. */
    private static final String DISPLAYED_SYNC = """
            CASE WHEN rollback_outcome = 'ROLLED_BACK' THEN coalesce(rollback_sync, '{}')
                 WHEN outcome = 'APPLIED' THEN coalesce(apply_sync, '{}') END""";

    private static final TypeReference<Map<String, PriceChangeItemChannel>> CHANNEL_STATES = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> REASONS = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final DataSource dataSource;
    private final ObjectMapper mapper;
    private final TransactionTemplate readOnly;

    PriceChangeItems(JdbcTemplate jdbc, DataSource dataSource, ObjectMapper mapper,
                     PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.mapper = mapper;
        this.readOnly = new TransactionTemplate(transactionManager);
        this.readOnly.setReadOnly(true);
    }

    @Override
    public void replace(TenantId tenantId, PriceChangeId id, String previewHash, List<ItemResult> items,
                 Map<ProductId, Set<String>> channels) {
        jdbc.update("DELETE FROM price_change_item WHERE price_change_id = ?", id.value());
        // serializing the explain traces is most of the work: done in parallel, joined in order
        String csv = IntStream.range(0, items.size()).parallel().mapToObj(seq -> {
            ItemResult item = items.get(seq);
            StringBuilder row = new StringBuilder(512);
            row(row, tenantId.toString(), id.toString(), previewHash, Integer.toString(seq),
                    item.productId().toString(), item.sku(), item.currency(), item.status().name(),
                    plain(item.currentPrice()), plain(item.proposedPrice()), plain(item.delta()),
                    plain(item.deltaPercent()), plain(item.currentCompareAt()), plain(item.proposedCompareAt()),
                    json(item.reasons()), json(item.explain()),
                    textArray(channels.getOrDefault(item.productId(), Set.of())));
            return row;
        }).collect(Collectors.joining());
        // COPY is refused on a table with row-level security, so it fills a per-session scratch table
        // (emptied at commit) from which one INSERT moves the rows under the policies.
        jdbc.execute("CREATE TEMP TABLE IF NOT EXISTS price_change_item_load"
                + " (LIKE price_change_item INCLUDING DEFAULTS) ON COMMIT DELETE ROWS");
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn("""
                    COPY price_change_item_load (tenant_id, price_change_id, preview_hash, seq, product_id, sku,
                        currency, status, current_price, proposed_price, delta, delta_percent, current_compare_at,
                        proposed_compare_at, reasons, explain, channels) FROM STDIN WITH (FORMAT csv)""",
                    new StringReader(csv));
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("could not store the preview of price change " + id, e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
        jdbc.update("INSERT INTO price_change_item (" + LOADED + ") SELECT " + LOADED + " FROM price_change_item_load");
    }

    /**
     * One page of the items as the tenant sees them (row-level security), ordered as previewed.
     * {@code outcome} filters on the displayed outcome; {@code status} on the preview status;
     * {@code channelState} keeps the items that show that sync state for at least one channel.
     */
    public Page page(TenantId tenantId, PriceChangeId id, String status, Outcome outcome, ChannelState channelState,
                     int page, int size) {
        List<Object> args = new ArrayList<>();
        StringBuilder where = new StringBuilder("price_change_id = ?");
        args.add(id.value());
        if (status != null) {
            where.append(" AND status = ?");
            args.add(status);
        }
        if (outcome != null) {
            where.append(" AND ").append(DISPLAYED_OUTCOME).append(" = ?");
            args.add(outcome.name());
        }
        if (channelState == ChannelState.PENDING) {
            where.append(" AND EXISTS (SELECT 1 FROM unnest(channels) c WHERE c = ANY (?) AND NOT jsonb_exists(")
                    .append(DISPLAYED_SYNC).append(", c))");
            args.add(ChannelMessages.WRITE_BACK.toArray(String[]::new));
        } else if (channelState == ChannelState.NOT_SYNCED) {
            where.append(" AND (outcome = 'APPLIED' OR rollback_outcome = 'ROLLED_BACK')")
                    .append(" AND EXISTS (SELECT 1 FROM unnest(channels) c WHERE NOT c = ANY (?))");
            args.add(ChannelMessages.WRITE_BACK.toArray(String[]::new));
        } else if (channelState != null) {
            where.append(" AND EXISTS (SELECT 1 FROM jsonb_each(").append(DISPLAYED_SYNC)
                    .append(") s WHERE s.value ->> 'state' = ?)");
            args.add(channelState.name());
        }
        return asTenant(tenantId, () -> {
            Long total = jdbc.queryForObject("SELECT count(*) FROM price_change_item WHERE " + where, Long.class,
                    args.toArray());
            List<Object> pageArgs = new ArrayList<>(args);
            pageArgs.add(size);
            pageArgs.add((long) page * size);
            List<PriceChangeItem> rows = jdbc.query("SELECT *, " + DISPLAYED_OUTCOME + " AS displayed_outcome"
                    + " FROM price_change_item WHERE " + where + " ORDER BY seq LIMIT ? OFFSET ?",
                    (rs, n) -> {
                        String currency = rs.getString("currency").trim();
                        BigDecimal deltaPercent = rs.getBigDecimal("delta_percent");
                        String outcomeReason = rs.getString("rollback_reason") != null
                                ? rs.getString("rollback_reason") : rs.getString("outcome_reason");
                        return new PriceChangeItem(rs.getString("product_id"), rs.getString("sku"), currency,
                                Status.valueOf(rs.getString("status")),
                                Outcome.valueOf(rs.getString("displayed_outcome")),
                                money(rs.getBigDecimal("current_price"), currency),
                                money(rs.getBigDecimal("proposed_price"), currency),
                                money(rs.getBigDecimal("delta"), currency),
                                deltaPercent == null ? null : deltaPercent.toPlainString(),
                                money(rs.getBigDecimal("current_compare_at"), currency),
                                money(rs.getBigDecimal("proposed_compare_at"), currency),
                                read(rs.getString("reasons"), REASONS), outcomeReason,
                                tree(rs.getString("explain")), channelStates(rs));
                    }, pageArgs.toArray());
            return new Page(rows, total == null ? 0 : total);
        });
    }

    /**
     * Per channel Calibrate writes to, what it made of the price the item's apply (or, once rolled back,
     * its rollback) set, PENDING until it answers; per read-only channel the product is linked to,
     * NOT_SYNCED with the reason; none for an item that set no price.
     */
    private Map<String, PriceChangeItemChannel> channelStates(ResultSet rs) throws SQLException {
        String sync;
        if ("ROLLED_BACK".equals(rs.getString("rollback_outcome"))) {
            sync = rs.getString("rollback_sync");
        } else if ("APPLIED".equals(rs.getString("outcome"))) {
            sync = rs.getString("apply_sync");
        } else {
            return Map.of();
        }
        Map<String, PriceChangeItemChannel> states = new TreeMap<>();
        for (String channel : (String[]) rs.getArray("channels").getArray()) {
            if (ChannelMessages.writesBack(channel)) {
                states.put(channel, new PriceChangeItemChannel(ChannelState.PENDING, null, null));
            } else {
                states.put(channel, new PriceChangeItemChannel(ChannelState.NOT_SYNCED, notSyncedReason(channel), null));
            }
        }
        if (sync != null) {
            states.putAll(read(sync, CHANNEL_STATES));
        }
        return states;
    }

    /** The next items a run still has to send, in preview order. */
    List<Pending> pending(PriceChangeId id, RunKind kind, int limit) {
        String condition = kind == RunKind.APPLY
                ? "status = 'CHANGE' AND outcome IS NULL"
                : "outcome = 'APPLIED' AND rollback_outcome IS NULL";
        return jdbc.query("SELECT seq, product_id, currency, current_price, proposed_price, proposed_compare_at, explain"
                        + " FROM price_change_item WHERE price_change_id = ? AND " + condition + " ORDER BY seq LIMIT ?",
                (rs, n) -> new Pending(rs.getInt("seq"), new ProductId(rs.getObject("product_id", UUID.class)),
                        rs.getString("currency").trim(), rs.getBigDecimal("current_price"),
                        rs.getBigDecimal("proposed_price"), rs.getBigDecimal("proposed_compare_at"),
                        read(rs.getString("explain"), Explain.class)),
                id.value(), limit);
    }

    void record(PriceChangeId id, RunKind kind, List<Recorded> outcomes) {
        String sql = kind == RunKind.APPLY
                ? "UPDATE price_change_item SET outcome = ?, outcome_reason = ? WHERE price_change_id = ? AND seq = ?"
                : "UPDATE price_change_item SET rollback_outcome = ?, rollback_reason = ? WHERE price_change_id = ? AND seq = ?";
        jdbc.batchUpdate(sql, outcomes.stream()
                .map(o -> new Object[]{o.outcome().name(), o.reason(), id.value(), o.seq()}).toList());
    }

    /** How many items the run wrote, and how many it left as conflicts (or failures). */
    int[] counts(PriceChangeId id, RunKind kind) {
        String column = kind == RunKind.APPLY ? "outcome" : "rollback_outcome";
        String done = kind == RunKind.APPLY ? "APPLIED" : "ROLLED_BACK";
        return jdbc.queryForObject("SELECT count(*) FILTER (WHERE " + column + " = ?),"
                        + " count(*) FILTER (WHERE " + column + " IS NOT NULL AND " + column + " <> ?)"
                        + " FROM price_change_item WHERE price_change_id = ?",
                (rs, n) -> new int[]{rs.getInt(1), rs.getInt(2)}, done, done, id.value());
    }

    /** Request reads run as {@code calibrate_api} with the tenant set, so row-level security applies. */
    private <T> T asTenant(TenantId tenantId, Supplier<T> work) {
        return readOnly.execute(tx -> {
            jdbc.execute("SET LOCAL ROLE calibrate_api");
            jdbc.queryForObject("SELECT set_config('app.tenant_id', ?, true)", String.class, tenantId.toString());
            return work.get();
        });
    }

    private static Money money(BigDecimal amount, String currency) {
        return amount == null ? null : new Money(amount, currency);
    }

    private static String plain(BigDecimal value) {
        return value == null ? null : value.toPlainString();
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("preview items always serialize", e);
        }
    }

    private JsonNode tree(String json) {
        return read(json, JsonNode.class);
    }

    private <T> T read(String json, TypeReference<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored item JSON is unreadable", e);
        }
    }

    private <T> T read(String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored preview JSON is unreadable", e);
        }
    }

    /** An edit voids the preview; its items go in the same transaction. */
    @EventHandler
    void on(PriceChangeEdited event) {
        jdbc.update("DELETE FROM price_change_item WHERE price_change_id = ?", event.id().value());
    }

    /** A PostgreSQL array literal with every element quoted: {@code {"amazon","shopify"}}. */
    private static String textArray(Set<String> values) {
        return values.stream().sorted()
                .map(v -> '"' + v.replace("\\", "\\\\").replace("\"", "\\\"") + '"')
                .collect(Collectors.joining(",", "{", "}"));
    }

    static ChannelState channelState(String wire) {
        try {
            return ChannelState.valueOf(wire.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** One CSV record; null is an unquoted empty field, every other value is quoted. */
    private static void row(StringBuilder csv, String... values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) csv.append(',');
            String value = values[i];
            if (value != null) {
                csv.append('"').append(value.replace("\"", "\"\"")).append('"');
            }
        }
        csv.append('\n');
    }

    static Outcome outcome(String wire) {
        try {
            return Outcome.valueOf(wire.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
