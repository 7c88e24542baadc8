import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.app.CalibrateApplication;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Competitor monitoring benchmark (issue 5): a Calibrate server in the same JVM (embedded PostgreSQL in a
 * temporary directory), P products loaded through the batch API, C competitors, an observation of every
 * product from each competitor posted in batches of 5,000 (per-batch latency, observations/s, and how
 * long the read models took to catch up after the last batch), then the price position's first page
 * (several times, median) and the preview of a {@code match_competitor} price change over the whole
 * catalog (wall time and counts per status).
 *
 * <pre>bench/competitors.sh [PRODUCTS] [COMPETITORS]</pre>
 */
public class CompetitorsBench {

    static final String ADMIN = "bench-admin-token-0123456789abcdefghijklmnop";
    static final int PRODUCT_BATCH = 1000;
    static final int OBSERVATION_BATCH = 5000;
    static final int REPETITIONS = 7;
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static String base;

    public static void main(String[] args) throws Exception {
        int products = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int competitors = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path data = Files.createTempDirectory("calibrate-bench-competitors");
        System.setProperty("axoniq.update-checker.disabled", "true");
        int port = freePort();
        base = "http://127.0.0.1:" + port;
        long started = System.nanoTime();
        ConfigurableApplicationContext app = SpringApplication.run(CalibrateApplication.class,
                "--calibrate.rate-limits.enabled=false", "--server.port=" + port, "--calibrate.data-dir=" + data, "--calibrate.admin-token=" + ADMIN,
                "--calibrate.consistency.max-wait=300s", "--logging.level.root=WARN", "--spring.main.banner-mode=off",
                // the server's log goes to a file (bench.log), the console keeps only the results
                "--logging.pattern.console=", "--logging.file.name=" + System.getProperty("bench.log", data.resolve("server.log").toString()));
        System.out.printf("server up in %.1f s%n", (System.nanoTime() - started) / 1e9);
        try {
            String tenant = post("/admin/v1/tenants", ADMIN, Map.of("name", "Bench", "defaultCurrency", "USD"), null)
                    .body.get("id").asText();
            String manager = post("/admin/v1/tenants/" + tenant + "/tokens", ADMIN, Map.of("name", "manager", "scopes",
                    List.of("catalog:read", "catalog:write", "competitors:read", "competitors:write", "prices:write")), null)
                    .body.get("token").asText();

            // the catalog
            Random random = new Random(42);
            List<BigDecimal> prices = new ArrayList<>();
            String position = null;
            long t0 = System.nanoTime();
            for (int from = 0; from < products; from += PRODUCT_BATCH) {
                List<Map<String, Object>> items = new ArrayList<>();
                for (int i = from; i < Math.min(products, from + PRODUCT_BATCH); i++) {
                    BigDecimal price = BigDecimal.valueOf(1000 + random.nextInt(9000), 2);
                    prices.add(price);
                    items.add(Map.of("sku", sku(i), "title", "Bench product " + i, "vendor", "Vendor" + (i % 7),
                            "tags", List.of(i % 2 == 0 ? "even" : "odd"),
                            "prices", List.of(Map.of("currency", "USD", "amount", price.toPlainString()))));
                }
                Response answer = post("/api/v1/products:batch", manager, Map.of("items", items), null);
                position = answer.position;
                answer.body.path("results").forEach(r -> {
                    if (r.path("errors").size() > 0) {
                        throw new IllegalStateException("product refused: " + r);
                    }
                });
            }
            System.out.printf("%,d products loaded in %.1f s%n", products, (System.nanoTime() - t0) / 1e9);

            // the competitors and their observations
            List<String> ids = new ArrayList<>();
            for (int c = 0; c < competitors; c++) {
                ids.add(post("/api/v1/competitors", manager, Map.of("name", "Competitor " + c, "domain",
                        "competitor-" + c + ".example"), null).body.get("id").asText());
            }
            Instant observedAt = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
            List<Double> latencies = new ArrayList<>();
            long accepted = 0, rejected = 0;
            long postStart = System.nanoTime();
            for (int c = 0; c < competitors; c++) {
                for (int from = 0; from < products; from += OBSERVATION_BATCH) {
                    List<Map<String, Object>> observations = new ArrayList<>();
                    for (int i = from; i < Math.min(products, from + OBSERVATION_BATCH); i++) {
                        // ±15% around our price; one in twenty out of stock
                        BigDecimal theirs = prices.get(i).multiply(BigDecimal.valueOf(85 + random.nextInt(31)))
                                .divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP);
                        Map<String, Object> o = new LinkedHashMap<>();
                        o.put("sku", sku(i));
                        o.put("price", theirs.toPlainString());
                        o.put("currency", "USD");
                        o.put("observedAt", observedAt.toString());
                        o.put("inStock", random.nextInt(20) != 0);
                        observations.add(o);
                    }
                    long b0 = System.nanoTime();
                    Response answer = post("/api/v1/competitors/" + ids.get(c) + "/observations", manager,
                            Map.of("observations", observations), position);
                    latencies.add((System.nanoTime() - b0) / 1e6);
                    accepted += answer.body.path("accepted").asLong();
                    rejected += answer.body.path("rejected").asLong();
                    position = answer.position;
                }
            }
            double postWall = (System.nanoTime() - postStart) / 1e9;
            long lastBatch = System.nanoTime();
            // the competitors read model: its observation rows, counted until it holds every accepted one
            long projected;
            while ((projected = projected(ids, manager)) < accepted) {
                Thread.sleep(250);
            }
            double competitorsCaughtUp = (System.nanoTime() - lastBatch) / 1e9;
            // which event processors are still behind the last batch, once a second, until all caught up
            EventProcessingConfiguration processing = app.getBean(EventProcessingConfiguration.class);
            long head = Long.parseLong(position);
            int dumps = 0;
            while (true) {
                Map<String, String> behind = behind(processing, head);
                if (behind.isEmpty()) {
                    break;
                }
                double at = (System.nanoTime() - lastBatch) / 1e9;
                System.out.printf("   %5.1f s: behind position %d: %s%n", at, head, behind);
                if (at > 5 && dumps < 2) {
                    dumps++;
                    Thread.getAllStackTraces().forEach((thread, stack) -> {
                        if (thread.getName().contains("[catalog]")) {
                            System.err.println("--- " + thread.getName() + " " + thread.getState());
                            for (StackTraceElement e : stack) {
                                System.err.println("    at " + e);
                            }
                        }
                    });
                }
                Thread.sleep(1000);
            }
            double processorsCaughtUp = (System.nanoTime() - lastBatch) / 1e9;
            // the first price-position read after the load (its plan is made now, right after the bulk insert)
            long f0 = System.nanoTime();
            get("/api/v1/analytics/price-position?size=1", manager, position);
            double firstRead = (System.nanoTime() - f0) / 1e9;
            List<Double> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            System.out.printf("%n== observations: %,d competitors x %,d products in %d batches of <= %,d%n", competitors,
                    products, latencies.size(), OBSERVATION_BATCH);
            System.out.printf("   accepted %,d, rejected %,d%n", accepted, rejected);
            System.out.printf("   per-batch latency: median %.0f ms, max %.0f ms, min %.0f ms (all: %s)%n", median(sorted),
                    sorted.get(sorted.size() - 1), sorted.get(0), latencies.stream().map(l -> String.format("%.0f", l)).toList());
            System.out.printf("   %,.0f observations/s (%,d in %.1f s, one client, batches one after another)%n",
                    accepted / postWall, accepted, postWall);
            System.out.printf("   competitors read model held every observation %.2f s after the last batch's answer"
                    + " (%,.0f observations/s from the first batch's start); every event processor at the last batch's"
                    + " position after %.2f s%n", competitorsCaughtUp, projected / (postWall + competitorsCaughtUp),
                    processorsCaughtUp);
            System.out.printf("   first price-position read after the load (size=1): %.2f s%n", firstRead);

            // price position, first page
            List<Double> reads = new ArrayList<>();
            JsonNode page = null;
            for (int i = 0; i < REPETITIONS; i++) {
                long r0 = System.nanoTime();
                page = get("/api/v1/analytics/price-position?size=100", manager, null);
                reads.add((System.nanoTime() - r0) / 1e6);
            }
            List<Double> sortedReads = new ArrayList<>(reads);
            Collections.sort(sortedReads);
            System.out.printf("%n== GET /api/v1/analytics/price-position?size=100 (first page), %d times%n", REPETITIONS);
            System.out.printf("   median %.0f ms, first %.0f ms, min %.0f ms, max %.0f ms%n", median(sortedReads), reads.get(0),
                    sortedReads.get(0), sortedReads.get(sortedReads.size() - 1));
            System.out.printf("   total %,d, summary %s%n", page.path("total").asLong(), page.path("summary"));

            // a match_competitor price change over the whole catalog: preview
            Map<String, Object> rule = Map.of("selector", Map.of("everything", true),
                    "transform", List.of(Map.of("op", "match_competitor", "strategy", "lowest", "offsetPercent", -1,
                            "maxAgeHours", 24), Map.of("op", "round", "mode", "charm", "ending", "0.99")),
                    "currency", "USD");
            String change = post("/api/v1/price-changes", manager, Map.of("name", "bench match competitor", "rule", rule), null)
                    .body.get("id").asText();
            System.out.printf("%n== preview of a match_competitor price change over every product (lowest, -1%%, 24 h, charm .99)%n");
            for (int run = 1; run <= 2; run++) {
                long p0 = System.nanoTime();
                JsonNode preview = post("/api/v1/price-changes/" + change + "/preview?size=1", manager, Map.of(), position).body;
                double wall = (System.nanoTime() - p0) / 1e9;
                System.out.printf("   preview %d: %.2f s; total %,d, summary %s%n", run, wall, preview.path("total").asLong(),
                        preview.path("summary"));
            }
        } finally {
            app.close();
        }
    }

    /** Per streaming processor behind {@code head}: its segments' positions. */
    static Map<String, String> behind(EventProcessingConfiguration processing, long head) {
        Map<String, String> behind = new java.util.TreeMap<>();
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor streaming) {
                Map<Integer, EventTrackerStatus> status = streaming.processingStatus();
                if (status.isEmpty() || status.values().stream().anyMatch(t -> t.getCurrentPosition().orElse(-1) < head)) {
                    behind.put(name, status.entrySet().stream().map(e -> e.getKey() + "@"
                            + e.getValue().getCurrentPosition().orElse(-1)).toList().toString());
                }
            }
        });
        return behind;
    }

    static long projected(List<String> competitors, String token) throws Exception {
        long rows = 0;
        for (String id : competitors) {
            rows += get("/api/v1/competitors/" + id + "/observations?size=1", token, null).path("total").asLong();
        }
        return rows;
    }

    static String sku(int i) {
        return String.format("BENCH-%06d", i);
    }

    static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    record Response(JsonNode body, String position) {
    }

    static Response post(String path, String token, Object body, String waitFor) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(10));
        if (waitFor != null) {
            request.header("X-Calibrate-Wait-For", waitFor);
        }
        HttpResponse<String> response = HTTP.send(request.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return new Response(JSON.readTree(response.body()), response.headers().firstValue("X-Calibrate-Position").orElse(null));
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
