import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.app.CalibrateApplication;
import dev.calibrate.connectors.shopify.fake.FakeShop;
import dev.calibrate.connectors.shopify.fake.FakeShopify;
import dev.calibrate.connectors.shopify.fake.FakeVariant;
import dev.calibrate.connectors.shopify.fake.RecordedRequest;
import dev.calibrate.connectors.shopify.writeback.sending.ShopifyWriteBackTuning;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Write-back benchmark (issue 4): a fake Shopify at Standard-plan limits (restore 100 points/s, bucket
 * 2,000) holding P products x V variants, a Calibrate server in the same JVM (embedded PostgreSQL in a
 * temporary directory), and a price change over every variant. Prints, for the per-product path
 * (productVariantsBulkUpdate per product) and for the bulk-mutation path: wall time from apply until
 * the shop holds every new price, the points the calls cost, the theoretical minimum the bucket allows
 * ((cost - bucket at start) / restore rate), their ratio, and the throttled answers.
 *
 * Also: the calls per Shopify product, and the wall time against what the bucket allows if every
 * product went in one call.
 *
 * <pre>bench/shopify-writeback.sh [PRODUCTS] [VARIANTS_PER_PRODUCT] [SIBLING_WINDOW, e.g. 30s]</pre>
 */
public class ShopifyWriteBackBench {

    static final String ADMIN = "bench-admin-token-0123456789abcdefghijklmnop";
    static final String KEY = "YmVuY2gtc2VjcmV0cy1rZXktMDEyMzQ1Njc4OWFiY2Q=";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static String base;

    public static void main(String[] args) throws Exception {
        int products = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int variantsPer = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        // the write-back's sibling window (calibrate.shopify.write-back.sibling-window); unset: the default
        String siblingWindow = args.length > 2 ? args[2] : null;
        Path data = Files.createTempDirectory("calibrate-bench-shopify");
        // as CalibrateApplication.main does: Axon's update checker must not call home
        System.setProperty("axoniq.update-checker.disabled", "true");
        try (FakeShopify fake = new FakeShopify()) {
            FakeShop shop = fake.addShop("bench-shop.myshopify.com", "shpat_bench", "USD");
            shop.generateCatalog(products, variantsPer, 42);
            shop.plan(100);
            int port = freePort();
            base = "http://127.0.0.1:" + port;
            long started = System.nanoTime();
            List<String> arguments = new ArrayList<>(List.of("--calibrate.rate-limits.enabled=false", "--server.port=" + port, "--calibrate.data-dir=" + data,
                    "--calibrate.admin-token=" + ADMIN, "--calibrate.secrets.key=" + KEY,
                    "--calibrate.shopify.base-url=" + fake.baseUrlTemplate(), "--calibrate.shopify.public-url=" + base,
                    "--calibrate.consistency.max-wait=120s", "--logging.level.root=WARN"));
            if (siblingWindow != null) {
                arguments.add("--calibrate.shopify.write-back.sibling-window=" + siblingWindow);
            }
            ConfigurableApplicationContext app = SpringApplication.run(CalibrateApplication.class,
                    arguments.toArray(String[]::new));
            System.out.printf("server up in %.1f s%n", (System.nanoTime() - started) / 1e9);
            try {
                ShopifyWriteBackTuning tuning = app.getBean(ShopifyWriteBackTuning.class);
                System.out.printf("sibling window %s (calibrate.shopify.write-back.sibling-window)%n", tuning.siblingWindow());
                String tenant = post("/admin/v1/tenants", ADMIN, Map.of("name", "Bench", "defaultCurrency", "USD")).get("id").asText();
                String manager = post("/admin/v1/tenants/" + tenant + "/tokens", ADMIN, Map.of("name", "manager", "scopes",
                        List.of("catalog:read", "catalog:write", "prices:write", "prices:apply", "connectors:admin"))).get("token").asText();
                String approver = post("/admin/v1/tenants/" + tenant + "/tokens", ADMIN, Map.of("name", "approver",
                        "scopes", List.of("prices:approve"))).get("token").asText();
                post("/api/v1/connectors/shopify", manager, Map.of("shop", shop.domain(), "accessToken", "shpat_bench",
                        "apiSecret", FakeShopify.DEFAULT_CLIENT_SECRET));
                long syncStart = System.nanoTime();
                post("/api/v1/connectors/shopify/sync?mode=bulk", manager, Map.of());
                await(() -> "COMPLETED".equals(get("/api/v1/connectors/shopify/status", manager).path("sync").path("state").asText()),
                        Duration.ofMinutes(30), "sync");
                int variants = shop.variants().size();
                await(() -> get("/api/v1/products?size=1", manager).path("total").asInt() == variants, Duration.ofMinutes(10), "catalog");
                System.out.printf("synced %,d products / %,d variants in %.1f s%n", products, variants,
                        (System.nanoTime() - syncStart) / 1e9);

                tuning.bulkMutationThreshold(Integer.MAX_VALUE);
                run("per product (productVariantsBulkUpdate)", shop, manager, approver, 5);
                tuning.bulkMutationThreshold(200);
                run("bulk mutation (staged upload + bulkOperationRunMutation)", shop, manager, approver, 5);
                System.out.printf("fake: invalid documents %d, unsupported %d%n", fake.invalidDocuments().size(),
                        fake.unsupported().size());
            } finally {
                app.close();
            }
        }
    }

    static void run(String path, FakeShop shop, String manager, String approver, int percent) throws Exception {
        // start from a full bucket, as a shop that has been idle would
        await(() -> shop.throttleStatus().currentlyAvailable() >= shop.throttleStatus().maximumAvailable() - 1,
                Duration.ofMinutes(2), "bucket refill");
        Map<String, Object> rule = Map.of("selector", Map.of("field", "channel", "op", "contains", "value", "shopify"),
                "transform", List.of(Map.of("op", "percent", "value", percent)), "currency", "USD");
        String id = post("/api/v1/price-changes", manager, Map.of("name", "bench " + path, "rule", rule)).get("id").asText();
        String hash = post("/api/v1/price-changes/" + id + "/preview?size=1", manager, Map.of()).get("previewHash").asText();
        Map<String, BigDecimal> expected = expectedPrices(manager, id);
        post("/api/v1/price-changes/" + id + "/submit", manager, Map.of());
        post("/api/v1/price-changes/" + id + "/approve", approver, Map.of("previewHash", hash));
        double bucketAtStart = shop.throttleStatus().currentlyAvailable();
        int requestsBefore = shop.requestCount();
        int throttledBefore = shop.throttledCount();
        long t0 = System.nanoTime();
        post("/api/v1/price-changes/" + id + "/apply", manager, Map.of());
        // how long the run took: the window can only gather the siblings a run sets within it
        double[] applied = {Double.NaN};
        Thread watch = new Thread(() -> {
            try {
                while (!"APPLIED".equals(get("/api/v1/price-changes/" + id, manager).path("state").asText())) {
                    Thread.sleep(200);
                }
                applied[0] = (System.nanoTime() - t0) / 1e9;
            } catch (Exception e) {
                // interrupted at the end of the run: no figure
            }
        });
        watch.setDaemon(true);
        watch.start();
        await(() -> holdsAll(shop, expected), Duration.ofMinutes(60), "every price at Shopify");
        double wall = (System.nanoTime() - t0) / 1e9;
        watch.join(30_000);
        watch.interrupt();
        List<RecordedRequest> requests = shop.requests().subList(requestsBefore, shop.requestCount());
        long cost = requests.stream().filter(r -> r.outcome() == RecordedRequest.Outcome.EXECUTED)
                .mapToLong(RecordedRequest::requestedCost).sum();
        double restore = shop.throttleStatus().restoreRate();
        double minimum = Math.max(0, cost - bucketAtStart) / restore;
        System.out.printf("%n== %s: %,d variants%n", path, expected.size());
        System.out.printf("   wall time, apply to every price at Shopify: %.1f s (the run itself: %.1f s)%n", wall, applied[0]);
        System.out.printf("   calls %,d (%s), cost %,d points, bucket at start %.0f, restore %.0f/s%n", requests.size(),
                rootFields(requests), cost, bucketAtStart, restore);
        System.out.printf("   theoretical minimum %.1f s, ratio wall/minimum %.2f%n", minimum, minimum == 0 ? 0 : wall / minimum);
        // what the bucket allows if every product's variants went in one call: 10 points a mutation and a
        // fifth of a point per variant (whole points), as the fake charges productVariantsBulkUpdate
        Map<String, Long> variantsOf = shop.variants().stream().filter(v -> expected.containsKey(v.sku()))
                .collect(Collectors.groupingBy(FakeVariant::productGid, Collectors.counting()));
        long products = variantsOf.size();
        long oneCallEach = variantsOf.values().stream().mapToLong(n -> 10 + n / 5).sum();
        double perProduct = Math.max(0, oneCallEach - bucketAtStart) / restore;
        // calls Shopify ran: a THROTTLED answer is retried, and is not a call of its own
        long updates = requests.stream().filter(r -> r.outcome() == RecordedRequest.Outcome.EXECUTED)
                .filter(r -> r.rootFields().contains("productVariantsBulkUpdate")).count();
        System.out.printf("   %,d products: every product in one call would need %.1f s, ratio wall/that %.2f%n", products,
                perProduct, perProduct == 0 ? 0 : wall / perProduct);
        System.out.printf("   productVariantsBulkUpdate calls per product %.2f (%,d calls)%n", (double) updates / products,
                updates);
        System.out.printf("   throttled answers %d%n", shop.throttledCount() - throttledBefore);
        System.out.printf("   load average at the end (1/5/15 min): %s%n", loadAverage());
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (Exception e) {
            return "unknown";
        }
    }

    static String rootFields(List<RecordedRequest> requests) {
        Map<String, Integer> counts = new HashMap<>();
        requests.forEach(r -> r.rootFields().forEach(f -> counts.merge(f, 1, Integer::sum)));
        return counts.toString();
    }

    static boolean holdsAll(FakeShop shop, Map<String, BigDecimal> expected) {
        for (FakeVariant variant : shop.variants()) {
            BigDecimal want = expected.get(variant.sku());
            if (want != null && new BigDecimal(variant.price()).compareTo(want) != 0) {
                return false;
            }
        }
        return true;
    }

    static Map<String, BigDecimal> expectedPrices(String token, String id) throws Exception {
        Map<String, BigDecimal> expected = new HashMap<>();
        for (int page = 0; ; page++) {
            JsonNode items = get("/api/v1/price-changes/" + id + "/preview?status=CHANGE&size=500&page=" + page, token).path("items");
            if (items.isEmpty()) {
                return expected;
            }
            items.forEach(item -> expected.put(item.path("sku").asText(), new BigDecimal(item.path("proposedPrice").path("amount").asText())));
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void await(Check check, Duration limit, String what) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    static JsonNode post(String path, String token, Object body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    static JsonNode get(String path, String token) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
