import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.app.CalibrateApplication;
import dev.calibrate.connectors.amazon.fake.FakeAmazon;
import dev.calibrate.connectors.amazon.fake.FakeListing;
import dev.calibrate.connectors.amazon.fake.FakeSeller;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Amazon sync benchmark (issue 5): a fake Amazon (the connectors test jar's {@code FakeAmazon}: LWA and
 * the SP-API read operations with Amazon's usage plans, listings 5 req/s burst 10, catalog 2 req/s
 * burst 2) holding one seller with L listings in M marketplaces, and a Calibrate server in the same JVM
 * (embedded PostgreSQL in a temporary directory). Connects the seller, syncs it, and prints the wall
 * time, the calls per operation, the 429s the fake sent, the theoretical minimum the two buckets allow
 * for the calls the sync has to make in the order it makes them (the pages of the marketplaces before
 * the last, then the last one's pages with a catalog lookup after every 20 complete SKUs; one call at a
 * time; writing overlaps the reading, so it is left out) and the ratio; then syncs the unchanged seller
 * again and prints its time and the events it wrote.
 *
 * <pre>bench/amazon-sync.sh [LISTINGS] [MARKETPLACES]</pre>
 */
public class AmazonSyncBench {

    static final String ADMIN = "bench-admin-token-0123456789abcdefghijklmnop";
    static final String KEY = "YmVuY2gtc2VjcmV0cy1rZXktMDEyMzQ1Njc4OWFiY2Q=";
    /** na marketplaces: US, CA, MX, BR. */
    static final List<String> MARKETPLACES = List.of("ATVPDKIKX0DER", "A2EUQ1WTGCTBG2", "A1AM78C64UM0Y8", "A2Q3Y263D00KWC");
    static final int PAGE = 20;
    static final int IDENTIFIERS = 20;
    static final double LISTINGS_RATE = 5, LISTINGS_BURST = 10, CATALOG_RATE = 2, CATALOG_BURST = 2;
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static String base;

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int marketplaceCount = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        if (marketplaceCount < 1 || marketplaceCount > MARKETPLACES.size()) {
            throw new IllegalArgumentException("MARKETPLACES must be 1.." + MARKETPLACES.size());
        }
        List<String> marketplaces = MARKETPLACES.subList(0, marketplaceCount);
        Path data = Files.createTempDirectory("calibrate-bench-amazon");
        System.setProperty("axoniq.update-checker.disabled", "true");
        try (FakeAmazon fake = new FakeAmazon()) {
            FakeSeller seller = fake.addSeller("ABENCHSELLER01");
            seller.generateCatalog(count, marketplaces, 42);
            int port = freePort();
            base = "http://127.0.0.1:" + port;
            long started = System.nanoTime();
            ConfigurableApplicationContext app = SpringApplication.run(CalibrateApplication.class,
                    "--calibrate.rate-limits.enabled=false", "--server.port=" + port, "--calibrate.data-dir=" + data, "--calibrate.admin-token=" + ADMIN,
                    "--calibrate.secrets.key=" + KEY, "--calibrate.amazon.lwa-url=" + fake.lwaUrl(),
                    "--calibrate.amazon.spapi-base-url=" + fake.spApiBaseUrl(), "--calibrate.consistency.max-wait=120s",
                    "--logging.level.root=WARN", "--spring.main.banner-mode=off",
                // the server's log goes to a file (bench.log), the console keeps only the results
                "--logging.pattern.console=", "--logging.file.name=" + System.getProperty("bench.log", data.resolve("server.log").toString()));
            System.out.printf("server up in %.1f s%n", (System.nanoTime() - started) / 1e9);
            try {
                JdbcTemplate jdbc = new JdbcTemplate(app.getBean(DataSource.class));
                String tenant = post("/admin/v1/tenants", ADMIN, Map.of("name", "Bench", "defaultCurrency", "USD")).body.get("id").asText();
                String manager = post("/admin/v1/tenants/" + tenant + "/tokens", ADMIN, Map.of("name", "manager", "scopes",
                        List.of("catalog:read", "catalog:write", "connectors:admin", "audit:read"))).body.get("token").asText();
                String marker = post("/admin/v1/tenants/" + tenant + "/tokens", ADMIN, Map.of("name", "marker", "scopes",
                        List.of("catalog:write"))).body.get("token").asText();
                post("/api/v1/connectors/amazon", manager, Map.of("sellerId", seller.sellerId(), "region", "na",
                        "marketplaceIds", marketplaces, "clientId", seller.clientId(), "clientSecret", seller.clientSecret(),
                        "refreshToken", seller.refreshToken()));

                // what the sync has to read, in the order it reads it (see SellerListingReader)
                Calls calls = calls(seller, marketplaces);
                int listingCalls = calls.listings(), catalogCalls = calls.catalog();
                for (String m : marketplaces) {
                    List<FakeListing> in = seller.listings().stream().filter(l -> l.marketplaceIds().contains(m)).toList();
                    System.out.printf("marketplace %s: %,d listings (%,d with an ASIN): %d listings pages%n", m, in.size(),
                            in.stream().filter(l -> l.asin() != null).count(), Math.max(1, (in.size() + PAGE - 1) / PAGE));
                }
                System.out.printf("catalog lookups, each in the marketplace whose listing names the ASIN: %d%n", catalogCalls);
                double minimum = minimum(calls.order());
                double sequential = minimum(sequentialOrder(calls));
                double listingsOnly = Math.max(0, listingCalls - LISTINGS_BURST) / LISTINGS_RATE;
                double catalogOnly = Math.max(0, catalogCalls - CATALOG_BURST) / CATALOG_RATE;

                System.out.printf("%n== first sync: %,d listings in %d marketplace(s)%n", count, marketplaceCount);
                Result first = sync(fake, seller, manager, marker, jdbc);
                System.out.printf("   wall time, sync request to COMPLETED: %.1f s (first products written after %.1f s)%n",
                        first.wall, first.read);
                System.out.printf("   SP-API calls: listings %d (needed %d), catalog %d (needed %d); 429s sent by the fake %d;"
                        + " LWA tokens %d%n", first.listings, listingCalls, first.catalog, catalogCalls, first.throttled, first.tokens);
                System.out.printf("   theoretical minimum of the buckets for the calls needed, in the sync's order: %.1f s"
                        + " (listings alone %.1f s, catalog alone %.1f s; all pages before all lookups: %.1f s)%n",
                        minimum, listingsOnly, catalogOnly, sequential);
                System.out.printf("   ratio wall/minimum %.2f%n", first.wall / minimum);
                System.out.printf("   events written: %,d (event store), %,d audit entries; status tally %s%n",
                        first.events, first.audit, first.tally);

                System.out.printf("%n== second sync of the unchanged seller%n");
                Result second = sync(fake, seller, manager, marker, jdbc);
                System.out.printf("   wall time: %.1f s (first products compared after %.1f s)%n", second.wall, second.read);
                System.out.printf("   SP-API calls: listings %d, catalog %d; 429s %d; LWA tokens %d%n", second.listings,
                        second.catalog, second.throttled, second.tokens);
                System.out.printf("   ratio wall/minimum %.2f%n", second.wall / minimum);
                System.out.printf("   events written: %,d (event store), %,d audit entries; status tally %s%n",
                        second.events, second.audit, second.tally);
                System.out.printf("%nfake: invalid responses %d%n", fake.invalidResponses().size());
                fake.invalidResponses().stream().limit(5).forEach(r -> System.out.println("   " + r));
            } finally {
                app.close();
            }
        }
    }

    /** The SP-API calls a sync makes, in its order: 'L' a listings page, 'C' a catalog lookup. */
    record Calls(String order, int listings, int catalog) {
    }

    /**
     * The calls of {@code SellerListingReader}: every page of the marketplaces before the last; then each
     * page of the last marketplace completes the SKUs on it, and a lookup goes out whenever 20 complete
     * SKUs wait in the marketplace that names their ASIN (the first, in the connection's order, that
     * lists them); at the end the SKUs the last marketplace does not list, then the partial groups.
     */
    static Calls calls(FakeSeller seller, List<String> marketplaces) {
        StringBuilder order = new StringBuilder();
        java.util.Set<String> completed = new java.util.HashSet<>();
        Map<String, Integer> waiting = new java.util.LinkedHashMap<>();
        java.util.function.Consumer<FakeListing> complete = l -> {
            if (completed.add(l.sku())) {
                String in = l.asin() == null ? "" : marketplaces.stream().filter(l.marketplaceIds()::contains).findFirst().orElseThrow();
                if (waiting.merge(in, 1, Integer::sum) == IDENTIFIERS) {
                    waiting.remove(in);
                    if (!in.isEmpty()) {
                        order.append('C');
                    }
                }
            }
        };
        for (int i = 0; i < marketplaces.size(); i++) {
            String m = marketplaces.get(i);
            List<FakeListing> in = seller.listings().stream().filter(l -> l.marketplaceIds().contains(m)).toList();
            int pages = Math.max(1, (in.size() + PAGE - 1) / PAGE);
            for (int p = 0; p < pages; p++) {
                order.append('L');
                if (i == marketplaces.size() - 1) {
                    in.subList(p * PAGE, Math.min(in.size(), (p + 1) * PAGE)).forEach(complete);
                }
            }
        }
        seller.listings().forEach(complete);
        waiting.forEach((in, n) -> {
            if (!in.isEmpty()) {
                order.append('C');
            }
        });
        String calls = order.toString();
        return new Calls(calls, (int) calls.chars().filter(c -> c == 'L').count(), (int) calls.chars().filter(c -> c == 'C').count());
    }

    /** The same calls with every page before every lookup, as the ingest made them before issue 14. */
    static String sequentialOrder(Calls calls) {
        return "L".repeat(calls.listings()) + "C".repeat(calls.catalog());
    }

    /**
     * The least time the two buckets allow for the calls, sent one at a time in {@code order}, each as
     * soon as its bucket holds a token, with zero latency (both buckets full at the start). Writing
     * overlaps reading, so it adds only the last group's write, which this leaves out.
     */
    static double minimum(String order) {
        double t = 0;
        double[] listings = {LISTINGS_BURST, 0}; // tokens, time of the last refill
        double[] catalog = {CATALOG_BURST, 0};
        for (char call : order.toCharArray()) {
            t = call == 'L' ? take(listings, LISTINGS_RATE, LISTINGS_BURST, t) : take(catalog, CATALOG_RATE, CATALOG_BURST, t);
        }
        return t;
    }

    static double take(double[] bucket, double rate, double burst, double now) {
        bucket[0] = Math.min(burst, bucket[0] + (now - bucket[1]) * rate);
        bucket[1] = now;
        if (bucket[0] < 1) {
            double wait = (1 - bucket[0]) / rate;
            now += wait;
            bucket[0] = 1;
            bucket[1] = now;
        }
        bucket[0] -= 1;
        return now;
    }

    record Result(double wall, double read, int listings, int catalog, int throttled, int tokens, long events, long audit,
                  String tally) {
    }

    static Result sync(FakeAmazon fake, FakeSeller seller, String manager, String marker, JdbcTemplate jdbc) throws Exception {
        int requestsBefore = fake.requestsOf(seller.sellerId()).size();
        int throttledBefore = seller.throttled();
        int tokensBefore = seller.tokenRequests();
        long headBefore = headPosition(jdbc);
        Instant from = Instant.now();
        long t0 = System.nanoTime();
        post("/api/v1/connectors/amazon/sync", manager, Map.of());
        double read = -1;
        JsonNode sync;
        long deadline = System.nanoTime() + Duration.ofMinutes(60).toNanos();
        while (true) {
            sync = get("/api/v1/connectors/amazon/status", manager).path("sync");
            String state = sync.path("state").asText();
            if (read < 0 && (sync.path("created").asInt() + sync.path("updated").asInt() + sync.path("unchanged").asInt() > 0
                    || "COMPLETED".equals(state))) {
                read = (System.nanoTime() - t0) / 1e9;
            }
            if ("COMPLETED".equals(state) && !sync.path("finishedAt").isMissingNode() && !sync.path("finishedAt").isNull()
                    && Instant.parse(sync.path("finishedAt").asText()).isAfter(from)) {
                break;
            }
            if ("FAILED".equals(state)) {
                throw new IllegalStateException("sync failed: " + sync);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for the sync: " + sync);
            }
            Thread.sleep(100);
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        Long events = jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE globalindex > ?", Long.class, headBefore);
        List<FakeAmazon.Request> requests = fake.requestsOf(seller.sellerId());
        requests = requests.subList(requestsBefore, requests.size());
        int listings = (int) requests.stream().filter(r -> r.path().startsWith("/listings/")).count();
        int catalog = (int) requests.stream().filter(r -> r.path().startsWith("/catalog/")).count();
        // the audit entries since the sync started, read once the audit model has caught up with a marker
        // write after it (a product the marker token writes, left out of the count)
        Response mark = post("/api/v1/products", marker, Map.of("sku", "BENCH-MARKER-" + System.nanoTime(), "title", "marker"));
        String markerId = mark.body.path("id").asText();
        JsonNode audit = get("/api/v1/audit?size=200&from=" + from, manager, mark.position);
        long markerEntries = get("/api/v1/audit?size=1&from=" + from + "&entityId=" + markerId, manager, mark.position)
                .path("total").asLong();
        long auditEntries = audit.path("total").asLong() - markerEntries;
        Map<String, Integer> actions = new TreeMap<>();
        audit.path("items").forEach(i -> {
            if (!markerId.equals(i.path("entityId").asText())) {
                actions.merge(i.path("action").asText(), 1, Integer::sum);
            }
        });
        String tally = String.format("pages %d, listings seen %d, created %d, updated %d, unchanged %d, removed %d, warnings %d%s",
                sync.path("pages").asInt(), sync.path("listingsSeen").asInt(), sync.path("created").asInt(),
                sync.path("updated").asInt(), sync.path("unchanged").asInt(), sync.path("removed").asInt(),
                sync.path("warnings").size(), actions.isEmpty() ? "" : "; audit actions (latest 200) " + actions);
        return new Result(wall, read, listings, catalog, seller.throttled() - throttledBefore,
                seller.tokenRequests() - tokensBefore, events, auditEntries, tally);
    }

    static long headPosition(JdbcTemplate jdbc) {
        Long head = jdbc.queryForObject("SELECT coalesce(max(globalindex), 0) FROM domainevententry", Long.class);
        return head == null ? 0 : head;
    }

    record Response(JsonNode body, String position) {
    }

    static Response post(String path, String token, Object body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return new Response(JSON.readTree(response.body()), response.headers().firstValue("X-Calibrate-Position").orElse(null));
    }

    static JsonNode get(String path, String token) throws Exception {
        return get(path, token, null);
    }

    static JsonNode get(String path, String token, String waitFor) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token);
        if (waitFor != null) {
            request.header("X-Calibrate-Wait-For", waitFor);
        }
        HttpResponse<String> response = HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
