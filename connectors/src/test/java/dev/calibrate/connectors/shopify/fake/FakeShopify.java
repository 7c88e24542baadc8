package dev.calibrate.connectors.shopify.fake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake Shopify Admin API over real HTTP on 127.0.0.1, for connector and end-to-end tests. It
 * behaves like Shopify where a connector can tell the difference: documents are validated against
 * the real 2026-07 schema, responses carry only the selected fields, cost-based throttling uses
 * Shopify's bucket math, pagination, bulk operations, staged uploads, webhooks and OAuth work as
 * documented. What it does not implement answers {@code FAKE_UNSUPPORTED} (see {@link #unsupported()}).
 *
 * <pre>{@code
 * try (FakeShopify shopify = new FakeShopify()) {
 *     FakeShop shop = shopify.addShop("acme.myshopify.com", "shpat_test", "EUR");
 *     shop.generateCatalog(300, 3, 42);
 *     // point the connector at shopify.baseUrlTemplate() with the shop's token, run it, then:
 *     assertThat(shopify.invalidDocuments()).isEmpty();
 *     assertThat(shop.writes()).extracting(PriceWrite::price).containsOnly("24.99");
 * }
 * }</pre>
 *
 * <p>Endpoints (paths start with the shop domain, which {@link #baseUrlTemplate()} puts in place
 * of Shopify's host):
 * <ul>
 *   <li>{@code POST /{shop}/admin/api/{YYYY-MM}/graphql.json} with {@code X-Shopify-Access-Token}</li>
 *   <li>{@code GET /{shop}/admin/oauth/authorize} and {@code POST /{shop}/admin/oauth/access_token}</li>
 *   <li>{@code POST /staged-uploads/} (the staged upload bucket) and {@code GET /bulk-results/…} (JSONL results)</li>
 * </ul>
 * Unknown shops get 404. Faults injected with {@link FakeShop#failNext}/{@link FakeShop#delayNext}
 * apply to the shop's requests before anything else.
 */
public final class FakeShopify implements AutoCloseable {

    /** The API version the schema describes and webhooks announce by default. */
    public static final String DEFAULT_API_VERSION = GraphQlSchemaCheck.SCHEMA_VERSION;

    /** Client id of the app until {@link #oauthApp} sets another. */
    public static final String DEFAULT_CLIENT_ID = "calibrate-test-client-id";

    /** Client secret of the app until {@link #oauthApp} sets another; it signs webhooks. */
    public static final String DEFAULT_CLIENT_SECRET = "calibrate-test-client-secret";

    private static final Pattern GRAPHQL = Pattern.compile("^/([^/]+)/admin/api/(\\d{4}-\\d{2})/graphql\\.json$");
    private static final Pattern SHOP_PATH = Pattern.compile("^/([^/]+)/(.*)$");
    private static final Duration TICK = Duration.ofMillis(10);

    private final Clock clock;
    private final HttpServer server;
    private final ExecutorService requestThreads;
    private final ScheduledExecutorService ticker;
    private final ExecutorService webhookThread;
    private final Map<String, FakeShop> shops = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> ids = new ConcurrentHashMap<>();
    private final Map<String, byte[]> results = new ConcurrentHashMap<>();
    private final List<InvalidDocument> invalidDocuments = new CopyOnWriteArrayList<>();
    private final List<String> unsupported = new CopyOnWriteArrayList<>();
    private final List<String> internalErrors = new CopyOnWriteArrayList<>();
    private final GraphQlEndpoint graphQl = new GraphQlEndpoint(this);
    private final OAuth oauth = new OAuth(this);
    private final StagedUploads stagedUploads = new StagedUploads(this);
    private volatile String clientId = DEFAULT_CLIENT_ID;
    private volatile String clientSecret = DEFAULT_CLIENT_SECRET;

    /** Starts a fake on a free port, on the system clock. */
    public FakeShopify() {
        this(Clock.systemUTC());
    }

    /**
     * Starts a fake on a free port whose bucket refills, tokens expire and timestamps advance with
     * {@code clock} (use a {@link FakeClock} for deterministic rate-limit tests). Bulk operations
     * still progress in real time.
     */
    public FakeShopify(Clock clock) {
        GraphQlSchemaCheck.preload();
        this.clock = clock;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fake Shopify", e);
        }
        requestThreads = Executors.newFixedThreadPool(16, daemon("fake-shopify-http"));
        ticker = Executors.newSingleThreadScheduledExecutor(daemon("fake-shopify-bulk"));
        webhookThread = Executors.newSingleThreadExecutor(daemon("fake-shopify-webhooks"));
        server.setExecutor(requestThreads);
        server.createContext("/", this::route);
        server.start();
        ticker.scheduleAtFixedRate(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    // ---------------------------------------------------------------- configuration

    /**
     * The connector's base URL template: {@code http://127.0.0.1:{port}/{shop}}, where the connector
     * replaces {@code {shop}} with the shop domain (in production the template is
     * {@code https://{shop}}). GraphQL is then at {@code {base}/admin/api/{version}/graphql.json}.
     */
    public String baseUrlTemplate() {
        return baseUri() + "/{shop}";
    }

    /** {@code http://127.0.0.1:{port}}. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The GraphQL endpoint of {@code shopDomain} for {@code version}. */
    public URI graphQlUri(String shopDomain, String version) {
        return URI.create(baseUri() + "/" + shopDomain + "/admin/api/" + version + "/graphql.json");
    }

    /**
     * Adds a shop whose Admin API accepts {@code accessToken} (it never expires; OAuth tokens do).
     *
     * @param domain       e.g. {@code acme.myshopify.com}
     * @param accessToken  the token the connector sends as {@code X-Shopify-Access-Token}
     * @param currencyCode the shop currency, e.g. {@code EUR}
     */
    public FakeShop addShop(String domain, String accessToken, String currencyCode) {
        FakeShop shop = new FakeShop(this, domain, accessToken, currencyCode, nextId("Shop"));
        if (shops.putIfAbsent(domain, shop) != null) {
            throw new IllegalArgumentException("shop " + domain + " exists already");
        }
        return shop;
    }

    /**
     * The shop with this domain.
     *
     * @throws IllegalArgumentException when there is none
     */
    public FakeShop shop(String domain) {
        FakeShop shop = shops.get(domain);
        if (shop == null) {
            throw new IllegalArgumentException("no shop " + domain);
        }
        return shop;
    }

    /**
     * Sets the app's OAuth credentials: the token endpoint accepts only these, and webhooks are
     * signed with {@code clientSecret}. Defaults: {@link #DEFAULT_CLIENT_ID}, {@link #DEFAULT_CLIENT_SECRET}.
     */
    public FakeShopify oauthApp(String newClientId, String newClientSecret) {
        this.clientId = newClientId;
        this.clientSecret = newClientSecret;
        return this;
    }

    /** Builds and sends signed webhook deliveries for {@code shopDomain}. */
    public WebhookSender webhooks(String shopDomain) {
        return shop(shopDomain).webhooks();
    }

    // ---------------------------------------------------------------- observation

    /**
     * Requests (and bulk operation documents) Shopify would have rejected as invalid: documents
     * that do not parse or validate against the schema, and variables that do not fit their types.
     * A correct connector leaves this empty.
     */
    public List<InvalidDocument> invalidDocuments() {
        return List.copyOf(invalidDocuments);
    }

    /**
     * What requests used that the fake does not implement (answered with {@code FAKE_UNSUPPORTED}),
     * each as {@code "<shop domain>: <what>"}: extend the fake rather than work around it.
     */
    public List<String> unsupported() {
        return List.copyOf(unsupported);
    }

    /** Exceptions the fake itself threw while handling a request (answered 500): bugs in the fake. */
    public List<String> internalErrors() {
        return List.copyOf(internalErrors);
    }

    /**
     * Waits until every automatic webhook delivery queued so far has been attempted (at most 30 s).
     * Results are in {@link FakeShop#webhookAttempts()}.
     */
    public void awaitWebhookDeliveries() {
        try {
            webhookThread.submit(() -> { }).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("webhook deliveries did not finish", e);
        }
    }

    /** Stops the server and its threads. */
    @Override
    public void close() {
        server.stop(0);
        ticker.shutdownNow();
        webhookThread.shutdownNow();
        requestThreads.shutdownNow();
    }

    // ---------------------------------------------------------------- internals

    Clock clock() {
        return clock;
    }

    String clientId() {
        return clientId;
    }

    String clientSecret() {
        return clientSecret;
    }

    StagedUploads stagedUploads() {
        return stagedUploads;
    }

    /**
     * Next id of a kind of object; ids are unique across the fake's shops and look like Shopify's
     * (13 to 14 digits).
     */
    long nextId(String kind) {
        long start = switch (kind) {
            case "Product" -> 8_100_000_000_000L;
            case "ProductVariant" -> 45_100_000_000_000L;
            case "InventoryItem" -> 47_100_000_000_000L;
            case "BulkOperation" -> 5_400_000_000_000L;
            case "WebhookSubscription" -> 1_500_000_000_000L;
            case "Shop" -> 70_000_000_000L;
            default -> 1_000_000_000L;
        };
        return ids.computeIfAbsent(kind, k -> new AtomicLong(start)).incrementAndGet();
    }

    void recordInvalid(FakeShop shop, String document, Map<String, Object> variables, List<String> problems) {
        invalidDocuments.add(new InvalidDocument(shop.domain(), document, variables, problems));
    }

    void recordUnsupported(FakeShop shop, String what) {
        unsupported.add(shop.domain() + ": " + what);
    }

    /** Stores a bulk operation result and returns the URL it can be downloaded from. */
    String storeResult(byte[] jsonl) {
        String token = UUID.randomUUID().toString();
        results.put(token, jsonl);
        return baseUri() + "/bulk-results/" + token + ".jsonl";
    }

    void deliverLater(FakeShop shop, FakeWebhookSubscription subscription, WebhookDelivery delivery) {
        if (!subscription.uri().startsWith("http")) {
            return; // Pub/Sub and EventBridge addresses are accepted but not delivered to
        }
        URI target = URI.create(subscription.uri());
        webhookThread.execute(() -> {
            try {
                int status = shop.webhooks().send(target, delivery);
                shop.recordAttempt(new FakeShop.WebhookAttempt(delivery, target, status, null));
            } catch (RuntimeException e) {
                shop.recordAttempt(new FakeShop.WebhookAttempt(delivery, target, 0, String.valueOf(e.getMessage())));
            }
        });
    }

    private void tick() {
        for (FakeShop shop : shops.values()) {
            try {
                if (shop.bulk().anyInProgress()) {
                    shop.bulk().tick(TICK.toMillis() / 1000.0);
                }
            } catch (RuntimeException e) {
                internalErrors.add("bulk operation of " + shop.domain() + ": " + stackTrace(e));
            }
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith("/staged-uploads/")) {
                stagedUploads.handle(exchange);
                return;
            }
            if (path.startsWith("/bulk-results/")) {
                String token = path.substring("/bulk-results/".length()).replace(".jsonl", "");
                byte[] jsonl = results.get(token);
                if (jsonl == null) {
                    respond(exchange, 404, "application/xml", "<?xml version='1.0' encoding='UTF-8'?><Error>"
                            + "<Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>");
                } else {
                    respond(exchange, 200, "application/jsonl", jsonl);
                }
                return;
            }
            Matcher shopPath = SHOP_PATH.matcher(path);
            FakeShop shop = shopPath.matches() ? shops.get(shopPath.group(1)) : null;
            if (shop == null) {
                respond(exchange, 404, "application/json", "{\"errors\":\"Not Found\"}");
                return;
            }
            Matcher graphQlPath = GRAPHQL.matcher(path);
            if (applyFault(exchange, shop, graphQlPath.matches() ? graphQlPath.group(2) : null)) {
                return;
            }
            String rest = shopPath.group(2);
            if (graphQlPath.matches()) {
                graphQl.handle(exchange, shop, graphQlPath.group(2));
            } else if (rest.equals("admin/oauth/access_token")) {
                oauth.accessToken(exchange, shop);
            } else if (rest.equals("admin/oauth/authorize")) {
                oauth.authorize(exchange, shop);
            } else {
                respond(exchange, 404, "application/json", "{\"errors\":\"Not Found\"}");
            }
        } catch (RuntimeException e) {
            internalErrors.add(exchange.getRequestURI() + ": " + stackTrace(e));
            respond(exchange, 500, "text/plain", "FakeShopify failed: " + stackTrace(e));
        }
    }

    private boolean applyFault(HttpExchange exchange, FakeShop shop, String graphQlVersion) throws IOException {
        FakeShop.Fault fault = shop.nextFault();
        if (fault == null) {
            return false;
        }
        if (!fault.delay().isZero()) {
            shop.holding(1);
            try {
                Thread.sleep(fault.delay().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            } finally {
                shop.holding(-1);
            }
        }
        if (fault.status() == 0) {
            return false;
        }
        exchange.getRequestBody().readAllBytes();
        if (graphQlVersion != null) {
            shop.record(new RecordedRequest(clock.instant(), graphQlVersion, null, List.of(), Map.of(), 0,
                    fault.status(), RecordedRequest.Outcome.FAULT));
        }
        if (fault.status() == 429) {
            exchange.getResponseHeaders().set("Retry-After", "2.0");
        }
        respond(exchange, fault.status(), fault.contentType(), fault.body());
        return true;
    }

    static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        respond(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("X-Request-Id", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static String stackTrace(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
