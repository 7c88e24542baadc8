import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.app.CalibrateApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Preview cost benchmark (issue 11, item 2): a Calibrate server in the same JVM (embedded PostgreSQL in a
 * temporary directory), P products whose titles are 255 a's, and the preview of price changes selecting
 * them by title glob: the audit's {@code *a*a*a*a*a*a*a*b} (which took the regex glob 5.5 s per product
 * of 50 characters), the glob that costs the matcher most on 255 characters, and {@code *} (a baseline:
 * every product selected, so every item stored). Each preview runs twice; wall time and counts per status.
 *
 * <pre>bench/preview-glob.sh [PRODUCTS]</pre>
 */
public class PreviewGlobBench {

    static final String ADMIN = "bench-admin-token-0123456789abcdefghijklmnop";
    static final String TITLE = "a".repeat(255);
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static String base;

    public static void main(String[] args) throws Exception {
        int products = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path data = Files.createTempDirectory("calibrate-bench-preview");
        System.setProperty("axoniq.update-checker.disabled", "true");
        int port = freePort();
        base = "http://127.0.0.1:" + port;
        long started = System.nanoTime();
        ConfigurableApplicationContext app = SpringApplication.run(CalibrateApplication.class,
                "--calibrate.rate-limits.enabled=false", "--server.port=" + port, "--calibrate.data-dir=" + data, "--calibrate.admin-token=" + ADMIN,
                "--calibrate.consistency.max-wait=300s", "--logging.level.root=WARN", "--spring.main.banner-mode=off",
                "--logging.level.dev.calibrate.command.pricechange.PreviewCalculator=INFO",
                "--logging.pattern.console=", "--logging.file.name=" + System.getProperty("bench.log", data.resolve("server.log").toString()));
        System.out.printf("server up in %.1f s%n", (System.nanoTime() - started) / 1e9);
        try {
            String tenant = post("/admin/v1/tenants", ADMIN, Map.of("name", "Bench", "defaultCurrency", "USD"), null)
                    .body.get("id").asText();
            String manager = post("/admin/v1/tenants/" + tenant + "/tokens", ADMIN, Map.of("name", "manager", "scopes",
                    List.of("catalog:read", "catalog:write", "prices:write")), null).body.get("token").asText();

            long t0 = System.nanoTime();
            String position = null;
            for (int from = 0; from < products; from += 1000) {
                List<Map<String, Object>> items = new ArrayList<>();
                for (int i = from; i < Math.min(products, from + 1000); i++) {
                    items.add(Map.of("sku", String.format("GLOB-%06d", i), "title", TITLE,
                            "prices", List.of(Map.of("currency", "USD", "amount", "10.00"))));
                }
                position = post("/api/v1/products:batch", manager, Map.of("items", items), position).position;
            }
            System.out.printf("%,d products with 255-character titles loaded in %.1f s%n", products,
                    (System.nanoTime() - t0) / 1e9);

            // at most (255 + 1) x (m + 1) steps; (255 - m) x m mismatching comparisons peaks near m = 128
            String costliest = "*" + "a".repeat(126) + "b";
            for (String glob : List.of("*a*a*a*a*a*a*a*b", costliest, "*")) {
                String change = post("/api/v1/price-changes", manager, Map.of("name", "Glob " + glob.length(),
                        "rule", Map.of("selector", Map.of("field", "title", "op", "glob", "value", glob),
                                "transform", List.of(Map.of("op", "percent", "value", -10)), "currency", "USD")),
                        null).body.get("id").asText();
                for (int run = 1; run <= 2; run++) {
                    long p0 = System.nanoTime();
                    JsonNode summary = post("/api/v1/price-changes/" + change + "/preview?size=1", manager, null,
                            position).body.get("summary");
                    System.out.printf("preview, glob %s (%d chars), run %d: %.2f s; %s%n",
                            glob.length() > 20 ? glob.substring(0, 12) + "…b" : glob, glob.length(), run,
                            (System.nanoTime() - p0) / 1e9, summary);
                }
            }
        } finally {
            app.close();
        }
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
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
        HttpResponse<String> response = HTTP.send(request.POST(publisher).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return new Response(JSON.readTree(response.body()), response.headers().firstValue("X-Calibrate-Position").orElse(null));
    }

    static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
