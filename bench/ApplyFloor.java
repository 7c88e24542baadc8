import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The apply's database floor for bench/pricechange.sh: the rows an apply of the bench's price change
 * writes, with no Java in the loop, set-based per chunk, on the same database right after the run:
 *
 * <pre>java -cp postgresql.jar bench/ApplyFloor.java PG_PORT [CHUNK]</pre>
 *
 * Takes the price change with the most APPLIED items, and the average size of the
 * ProductPriceChanged events the run stored; then, in scratch tables shaped like the real ones
 * (created and dropped here), per chunk of CHUNK items (default 2,000, the server's default):
 * <ol>
 *   <li>one transaction: a ProductPriceChanged row per item (same payload and metadata sizes, the
 *       (aggregate, sequence) unique key and the tenant column), and the items' outcomes
 *       ({@code price_change_item}: outcome and replaced price);</li>
 *   <li>one transaction (the catalog projection's): the products' current price updated, their
 *       open history row closed and a new one inserted;</li>
 *   <li>one transaction (the audit projection's): an audit row per event, explain copied.</li>
 * </ol>
 * Prints {@code key=value} lines: {@code apply_floor_s}, {@code apply_floor_items}, the sizes used.
 */
public class ApplyFloor {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int chunk = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres",
                "postgres", "")) {
            String change = single(c, "SELECT price_change_id::text FROM price_change_item WHERE outcome = 'APPLIED'"
                    + " GROUP BY price_change_id ORDER BY count(*) DESC LIMIT 1");
            if (change == null) {
                System.out.println("apply_floor_s=NaN");
                return;
            }
            String payload = single(c, "SELECT coalesce(avg(length(payload)), 600)::int FROM domainevententry"
                    + " WHERE payloadtype LIKE '%ProductPriceChanged'");
            String metadata = single(c, "SELECT coalesce(avg(length(metadata)), 300)::int FROM domainevententry"
                    + " WHERE payloadtype LIKE '%ProductPriceChanged'");
            System.out.println("apply_floor_event_payload_bytes=" + payload);
            System.out.println("apply_floor_event_metadata_bytes=" + metadata);
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS floor_event, floor_item, floor_price, floor_history, floor_audit");
                s.execute("CREATE TABLE floor_event (globalindex BIGSERIAL PRIMARY KEY, aggregateidentifier VARCHAR(255)"
                        + " NOT NULL, sequencenumber BIGINT NOT NULL, type VARCHAR(255), eventidentifier VARCHAR(255)"
                        + " NOT NULL UNIQUE, metadata BYTEA, payload BYTEA NOT NULL, payloadrevision VARCHAR(255),"
                        + " payloadtype VARCHAR(255) NOT NULL, timestamp VARCHAR(255) NOT NULL, tenant_id UUID,"
                        + " UNIQUE (aggregateidentifier, sequencenumber))");
                s.execute("CREATE TABLE floor_item AS SELECT * FROM price_change_item WHERE price_change_id = '"
                        + change + "'");
                s.execute("UPDATE floor_item SET outcome = NULL, outcome_reason = NULL, replaced_price = NULL,"
                        + " replaced_compare_at = NULL");
                s.execute("ALTER TABLE floor_item ADD PRIMARY KEY (price_change_id, seq)");
                s.execute("CREATE TABLE floor_price AS SELECT p.* FROM product_price p JOIN floor_item i"
                        + " ON i.product_id = p.product_id AND i.currency = p.currency");
                s.execute("ALTER TABLE floor_price ADD PRIMARY KEY (product_id, currency)");
                s.execute("CREATE TABLE floor_history (LIKE product_price_history INCLUDING INDEXES)");
                s.execute("INSERT INTO floor_history SELECT h.* FROM product_price_history h JOIN floor_item i"
                        + " ON i.product_id = h.product_id AND i.currency = h.currency");
                s.execute("CREATE TABLE floor_audit (LIKE audit_entry INCLUDING INDEXES)");
                s.execute("ANALYZE floor_item, floor_price, floor_history");
            }
            int items = Integer.parseInt(single(c, "SELECT count(*) FROM floor_item WHERE status = 'CHANGE'"));
            // a re-preview numbers its items from 2^30 (JdbcPreviewStore.SECOND_RANGE): chunk from the first
            int first = Integer.parseInt(single(c, "SELECT coalesce(min(seq), 0) FROM floor_item"));
            int last = Integer.parseInt(single(c, "SELECT coalesce(max(seq), -1) FROM floor_item"));
            c.setAutoCommit(false);
            long started = System.nanoTime();
            for (int from = first; from <= last; from += chunk) {
                int to = from + chunk - 1;
                update(c, "INSERT INTO floor_event (aggregateidentifier, sequencenumber, type, eventidentifier,"
                        + " metadata, payload, payloadrevision, payloadtype, timestamp, tenant_id)"
                        + " SELECT product_id::text, 1000000, 'Product', gen_random_uuid()::text,"
                        + " convert_to(repeat('m', " + metadata + "), 'UTF8'), convert_to(repeat('p', " + payload
                        + "), 'UTF8'), '2', 'dev.calibrate.kernel.product.ProductMessages$ProductPriceChanged',"
                        + " now()::text, tenant_id FROM floor_item WHERE status = 'CHANGE' AND seq BETWEEN ? AND ?",
                        from, to);
                update(c, "UPDATE floor_item SET outcome = 'APPLIED', replaced_price = current_price,"
                        + " replaced_compare_at = current_compare_at"
                        + " WHERE status = 'CHANGE' AND outcome IS NULL AND seq BETWEEN ? AND ?", from, to);
                c.commit();
                update(c, "UPDATE floor_price p SET amount = i.proposed_price, compare_at = i.proposed_compare_at,"
                        + " source = 'price-change:' || i.price_change_id, valid_from = now(),"
                        + " event_id = gen_random_uuid()::text FROM floor_item i WHERE i.product_id = p.product_id"
                        + " AND i.currency = p.currency AND i.status = 'CHANGE' AND i.seq BETWEEN ? AND ?", from, to);
                update(c, "UPDATE floor_history h SET valid_to = now() FROM floor_item i WHERE i.product_id = h.product_id"
                        + " AND i.currency = h.currency AND h.valid_to IS NULL AND i.status = 'CHANGE'"
                        + " AND i.seq BETWEEN ? AND ?", from, to);
                update(c, "INSERT INTO floor_history (event_id, product_id, currency, tenant_id, amount, compare_at,"
                        + " source, valid_from) SELECT gen_random_uuid()::text, product_id, currency, tenant_id,"
                        + " proposed_price, proposed_compare_at, 'price-change:' || price_change_id, now()"
                        + " FROM floor_item WHERE status = 'CHANGE' AND seq BETWEEN ? AND ?", from, to);
                c.commit();
                update(c, "INSERT INTO floor_audit (event_id, global_index, tenant_id, entity_type, entity_id, action,"
                        + " actor, correlation_id, request_id, explain, at) SELECT gen_random_uuid()::text, seq,"
                        + " tenant_id, 'product', product_id::text, 'ProductPriceChanged', 'bench', price_change_id::text,"
                        + " NULL, explain::jsonb, now() FROM floor_item WHERE status = 'CHANGE' AND seq BETWEEN ? AND ?",
                        from, to);
                c.commit();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE floor_event, floor_item, floor_price, floor_history, floor_audit");
            }
            System.out.println("apply_floor_items=" + items);
            System.out.println("apply_floor_chunk=" + chunk);
            System.out.printf("apply_floor_s=%.2f%n", seconds);
        }
    }

    private static String single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            return r.next() ? r.getString(1) : null;
        }
    }

    private static void update(Connection c, String sql, int from, int to) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setInt(1, from);
            s.setInt(2, to);
            s.executeUpdate();
        }
    }
}
