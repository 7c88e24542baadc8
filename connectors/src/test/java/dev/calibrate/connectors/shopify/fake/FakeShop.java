package dev.calibrate.connectors.shopify.fake;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * One shop on the {@link FakeShopify}: its catalog, access tokens, cost bucket, webhook
 * subscriptions, bulk operations, and what the connector did to it.
 *
 * <p>Three kinds of methods:
 * <ul>
 *   <li><b>Seeding and merchant actions</b>: {@link #generateCatalog}, {@link #addProduct},
 *       {@link #setPriceBehindBack}, {@link #updateProduct}, {@link #deleteProduct},
 *       {@link #uninstall}. Changes stamp {@code updatedAt} and, like Shopify, send webhooks to
 *       matching subscriptions (see {@link #autoWebhooks(boolean)}).</li>
 *   <li><b>Misbehaviour</b>: {@link #plan}, {@link #drain}, {@link #throttleWithStatus},
 *       {@link #failNext}, {@link #delayNext}, {@link #rejectPrice}, {@link #expireAccessTokens},
 *       {@link #pauseBulkOperations}, {@link #failNextBulkOperation}.</li>
 *   <li><b>Observation</b>: {@link #writes()}, {@link #requests()}, {@link #throttledCount()},
 *       {@link #rootFieldCounts()}, {@link #webhookSubscriptions()}, {@link #webhookAttempts()},
 *       {@link #bulkOperations()}.</li>
 * </ul>
 * All methods are thread-safe; the fake's server threads lock the shop while they run a request.
 */
public final class FakeShop {

    private final FakeShopify server;
    private final String domain;
    private final String currencyCode;
    private final String initialAccessToken;
    private final long legacyId;
    private final CostBucket bucket;
    private final BulkOperations bulk;
    private String name;
    private ZoneId timezone = ZoneId.of("America/New_York");

    private final TreeMap<Long, FakeProduct> products = new TreeMap<>();
    private final TreeMap<Long, FakeVariant> variants = new TreeMap<>();
    private final Map<Long, List<Long>> variantIdsByProduct = new HashMap<>();
    /** Numbers products for their SKUs; never reused, so SKUs stay unique after deletes. */
    private int productNumber;
    private final Map<String, Rejection> rejections = new HashMap<>();
    private final List<PriceWrite> writes = new ArrayList<>();

    private final AccessTokens tokens;

    private final Deque<Fault> faults = new ArrayDeque<>();
    private final Map<String, Duration> heldAnswers = new HashMap<>();
    private CountDownLatch heldAnswersReleased = new CountDownLatch(1);
    private final AtomicInteger held = new AtomicInteger();
    private int throttleStatus = 200;
    private int throttledCount;
    private final Map<String, Integer> rootFieldCounts = new TreeMap<>();
    private final Set<String> apiVersions = new LinkedHashSet<>();
    private final List<RecordedRequest> requests = new ArrayList<>();

    private final TreeMap<Long, FakeWebhookSubscription> subscriptions = new TreeMap<>();
    private final List<WebhookAttempt> webhookAttempts = new ArrayList<>();
    private boolean autoWebhooks = true;

    FakeShop(FakeShopify server, String domain, String accessToken, String currencyCode, long legacyId) {
        this.server = server;
        this.domain = domain;
        this.currencyCode = currencyCode;
        this.initialAccessToken = accessToken;
        this.legacyId = legacyId;
        this.bucket = new CostBucket(server.clock());
        this.bulk = new BulkOperations(this, server);
        String first = domain.split("\\.")[0].replace('-', ' ');
        this.name = first.substring(0, 1).toUpperCase(Locale.ROOT) + first.substring(1);
        this.tokens = new AccessTokens(server.clock());
        tokens.addPermanent(accessToken);
    }

    // ---------------------------------------------------------------- identity

    /** The shop domain, e.g. {@code acme.myshopify.com}. */
    public String domain() {
        return domain;
    }

    /** The shop's numeric id. */
    public long legacyId() {
        return legacyId;
    }

    /** The shop's currency, e.g. {@code EUR}; every price is in it. */
    public String currencyCode() {
        return currencyCode;
    }

    /** The access token the shop was created with (valid until expired or revoked). */
    public String accessToken() {
        return initialAccessToken;
    }

    /** The shop's display name ({@code shop { name }}), derived from the domain unless set. */
    public synchronized String name() {
        return name;
    }

    /** Sets the display name. */
    public synchronized FakeShop name(String newName) {
        this.name = newName;
        return this;
    }

    /** The shop's time zone; REST webhook payloads carry times with its offset. Default America/New_York. */
    public synchronized ZoneId timezone() {
        return timezone;
    }

    /** Sets the shop's time zone. */
    public synchronized FakeShop timezone(ZoneId zone) {
        this.timezone = zone;
        return this;
    }

    /** The GraphQL endpoint for {@code version}, e.g. {@code http://127.0.0.1:port/acme.myshopify.com/admin/api/2026-07/graphql.json}. */
    public URI graphQlUri(String version) {
        return server.graphQlUri(domain, version);
    }

    /** Builds and sends signed webhook deliveries for this shop. */
    public WebhookSender webhooks() {
        return new WebhookSender(this, server);
    }

    // ---------------------------------------------------------------- catalog

    /**
     * Adds {@code productCount} generated products with {@code variantsPerProduct} variants each:
     * realistic titles, vendors, types, tags and SKUs ({@code SKU-000123-2}), prices like
     * {@code "19.99"}, some compare-at prices, some costs. The same seed gives the same catalog.
     * Seeding sends no webhooks.
     *
     * @return the products added, in id order
     */
    public synchronized List<FakeProduct> generateCatalog(int productCount, int variantsPerProduct, long seed) {
        CatalogGenerator generator = new CatalogGenerator(seed, server.clock().instant());
        List<FakeProduct> added = new ArrayList<>();
        for (int i = 1; i <= productCount; i++) {
            added.add(insert(generator.product(++productNumber, variantsPerProduct)));
        }
        return added;
    }

    /**
     * Adds one product with one variant per price (SKUs {@code SKU-<n>-<position>}), like a merchant
     * creating it in the admin: sends {@code products/create}.
     *
     * @param title  product title
     * @param prices variant prices, e.g. {@code "29.99"}
     * @return the product
     */
    public FakeProduct addProduct(String title, String... prices) {
        FakeProduct product;
        synchronized (this) {
            int number = ++productNumber;
            List<CatalogGenerator.VariantSpec> specs = new ArrayList<>();
            for (int i = 0; i < prices.length; i++) {
                specs.add(new CatalogGenerator.VariantSpec(prices.length == 1 ? "Default Title" : "Option " + (i + 1),
                        String.format("SKU-%06d-%d", number, i + 1), normalizeMoney(prices[i]), null, null));
            }
            Instant now = now();
            product = insert(new CatalogGenerator.ProductSpec(title, "Calibrate Test Vendor", "Test", List.of(),
                    "ACTIVE", now, now, specs));
        }
        publish("PRODUCTS_CREATE", product.gid());
        return product;
    }

    private FakeProduct insert(CatalogGenerator.ProductSpec spec) {
        long productId = server.nextId("Product");
        FakeProduct product = new FakeProduct(productId, spec.title(), CatalogGenerator.handle(spec.title(), productId),
                spec.vendor(), spec.productType(), spec.tags(), spec.status(), spec.createdAt(), spec.updatedAt());
        products.put(productId, product);
        List<Long> ids = new ArrayList<>();
        int position = 1;
        for (CatalogGenerator.VariantSpec variantSpec : spec.variants()) {
            long variantId = server.nextId("ProductVariant");
            variants.put(variantId, new FakeVariant(variantId, productId, position++, variantSpec.title(),
                    variantSpec.sku(), variantSpec.price(), variantSpec.compareAtPrice(), variantSpec.unitCost(),
                    server.nextId("InventoryItem"), spec.createdAt(), spec.updatedAt()));
            ids.add(variantId);
        }
        variantIdsByProduct.put(productId, ids);
        return product;
    }

    /** Every product, in id order. */
    public synchronized List<FakeProduct> products() {
        return List.copyOf(products.values());
    }

    /** Live, read-only views in id order, for request handling under the shop's lock (no copying). */
    Collection<FakeProduct> productsView() {
        return Collections.unmodifiableCollection(products.values());
    }

    Collection<FakeVariant> variantsView() {
        return Collections.unmodifiableCollection(variants.values());
    }

    /** Every variant, in id order. */
    public synchronized List<FakeVariant> variants() {
        return List.copyOf(variants.values());
    }

    /** The product with this gid, or empty. */
    public synchronized Optional<FakeProduct> product(String productGid) {
        return Optional.ofNullable(products.get(Gids.parse(productGid, "Product")));
    }

    /**
     * The variant with this gid.
     *
     * @throws IllegalArgumentException when there is none
     */
    public synchronized FakeVariant variant(String variantGid) {
        FakeVariant variant = variants.get(Gids.parse(variantGid, "ProductVariant"));
        if (variant == null) {
            throw new IllegalArgumentException("no variant " + variantGid + " in " + domain);
        }
        return variant;
    }

    /** The variants of a product, by position. */
    public synchronized List<FakeVariant> variantsOf(String productGid) {
        return variantsOf(Gids.parse(productGid, "Product"));
    }

    /** The variant with this SKU, or empty. */
    public synchronized Optional<FakeVariant> variantBySku(String sku) {
        return variants.values().stream().filter(v -> sku.equals(v.sku())).findFirst();
    }

    /**
     * Changes a variant's price as a merchant would in the Shopify admin, behind the connector's
     * back: bumps the variant's and product's {@code updatedAt} and sends {@code products/update}.
     * Not recorded in {@link #writes()}, which holds only the API's writes.
     */
    public void setPriceBehindBack(String variantGid, String price) {
        FakeVariant variant;
        synchronized (this) {
            variant = variant(variantGid);
            Instant now = now();
            variants.put(variant.legacyId(), variant.withPrices(normalizeMoney(price), variant.compareAtPrice(), now));
            touchProduct(variant.productLegacyId(), now);
        }
        publish("PRODUCTS_UPDATE", variant.productGid());
    }

    /** Changes a variant's cost ({@code inventoryItem.unitCost}), or clears it with null. */
    public synchronized void setUnitCost(String variantGid, String cost) {
        FakeVariant variant = variant(variantGid);
        variants.put(variant.legacyId(), variant.withUnitCost(cost == null ? null : normalizeMoney(cost), now()));
    }

    /**
     * Changes a variant's SKU as a merchant would in the admin (blank and duplicate SKUs are allowed,
     * as in Shopify): bumps {@code updatedAt}, sends no webhook.
     */
    public synchronized void setSku(String variantGid, String sku) {
        FakeVariant variant = variant(variantGid);
        Instant now = now();
        variants.put(variant.legacyId(), new FakeVariant(variant.legacyId(), variant.productLegacyId(), variant.position(),
                variant.title(), sku, variant.price(), variant.compareAtPrice(), variant.unitCost(),
                variant.inventoryItemId(), variant.createdAt(), now));
        touchProduct(variant.productLegacyId(), now);
    }

    /**
     * Edits a product as a merchant would: applies {@code change} (use the {@code with…} methods),
     * stamps {@code updatedAt} and sends {@code products/update}.
     */
    public FakeProduct updateProduct(String productGid, UnaryOperator<FakeProduct> change) {
        FakeProduct updated;
        synchronized (this) {
            FakeProduct product = product(productGid)
                    .orElseThrow(() -> new IllegalArgumentException("no product " + productGid + " in " + domain));
            updated = change.apply(product).withUpdatedAt(now());
            products.put(product.legacyId(), updated);
        }
        publish("PRODUCTS_UPDATE", productGid);
        return updated;
    }

    /** Deletes a product and its variants, and sends {@code products/delete}. */
    public void deleteProduct(String productGid) {
        synchronized (this) {
            long id = Gids.parse(productGid, "Product");
            if (products.remove(id) == null) {
                throw new IllegalArgumentException("no product " + productGid + " in " + domain);
            }
            variantIdsByProduct.remove(id).forEach(variants::remove);
        }
        publish("PRODUCTS_DELETE", productGid);
    }

    synchronized List<FakeVariant> variantsOf(long productId) {
        return variantIdsByProduct.getOrDefault(productId, List.of()).stream().map(variants::get).toList();
    }

    synchronized FakeProduct product(long productId) {
        return products.get(productId);
    }

    synchronized FakeVariant variantOrNull(long variantId) {
        return variants.get(variantId);
    }

    private void touchProduct(long productId, Instant at) {
        products.computeIfPresent(productId, (id, product) -> product.withUpdatedAt(at));
    }

    // ---------------------------------------------------------------- price writes

    /**
     * Makes every later write of this variant's price fail with a userError, as Shopify does for
     * e.g. a suspended product. Lasts until {@link #clearRejections()}.
     *
     * @param code    a {@code ProductVariantsBulkUpdateUserErrorCode}, e.g. {@code INVALID_INPUT}
     * @param message the userError message
     */
    public synchronized void rejectPrice(String variantGid, String code, String message) {
        rejections.put(variantGid, new Rejection(code, message));
    }

    /** Removes every {@link #rejectPrice} rejection. */
    public synchronized void clearRejections() {
        rejections.clear();
    }

    /** Every price write the API accepted, in order (GraphQL and bulk mutations alike). */
    public synchronized List<PriceWrite> writes() {
        return List.copyOf(writes);
    }

    private record Rejection(String code, String message) {
    }

    /** A userError of {@code productVariantsBulkUpdate}. */
    record UserError(String code, List<String> field, String message) {
    }

    /** What {@code productVariantsBulkUpdate} did. */
    record BulkUpdateResult(FakeProduct product, List<FakeVariant> updated, List<UserError> userErrors) {
    }

    /**
     * Applies {@code productVariantsBulkUpdate}. Without {@code allowPartialUpdates}, any userError
     * leaves every variant unchanged, as in Shopify.
     */
    BulkUpdateResult bulkUpdateVariants(String productGid, List<Object> inputs, boolean allowPartialUpdates, String via) {
        BulkUpdateResult result;
        synchronized (this) {
            result = applyBulkUpdate(productGid, inputs, allowPartialUpdates, via);
        }
        if (!result.updated().isEmpty()) {
            publish("PRODUCTS_UPDATE", productGid);
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private BulkUpdateResult applyBulkUpdate(String productGid, List<Object> inputs, boolean allowPartialUpdates,
                                             String via) {
        FakeProduct product = products.get(Gids.parse(productGid, "Product"));
        if (product == null) {
            return new BulkUpdateResult(null, List.of(),
                    List.of(new UserError("PRODUCT_DOES_NOT_EXIST", List.of("productId"), "Product does not exist")));
        }
        List<UserError> errors = new ArrayList<>();
        Map<Long, String[]> changes = new LinkedHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            Map<String, Object> input = (Map<String, Object>) inputs.get(i);
            String index = String.valueOf(i);
            for (String key : input.keySet()) {
                if (!Set.of("id", "price", "compareAtPrice").contains(key)) {
                    throw new Unsupported("ProductVariantsBulkInput." + key + " in productVariantsBulkUpdate");
                }
            }
            Object id = input.get("id");
            if (id == null) {
                errors.add(new UserError("PRODUCT_VARIANT_ID_MISSING", List.of("variants", index, "id"),
                        "Product variant id is missing"));
                continue;
            }
            FakeVariant variant = variants.get(Gids.parse(id.toString(), "ProductVariant"));
            if (variant == null) {
                errors.add(new UserError("PRODUCT_VARIANT_DOES_NOT_EXIST", List.of("variants", index, "id"),
                        "Product variant does not exist"));
                continue;
            }
            if (variant.productLegacyId() != product.legacyId()) {
                errors.add(new UserError("MUST_BE_FOR_THIS_PRODUCT", List.of("variants", index, "id"),
                        "Product variant does not belong to this product"));
                continue;
            }
            String price = variant.price();
            String compareAt = variant.compareAtPrice();
            boolean valid = true;
            if (input.containsKey("price")) {
                BigDecimal amount = parseMoney(input.get("price"));
                if (amount == null) {
                    errors.add(new UserError("INVALID_INPUT", List.of("variants", index, "price"), "Price is invalid"));
                    valid = false;
                } else if (amount.signum() < 0) {
                    errors.add(new UserError("GREATER_THAN_OR_EQUAL_TO", List.of("variants", index, "price"),
                            "Price must be greater than or equal to 0"));
                    valid = false;
                } else {
                    price = CatalogGenerator.money(amount);
                }
            }
            if (input.containsKey("compareAtPrice")) {
                Object raw = input.get("compareAtPrice");
                BigDecimal amount = raw == null ? null : parseMoney(raw);
                if (raw != null && amount == null) {
                    errors.add(new UserError("INVALID_INPUT", List.of("variants", index, "compareAtPrice"),
                            "Compare at price is invalid"));
                    valid = false;
                } else if (amount != null && amount.signum() < 0) {
                    errors.add(new UserError("GREATER_THAN_OR_EQUAL_TO", List.of("variants", index, "compareAtPrice"),
                            "Compare at price must be greater than or equal to 0"));
                    valid = false;
                } else {
                    compareAt = amount == null ? null : CatalogGenerator.money(amount);
                }
            }
            Rejection rejection = rejections.get(variant.gid());
            if (rejection != null) {
                errors.add(new UserError(rejection.code(), List.of("variants", index, "price"), rejection.message()));
                valid = false;
            }
            if (valid) {
                changes.put(variant.legacyId(), new String[] {price, compareAt});
            }
        }
        if (!errors.isEmpty() && !allowPartialUpdates) {
            return new BulkUpdateResult(product, List.of(), errors);
        }
        Instant now = now();
        List<FakeVariant> updated = new ArrayList<>();
        changes.forEach((variantId, prices) -> {
            FakeVariant before = variants.get(variantId);
            boolean changed = !prices[0].equals(before.price()) || !Objects.equals(prices[1], before.compareAtPrice());
            FakeVariant after = changed ? before.withPrices(prices[0], prices[1], now) : before;
            variants.put(variantId, after);
            updated.add(after);
            writes.add(new PriceWrite(product.gid(), after.gid(), after.price(), after.compareAtPrice(), now, via));
        });
        boolean anyChanged = updated.stream().anyMatch(v -> v.updatedAt().equals(now));
        if (anyChanged) {
            touchProduct(product.legacyId(), now);
        }
        return new BulkUpdateResult(products.get(product.legacyId()), updated, errors);
    }

    private static BigDecimal parseMoney(Object raw) {
        try {
            return new BigDecimal(raw.toString().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String normalizeMoney(String amount) {
        return CatalogGenerator.money(new BigDecimal(amount));
    }

    // ---------------------------------------------------------------- rate limits

    /**
     * Sets the shop's plan by its restore rate (points per second): 100 Standard (default),
     * 200 Advanced, 1000 Plus, 2000 Enterprise. The bucket holds 20 × the rate and starts full.
     */
    public FakeShop plan(double restoreRate) {
        bucket.plan(restoreRate);
        return this;
    }

    /**
     * A bucket of {@code maximumAvailable} points refilling at {@code restoreRate} per second, full
     * now: a shop whose bucket cannot hold a query the connector would like to send. The cost
     * protocol is the same (a query larger than the bucket is THROTTLED, however long it waits).
     */
    public FakeShop bucket(double maximumAvailable, double restoreRate) {
        bucket.limits(maximumAvailable, restoreRate);
        return this;
    }

    /** Takes {@code points} out of the bucket, as another app on the same shop would. */
    public FakeShop drain(double points) {
        bucket.drain(points);
        return this;
    }

    /** The bucket now, as {@code extensions.cost.throttleStatus} would show it. */
    public CostBucket.ThrottleStatus throttleStatus() {
        return bucket.status();
    }

    /**
     * The HTTP status of throttled answers: 200 (default; the body says {@code THROTTLED}) or 429.
     * Real Shopify has sent both; a client must handle either.
     */
    public synchronized FakeShop throttleWithStatus(int httpStatus) {
        if (httpStatus != 200 && httpStatus != 429) {
            throw new IllegalArgumentException("Shopify throttles with 200 or 429, not " + httpStatus);
        }
        this.throttleStatus = httpStatus;
        return this;
    }

    CostBucket bucket() {
        return bucket;
    }

    synchronized int throttleHttpStatus() {
        return throttleStatus;
    }

    // ---------------------------------------------------------------- faults

    /** An injected answer (status + body) and/or delay for one request. */
    record Fault(int status, String contentType, String body, Duration delay) {
    }

    /**
     * The next {@code count} requests to this shop (GraphQL and OAuth) get HTTP {@code status}
     * with a body like Shopify's edge returns: an HTML page for 5xx, a JSON error otherwise.
     */
    public synchronized FakeShop failNext(int count, int status) {
        String body = status >= 500
                ? "<!DOCTYPE html><html><head><title>" + status + " " + reason(status) + "</title></head><body><h1>"
                + reason(status) + "</h1><p>There was a problem loading this website. Please try again.</p></body></html>"
                : "{\"errors\":\"" + reason(status) + "\"}";
        return failNext(count, status, status >= 500 ? "text/html; charset=utf-8" : "application/json", body);
    }

    /** The next {@code count} requests to this shop get exactly this answer. */
    public synchronized FakeShop failNext(int count, int status, String contentType, String body) {
        for (int i = 0; i < count; i++) {
            faults.add(new Fault(status, contentType, body, Duration.ZERO));
        }
        return this;
    }

    /**
     * The next {@code count} requests to this shop wait {@code delay} before being handled
     * normally, to exercise client timeouts. Faults and delays queue up in the order given; each
     * request takes one.
     */
    public synchronized FakeShop delayNext(int count, Duration delay) {
        for (int i = 0; i < count; i++) {
            faults.add(new Fault(0, null, null, delay));
        }
        return this;
    }

    /**
     * The next request whose operation has the root field {@code rootField} is executed as usual, and
     * its answer then waits {@code delay} before it leaves: the work is done at the shop, and a client
     * that dies or gives up meanwhile never learns of it (a crash between Shopify starting a bulk
     * mutation and the caller recording it). Counted by {@link #held()} while it waits; the request is
     * recorded ({@link #requests()}) when its answer leaves.
     */
    public synchronized FakeShop holdNextAnswerTo(String rootField, Duration delay) {
        heldAnswers.put(rootField, delay);
        return this;
    }

    /** Lets every answer {@link #holdNextAnswerTo} holds leave now. */
    public synchronized FakeShop releaseHeldAnswers() {
        heldAnswersReleased.countDown();
        heldAnswersReleased = new CountDownLatch(1);
        return this;
    }

    /** An answer held: for at most {@code delay}, or until {@code released}. */
    record HeldAnswer(Duration delay, CountDownLatch released) {
    }

    /** The hold {@link #holdNextAnswerTo} set for one of {@code rootFields}, taken; null when none. */
    synchronized HeldAnswer takeHeldAnswer(List<String> rootFields) {
        for (String field : rootFields) {
            Duration delay = heldAnswers.remove(field);
            if (delay != null) {
                return new HeldAnswer(delay, heldAnswersReleased);
            }
        }
        return null;
    }

    /** Requests held by a {@link #delayNext} delay or a {@link #holdNextAnswerTo} hold at this moment. */
    public int held() {
        return held.get();
    }

    void holding(int change) {
        held.addAndGet(change);
    }

    /** Drops the faults and delays not yet taken by a request. */
    public synchronized FakeShop clearFaults() {
        faults.clear();
        heldAnswers.clear();
        return this;
    }

    synchronized Fault nextFault() {
        return faults.poll();
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 402 -> "Payment Required";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 423 -> "Locked";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Error";
        };
    }

    // ---------------------------------------------------------------- observation

    /** Every GraphQL request received, in order. */
    public synchronized List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** How many GraphQL requests were received (including refused ones). */
    public synchronized int requestCount() {
        return requests.size();
    }

    /** How many GraphQL requests were refused as THROTTLED. */
    public synchronized int throttledCount() {
        return throttledCount;
    }

    /** How many executed requests selected each root field, e.g. {@code {products=12, shop=1}}. */
    public synchronized Map<String, Integer> rootFieldCounts() {
        return Map.copyOf(rootFieldCounts);
    }

    /** The API versions the connector used, in order of first use. */
    public synchronized Set<String> apiVersions() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(apiVersions));
    }

    synchronized void record(RecordedRequest request) {
        requests.add(request);
        apiVersions.add(request.apiVersion());
        if (request.outcome() == RecordedRequest.Outcome.THROTTLED) {
            throttledCount++;
        }
        if (request.outcome() == RecordedRequest.Outcome.EXECUTED) {
            request.rootFields().forEach(field -> rootFieldCounts.merge(field, 1, Integer::sum));
        }
    }

    Instant now() {
        return server.clock().instant().truncatedTo(ChronoUnit.SECONDS);
    }

    // ---------------------------------------------------------------- access tokens

    /** Makes {@code token} valid for this shop (it never expires). */
    public FakeShop addAccessToken(String token) {
        tokens.addPermanent(token);
        return this;
    }

    /** Makes every access token issued so far invalid (401), as when offline tokens expire; refresh tokens still work. */
    public void expireAccessTokens() {
        tokens.expireAccessTokens();
    }

    /** Whether {@code token} is a valid, unexpired access token for this shop now. */
    public boolean isValidAccessToken(String token) {
        return tokens.isValid(token);
    }

    /**
     * Issues a single-use authorization code, as Shopify does when the merchant approves the
     * install, for {@code POST /admin/oauth/access_token}. Scope {@code read_products,write_products}.
     */
    public String issueOAuthCode(String clientId) {
        return issueOAuthCode(clientId, "read_products,write_products");
    }

    /**
     * How many times an authorization code was presented at this shop's token endpoint, valid or not:
     * zero proves an app never tried to exchange a code it should not have.
     */
    public int oauthCodeExchanges() {
        return tokens.codeExchanges();
    }

    /** Issues a single-use authorization code granting {@code scope}. */
    public String issueOAuthCode(String clientId, String scope) {
        return tokens.issueCode(clientId, scope);
    }

    AccessTokens tokens() {
        return tokens;
    }

    // ---------------------------------------------------------------- webhooks

    /** Webhook subscriptions the connector created, oldest first. */
    public synchronized List<FakeWebhookSubscription> webhookSubscriptions() {
        return List.copyOf(subscriptions.values());
    }

    /**
     * Whether changes send webhooks to matching subscriptions on their own, as Shopify does
     * (default true): price writes through the API and {@link #setPriceBehindBack} send
     * {@code products/update}, {@link #addProduct} {@code products/create}, {@link #deleteProduct}
     * {@code products/delete}, finished bulk operations {@code bulk_operations/finish},
     * {@link #uninstall} {@code app/uninstalled}. Deliveries are asynchronous; see
     * {@link FakeShopify#awaitWebhookDeliveries()} and {@link #webhookAttempts()}.
     */
    public synchronized FakeShop autoWebhooks(boolean enabled) {
        this.autoWebhooks = enabled;
        return this;
    }

    /** Every automatic webhook delivery attempt, in order. */
    public synchronized List<WebhookAttempt> webhookAttempts() {
        return List.copyOf(webhookAttempts);
    }

    /**
     * One automatic delivery attempt.
     *
     * @param delivery what was sent
     * @param target   where to
     * @param status   HTTP status received, or 0 when the request failed
     * @param error    why it failed, or null
     */
    public record WebhookAttempt(WebhookDelivery delivery, URI target, int status, String error) {
    }

    synchronized void recordAttempt(WebhookAttempt attempt) {
        webhookAttempts.add(attempt);
    }

    /**
     * The merchant uninstalls the app: {@code app/uninstalled} goes to its subscribers, then every
     * access and refresh token stops working and every subscription is removed.
     */
    public void uninstall() {
        publish("APP_UNINSTALLED", null);
        tokens.revokeAll();
        synchronized (this) {
            subscriptions.clear();
        }
    }

    /** Sends {@code topic} about {@code subjectGid} to matching subscriptions, when automatic webhooks are on. */
    void publish(String topic, String subjectGid) {
        List<FakeWebhookSubscription> targets;
        WebhookDelivery delivery;
        synchronized (this) {
            if (!autoWebhooks) {
                return;
            }
            targets = subscriptions.values().stream().filter(s -> s.topic().equals(topic)).toList();
            if (targets.isEmpty()) {
                return;
            }
            delivery = webhooks().deliveryFor(Topics.header(topic), subjectGid);
        }
        for (FakeWebhookSubscription subscription : targets) {
            // one event, one delivery (and webhook id) per subscription
            server.deliverLater(this, subscription, delivery.withApiVersion(subscription.apiVersion())
                    .withWebhookId(UUID.randomUUID().toString()));
        }
    }

    synchronized FakeWebhookSubscription subscribe(String topic, String uri, String format, String apiVersion,
                                                   List<String> includeFields, String filter) {
        FakeWebhookSubscription subscription = new FakeWebhookSubscription(server.nextId("WebhookSubscription"), topic,
                uri, format, apiVersion, includeFields, filter, now());
        subscriptions.put(subscription.legacyId(), subscription);
        return subscription;
    }

    synchronized boolean unsubscribe(long id) {
        return subscriptions.remove(id) != null;
    }

    synchronized FakeWebhookSubscription subscription(long id) {
        return subscriptions.get(id);
    }

    // ---------------------------------------------------------------- bulk operations

    /** Every bulk operation of this shop, oldest first. */
    public List<FakeBulkOperation> bulkOperations() {
        return bulk.all();
    }

    /** Holds bulk operations where they are (CREATED or RUNNING) until {@link #resumeBulkOperations()}. */
    public FakeShop pauseBulkOperations() {
        bulk.pause(true);
        return this;
    }

    /** Lets paused bulk operations run on. */
    public FakeShop resumeBulkOperations() {
        bulk.pause(false);
        return this;
    }

    /**
     * How many JSONL lines (objects or mutation calls) bulk operations process per second. The
     * default, 20,000, is faster than Shopify so tests stay quick; lower it to watch an operation
     * RUNNING or to test polling.
     */
    public FakeShop bulkLinesPerSecond(int linesPerSecond) {
        bulk.linesPerSecond(linesPerSecond);
        return this;
    }

    /**
     * Makes the next bulk operation fail halfway with {@code errorCode} ({@code ACCESS_DENIED},
     * {@code INTERNAL_SERVER_ERROR} or {@code TIMEOUT}); what it produced so far is at its
     * {@code partialDataUrl}.
     */
    public FakeShop failNextBulkOperation(String errorCode) {
        bulk.failNext(errorCode);
        return this;
    }

    BulkOperations bulk() {
        return bulk;
    }

    FakeShopify server() {
        return server;
    }

    @Override
    public String toString() {
        return "FakeShop[" + domain + "]";
    }
}
