import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Raw PostgreSQL baseline of bench/ingest.sh: how fast the same database takes N product-shaped
 * rows when the application is out of the way. Run as a single-file program with the PostgreSQL
 * JDBC driver on the class path:
 *
 * <pre>java -cp postgresql.jar bench/PgBaseline.java PG_PORT N [BATCH] [SINGLE_COMMIT_ROWS]</pre>
 *
 * Connects to localhost:PG_PORT as postgres and, in scratch tables it creates and drops:
 * <ol>
 *   <li>inserts N rows with JDBC batches of BATCH rows (default 1,000), one commit per batch;</li>
 *   <li>inserts the same N rows again with the driver's {@code reWriteBatchedInserts=true}, i.e. as
 *       multi-row INSERT statements;</li>
 *   <li>inserts SINGLE_COMMIT_ROWS rows (default min(N, 5,000)) with one commit per row, which is
 *       what one short transaction per product costs.</li>
 * </ol>
 * The rows look like product_view plus a bytea payload and metadata sized like the events the run
 * just stored. Prints {@code key=value} lines for the shell script.
 */
public class PgBaseline {

    static final String[] VENDORS = {"Acme Outdoor", "Northwind Goods", "Blue Ridge Supply", "Kestrel & Co",
            "Harbor Home", "Lumen Labs", "Pinecrest", "Solstice Apparel", "Ironbark Tools", "Maple Street"};
    static final String[] TAGS = {"new", "bestseller", "sale", "summer", "winter", "gift", "eco", "limited",
            "outdoor", "kitchen", "clearance", "bundle", "premium", "kids", "travel", "b2b"};
    static final String[] NOUNS = {"Backpack", "Water Bottle", "Hoodie", "Desk Lamp", "Chef Knife", "Yoga Mat",
            "Headphones", "Trail Shoe", "Coffee Grinder", "Rain Jacket"};

    record Row(UUID id, UUID tenant, String sku, String title, String vendor, String type, String[] tags,
               BigDecimal cost, BigDecimal price, byte[] payload, byte[] metadata) {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int n = Integer.parseInt(args[1]);
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int single = args.length > 3 ? Integer.parseInt(args[3]) : Math.min(n, 5000);
        String url = "jdbc:postgresql://localhost:" + port + "/postgres";
        try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
            int[] sizes = eventSizes(c);
            System.out.println("event_payload_bytes=" + sizes[0]);
            System.out.println("event_metadata_bytes=" + sizes[1]);
            System.out.println("synchronous_commit=" + setting(c, "synchronous_commit"));
            System.out.println("fsync=" + setting(c, "fsync"));

            List<Row> rows = rows(n, sizes[0], sizes[1]);
            createTable(c, "bench_baseline");
            double batched = insert(c, "bench_baseline", rows, batch);
            System.out.printf("batch_rows=%d%nbatch_size=%d%nbatch_seconds=%.3f%nbatch_rows_per_s=%.1f%n",
                    n, batch, batched, n / batched);

            // the same batches sent as multi-row INSERTs (the driver rewrites them)
            try (Connection m = DriverManager.getConnection(url + "?reWriteBatchedInserts=true", "postgres", "")) {
                createTable(m, "bench_baseline_multirow");
                double multi = insert(m, "bench_baseline_multirow", rows, batch);
                System.out.printf("multirow_rows=%d%nmultirow_seconds=%.3f%nmultirow_rows_per_s=%.1f%n",
                        n, multi, n / multi);
            }

            List<Row> few = rows.subList(0, single);
            createTable(c, "bench_baseline_single");
            double singles = insert(c, "bench_baseline_single", few, 1);
            System.out.printf("single_rows=%d%nsingle_seconds=%.3f%nsingle_rows_per_s=%.1f%n",
                    single, singles, single / singles);

            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE bench_baseline");
                s.execute("DROP TABLE bench_baseline_multirow");
                s.execute("DROP TABLE bench_baseline_single");
            }
        }
    }

    /** Average serialized size of the product events the run stored (falls back to typical sizes). */
    static int[] eventSizes(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT coalesce(avg(length(payload)), 400)::int, "
                     + "coalesce(avg(length(metadata)), 300)::int FROM domainevententry "
                     + "WHERE payloadtype LIKE '%Product%'")) {
            r.next();
            return new int[] {r.getInt(1), r.getInt(2)};
        } catch (SQLException e) {
            return new int[] {400, 300};
        }
    }

    static String setting(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SHOW " + name)) {
            r.next();
            return r.getString(1);
        }
    }

    static List<Row> rows(int n, int payloadBytes, int metadataBytes) {
        Random rnd = new Random(7);
        UUID tenant = UUID.randomUUID();
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            BigDecimal cost = BigDecimal.valueOf(150 + rnd.nextInt(24850), 2);
            BigDecimal price = cost.multiply(BigDecimal.valueOf(125 + rnd.nextInt(135), 2)).setScale(2, RoundingMode.HALF_UP);
            String sku = String.format("BASE-%07d", i);
            String title = NOUNS[rnd.nextInt(NOUNS.length)] + " " + i;
            String[] tags = {TAGS[rnd.nextInt(TAGS.length)], TAGS[rnd.nextInt(TAGS.length)]};
            rows.add(new Row(UUID.nameUUIDFromBytes(sku.getBytes(StandardCharsets.UTF_8)), tenant, sku, title,
                    VENDORS[rnd.nextInt(VENDORS.length)], "Bags", tags, cost, price,
                    json(rnd, payloadBytes), json(rnd, metadataBytes)));
        }
        return rows;
    }

    /** JSON-like bytes of the given size (compresses like the real thing, roughly). */
    static byte[] json(Random rnd, int size) {
        StringBuilder b = new StringBuilder(size + 32).append("{\"data\":\"");
        while (b.length() < size - 2) {
            b.append(Long.toHexString(rnd.nextLong()));
        }
        b.setLength(Math.max(0, size - 2));
        return b.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
    }

    static void createTable(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + table);
            s.execute("CREATE TABLE " + table + " ("
                    + " product_id UUID NOT NULL PRIMARY KEY, tenant_id UUID NOT NULL, sku TEXT NOT NULL,"
                    + " title TEXT NOT NULL, vendor TEXT, product_type TEXT, tags TEXT[] NOT NULL,"
                    + " cost_amount NUMERIC(30, 6), cost_currency CHAR(3), price_amount NUMERIC(30, 6),"
                    + " price_currency CHAR(3), active BOOLEAN NOT NULL, version BIGINT NOT NULL,"
                    + " payload BYTEA NOT NULL, metadata BYTEA, created_at TIMESTAMPTZ NOT NULL,"
                    + " UNIQUE (tenant_id, sku))");
            // the same secondary indexes as product_view
            s.execute("CREATE INDEX " + table + "_vendor ON " + table + " (tenant_id, vendor)");
            s.execute("CREATE INDEX " + table + "_tags ON " + table + " USING gin (tags)");
        }
    }

    /** Inserts the rows with batches of {@code batch}, committing after each batch; returns seconds. */
    static double insert(Connection c, String table, List<Row> rows, int batch) throws SQLException {
        c.setAutoCommit(false);
        String sql = "INSERT INTO " + table + " (product_id, tenant_id, sku, title, vendor, product_type, tags,"
                + " cost_amount, cost_currency, price_amount, price_currency, active, version, payload, metadata,"
                + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'USD', ?, 'USD', true, 1, ?, ?, ?)";
        long t0 = System.nanoTime();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int pending = 0;
            for (Row r : rows) {
                ps.setObject(1, r.id());
                ps.setObject(2, r.tenant());
                ps.setString(3, r.sku());
                ps.setString(4, r.title());
                ps.setString(5, r.vendor());
                ps.setString(6, r.type());
                ps.setArray(7, c.createArrayOf("text", r.tags()));
                ps.setBigDecimal(8, r.cost());
                ps.setBigDecimal(9, r.price());
                ps.setBytes(10, r.payload());
                ps.setBytes(11, r.metadata());
                ps.setTimestamp(12, Timestamp.from(Instant.now()));
                if (batch == 1) {
                    ps.executeUpdate();
                    c.commit();
                    continue;
                }
                ps.addBatch();
                if (++pending == batch) {
                    ps.executeBatch();
                    c.commit();
                    pending = 0;
                }
            }
            if (pending > 0) {
                ps.executeBatch();
                c.commit();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        c.setAutoCommit(true);
        return seconds;
    }
}
