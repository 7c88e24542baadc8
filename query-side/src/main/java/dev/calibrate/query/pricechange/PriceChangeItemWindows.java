package dev.calibrate.query.pricechange;

import dev.calibrate.kernel.pricechange.ExplainFrame;
import dev.calibrate.query.pricechange.PriceChangeItemApi.PriceChangeItem;
import dev.calibrate.query.pricechange.PriceChangeItemQueries.Filter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Windows of several changes' items by keyset on the preview order ({@code seq}), in one statement: a
 * {@code LATERAL} window per change over the items' (change, seq) key, so a page reads its rows and not the
 * rows before it (as OFFSET would), and an item added or removed meanwhile neither repeats nor hides another.
 * Each change's explain frame comes in the same statement, so rows and frame always belong to one preview.
 * Read inside the caller's tenant scope: another tenant's change has no rows here.
 */
@Component
public class PriceChangeItemWindows {

    /** An item and its place in the change's preview order: where the next window starts. */
    public record PositionedItem(int seq, PriceChangeItem item) {
    }

    private final JdbcTemplate jdbc;
    private final PriceChangeItemRows rows;

    PriceChangeItemWindows(JdbcTemplate jdbc, PriceChangeItemRows rows) {
        this.jdbc = jdbc;
        this.rows = rows;
    }

    /**
     * Up to {@code limit} items of each change in {@code changes} that {@code filter} selects, in preview
     * order, after {@code afterSeq} and before {@code beforeSeq} when given: the first ones of that range, or
     * with {@code fromEnd} the last ones (still answered in preview order). A change with no such items (or
     * not the tenant's) is missing from the answer.
     */
    public Map<UUID, List<PositionedItem>> windows(Collection<UUID> changes, Filter filter, Integer afterSeq,
                                                   Integer beforeSeq, int limit, boolean fromEnd) {
        Map<UUID, List<PositionedItem>> byChange = new HashMap<>();
        if (changes.isEmpty() || limit <= 0) {
            return byChange;
        }
        List<Object> args = new ArrayList<>();
        args.add(changes.stream().map(UUID::toString).toArray(String[]::new));
        String conditions = PriceChangeItemRows.conditions(filter, args);
        if (afterSeq != null) {
            conditions += " AND i.seq > ?";
            args.add(afterSeq);
        }
        if (beforeSeq != null) {
            conditions += " AND i.seq < ?";
            args.add(beforeSeq);
        }
        args.add(limit);
        String direction = fromEnd ? " DESC" : "";
        // the frame is sent with each change's first row read only: every row of one preview shares it; rows come
        // in the window's own order (from the end backwards with fromEnd) and are put in preview order after
        Map<UUID, ExplainFrame> frames = new HashMap<>();
        jdbc.query("SELECT w.*, CASE WHEN w.window_row = 1 THEN p.explain_frame END AS frame_json"
                + " FROM unnest(CAST(? AS uuid[])) AS change(id)"
                + " CROSS JOIN LATERAL (SELECT " + PriceChangeItemRows.COLUMNS
                + ", row_number() OVER (ORDER BY i.seq" + direction + ") AS window_row" + PriceChangeItemRows.FROM
                + " WHERE i.price_change_id = change.id" + conditions + " ORDER BY i.seq" + direction + " LIMIT ?) w"
                + " LEFT JOIN price_change_preview p ON p.price_change_id = change.id"
                + " ORDER BY w.price_change_id, w.window_row", rs -> {
                    UUID change = rs.getObject("price_change_id", UUID.class);
                    String frameJson = rs.getString("frame_json");
                    if (frameJson != null) {
                        frames.put(change, rows.frame(frameJson));
                    }
                    PriceChangeItem item = rows.item(rs, row -> {
                        ExplainFrame frame = frames.get(change);
                        // rows and frame come from one statement, so from one preview: only a missing frame is wrong
                        if (frame == null) {
                            throw new IllegalStateException("price change " + change
                                    + " has items without their preview's explain frame");
                        }
                        return frame;
                    });
                    byChange.computeIfAbsent(change, id -> new ArrayList<>())
                            .add(new PositionedItem(rs.getInt("seq"), item));
                }, args.toArray());
        if (fromEnd) {
            byChange.values().forEach(Collections::reverse);
        }
        return byChange;
    }
}
