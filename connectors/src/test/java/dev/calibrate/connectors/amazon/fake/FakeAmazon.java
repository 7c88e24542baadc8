package dev.calibrate.connectors.amazon.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.calibrate.connectors.amazon.AmazonRegion;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake Login with Amazon and Selling Partner API over real HTTP on 127.0.0.1, for connector and
 * end-to-end tests. It behaves like Amazon where a client could notice:
 * <ul>
 *   <li>{@code POST /auth/o2/token}: the {@code refresh_token} grant, form-urlencoded; {@code invalid_client}
 *       (401) for unknown app credentials, {@code invalid_grant} (400) for an unknown or revoked refresh
 *       token, {@code {access_token, token_type, expires_in, refresh_token}} otherwise.</li>
 *   <li>{@code GET /listings/2021-08-01/items/{sellerId}} (searchListingsItems): one marketplace,
 *       {@code pageSize} ≤ 20 (400 otherwise), paging by {@code pagination.nextToken}; usage plan 5/s burst 10.</li>
 *   <li>{@code GET /catalog/2022-04-01/items} (searchCatalogItems): one marketplace, ≤ 20 {@code identifiers},
 *       {@code identifiersType=SKU} needs {@code sellerId}; usage plan 2/s burst 2.</li>
 * </ul>
 * Every SP-API call needs a live {@code x-amz-access-token} of the seller (403 {@code Unauthorized}
 * otherwise); an empty bucket answers 429 {@code QuotaExceeded}. Every SP-API body the fake sends is
 * first validated against the real Swagger model's response schema: one that does not fit is not
 * sent (the client gets a 500 {@code FakeInvalidResponse}) and is listed in {@link #invalidResponses()}.
 * Every request is recorded ({@link #requests()}), which is how a test proves a client only reads.
 */
public final class FakeAmazon implements AutoCloseable {

    /** A request the fake received. */
    public record Request(String method, String path, String query) {
    }

    private static final Pattern LISTINGS = Pattern.compile("^/listings/2021-08-01/items/([^/]+)$");
    private static final String CATALOG = "/catalog/2022-04-01/items";
    private static final String TOKEN = "/auth/o2/token";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService threads;
    private final Map<String, FakeSeller> sellers = new ConcurrentHashMap<>();
    private final Map<String, IssuedToken> accessTokens = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<String> invalidResponses = new CopyOnWriteArrayList<>();
    private final AtomicInteger lwaOutages = new AtomicInteger();

    private record IssuedToken(String sellerId, Instant expiresAt) {
    }

    public FakeAmazon() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fake Amazon", e);
        }
        threads = Executors.newFixedThreadPool(8, task -> {
            Thread thread = new Thread(task, "fake-amazon-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(threads);
        server.createContext("/", this::route);
        server.start();
    }

    /** The Login with Amazon token URL ({@code calibrate.amazon.lwa-url}). */
    public String lwaUrl() {
        return baseUrl() + TOKEN;
    }

    /** The Selling Partner API base URL ({@code calibrate.amazon.spapi-base-url}). */
    public String spApiBaseUrl() {
        return baseUrl();
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A new seller account with its own app credentials and refresh token, and no listings. */
    public FakeSeller addSeller(String sellerId) {
        FakeSeller seller = new FakeSeller(sellerId);
        sellers.put(sellerId, seller);
        return seller;
    }

    /** Every request received so far, in order. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The SP-API requests (not LWA) that named {@code sellerId} in their path or query. */
    public List<Request> requestsOf(String sellerId) {
        return requests.stream().filter(r -> !r.path().equals(TOKEN))
                .filter(r -> r.path().endsWith("/" + sellerId) || r.query().contains("sellerId=" + sellerId)).toList();
    }

    /** SP-API bodies the fake refused to send because they did not fit the Swagger model; should stay empty. */
    public List<String> invalidResponses() {
        return List.copyOf(invalidResponses);
    }

    /** The next {@code times} token requests answer 503 without a body, as an unreachable LWA would fail. */
    public void lwaUnavailableNext(int times) {
        lwaOutages.set(times);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    static int currencyDigits(String marketplaceId) {
        return Currency.getInstance(currency(marketplaceId)).getDefaultFractionDigits();
    }

    static String currency(String marketplaceId) {
        return Arrays.stream(AmazonRegion.values()).filter(r -> r.serves(marketplaceId)).findFirst()
                .map(r -> r.currency(marketplaceId)).orElseThrow();
    }

    // ---------------------------------------------------------------- routing

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        requests.add(new Request(exchange.getRequestMethod(), path, rawQuery == null ? "" : rawQuery));
        try (exchange) {
            if (path.equals(TOKEN)) {
                token(exchange);
                return;
            }
            if (!exchange.getRequestMethod().equals("GET")) {
                error(exchange, null, 403, "Unauthorized", "This fake implements only the read operations");
                return;
            }
            Map<String, List<String>> query = query(rawQuery);
            Matcher listings = LISTINGS.matcher(path);
            if (listings.matches()) {
                spApi(exchange, sellers.get(listings.group(1)), "searchListingsItems", 5, 10, SpApiModels.LISTINGS,
                        seller -> searchListings(seller, query));
            } else if (path.equals(CATALOG)) {
                spApi(exchange, sellers.get(first(query, "sellerId")), "searchCatalogItems", 2, 2, SpApiModels.CATALOG,
                        seller -> searchCatalog(seller, query));
            } else {
                error(exchange, null, 404, "NotFound", "Resource not found");
            }
        }
    }

    /** What an SP-API handler answers: a 200 body, or an error. */
    private record Answer(int status, JsonNode body) {
    }

    private interface Handler {
        Answer handle(FakeSeller seller);
    }

    private void spApi(HttpExchange exchange, FakeSeller seller, String operation, double rate, double burst,
                       String model, Handler handler) throws IOException {
        String token = exchange.getRequestHeaders().getFirst("x-amz-access-token");
        IssuedToken issued = token == null ? null : accessTokens.get(token);
        if (seller == null || issued == null || !issued.sellerId().equals(seller.sellerId())
                || !Instant.now().isBefore(issued.expiresAt())) {
            error(exchange, model, 403, "Unauthorized", "Access to requested resource is denied.");
            return;
        }
        Integer fault = seller.nextFault();
        if (fault != null) {
            error(exchange, model, fault, fault == 429 ? "QuotaExceeded" : "InternalFailure",
                    fault == 429 ? "You exceeded your quota for the requested resource." : "We encountered an internal error.");
            return;
        }
        exchange.getResponseHeaders().add("x-amzn-RateLimit-Limit", Double.toString(rate));
        if (!seller.admit(operation, rate, burst)) {
            error(exchange, model, 429, "QuotaExceeded", "You exceeded your quota for the requested resource.");
            return;
        }
        Answer answer = handler.handle(seller);
        if (answer.status() == 200 && seller.takeMalformNext()) {
            ((ObjectNode) answer.body()).remove("numberOfResults");
        }
        send(exchange, model, answer.status(), answer.body());
    }

    // ---------------------------------------------------------------- Login with Amazon

    private void token(HttpExchange exchange) throws IOException {
        if (lwaOutages.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            exchange.sendResponseHeaders(503, -1);
            return;
        }
        if (!exchange.getRequestMethod().equals("POST")) {
            lwaError(exchange, 400, "invalid_request", "The request method must be POST");
            return;
        }
        Map<String, List<String>> form = query(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (!"refresh_token".equals(first(form, "grant_type"))) {
            lwaError(exchange, 400, "unsupported_grant_type", "The authorization grant type is not supported");
            return;
        }
        String clientId = first(form, "client_id");
        String clientSecret = first(form, "client_secret");
        FakeSeller app = sellers.values().stream()
                .filter(s -> s.clientId().equals(clientId) && s.clientSecret().equals(clientSecret)).findFirst().orElse(null);
        if (app == null) {
            lwaError(exchange, 401, "invalid_client", "Client authentication failed");
            return;
        }
        if (!app.refreshToken().equals(first(form, "refresh_token"))) {
            lwaError(exchange, 400, "invalid_grant", "The request has an invalid grant parameter : refresh_token");
            return;
        }
        String accessToken = "Atza|" + UUID.randomUUID().toString().replace("-", "");
        accessTokens.put(accessToken, new IssuedToken(app.sellerId(), Instant.now().plusSeconds(app.tokenLifetimeSeconds())));
        app.tokenIssued();
        ObjectNode body = json.createObjectNode();
        body.put("access_token", accessToken);
        body.put("refresh_token", app.refreshToken());
        body.put("token_type", "bearer");
        body.put("expires_in", app.tokenLifetimeSeconds());
        write(exchange, 200, body);
    }

    private void lwaError(HttpExchange exchange, int status, String error, String description) throws IOException {
        ObjectNode body = json.createObjectNode();
        body.put("error_description", description);
        body.put("error", error);
        write(exchange, status, body);
    }

    // ---------------------------------------------------------------- searchListingsItems

    private Answer searchListings(FakeSeller seller, Map<String, List<String>> query) {
        List<String> marketplaces = csv(query, "marketplaceIds");
        if (marketplaces.size() != 1) {
            return invalid("marketplaceIds must name exactly one marketplace");
        }
        int pageSize;
        try {
            pageSize = Integer.parseInt(first(query, "pageSize") == null ? "10" : first(query, "pageSize"));
        } catch (NumberFormatException e) {
            return invalid("pageSize must be an integer");
        }
        if (pageSize < 1 || pageSize > 20) {
            return invalid("pageSize must be between 1 and 20, not " + pageSize);
        }
        String marketplaceId = marketplaces.get(0);
        List<String> included = csv(query, "includedData");
        List<FakeListing> listed = seller.listedIn(marketplaceId);
        int offset = 0;
        String pageToken = first(query, "pageToken");
        if (pageToken != null) {
            try {
                String[] decoded = new String(Base64.getUrlDecoder().decode(pageToken), StandardCharsets.UTF_8).split(":");
                if (!decoded[0].equals(seller.sellerId()) || !decoded[1].equals(marketplaceId)) {
                    return invalid("pageToken belongs to another search");
                }
                offset = Integer.parseInt(decoded[2]);
            } catch (RuntimeException e) {
                return invalid("pageToken is not valid");
            }
        }
        ArrayNode items = json.createArrayNode();
        for (FakeListing listing : listed.subList(Math.min(offset, listed.size()), Math.min(listed.size(), offset + pageSize))) {
            ObjectNode item = items.addObject();
            item.put("sku", listing.sku());
            if (included.isEmpty() || included.contains("summaries")) {
                ObjectNode summary = item.putArray("summaries").addObject();
                summary.put("marketplaceId", marketplaceId);
                if (listing.asin() != null) {
                    summary.put("asin", listing.asin());
                }
                summary.put("productType", "HOME");
                summary.put("conditionType", "new_new");
                summary.putArray("status").add("BUYABLE").add("DISCOVERABLE");
                if (listing.itemName() != null) {
                    summary.put("itemName", listing.itemName());
                }
                summary.put("createdDate", "2025-03-01T10:00:00Z");
                summary.put("lastUpdatedDate", "2026-11-01T10:00:00Z");
            }
            if (included.contains("offers")) {
                ArrayNode offers = item.putArray("offers");
                BigDecimal price = listing.prices().get(marketplaceId);
                if (price != null) {
                    ObjectNode offer = offers.addObject();
                    offer.put("marketplaceId", marketplaceId);
                    offer.put("offerType", "B2C");
                    offer.putObject("price").put("currencyCode", currency(marketplaceId)).put("amount", price.toPlainString());
                }
            }
        }
        ObjectNode body = json.createObjectNode();
        body.put("numberOfResults", listed.size());
        int next = offset + pageSize;
        if (next < listed.size()) {
            body.putObject("pagination").put("nextToken", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((seller.sellerId() + ":" + marketplaceId + ":" + next).getBytes(StandardCharsets.UTF_8)));
        }
        body.set("items", items);
        return new Answer(200, body);
    }

    // ---------------------------------------------------------------- searchCatalogItems

    private Answer searchCatalog(FakeSeller seller, Map<String, List<String>> query) {
        List<String> marketplaces = csv(query, "marketplaceIds");
        if (marketplaces.size() != 1) {
            return invalid("marketplaceIds must name exactly one marketplace");
        }
        List<String> identifiers = csv(query, "identifiers");
        if (identifiers.isEmpty() || identifiers.size() > 20) {
            return invalid("identifiers must list between 1 and 20 identifiers, not " + identifiers.size());
        }
        if (!"SKU".equals(first(query, "identifiersType"))) {
            return invalid("this fake searches by identifiersType SKU only");
        }
        String marketplaceId = marketplaces.get(0);
        List<String> included = csv(query, "includedData");
        ArrayNode items = json.createArrayNode();
        for (String sku : identifiers) {
            FakeListing listing = seller.listing(sku);
            if (listing == null || listing.asin() == null || !listing.marketplaceIds().contains(marketplaceId)) {
                continue;
            }
            ObjectNode item = items.addObject();
            item.put("asin", listing.asin());
            if (included.isEmpty() || included.contains("summaries")) {
                ObjectNode summary = item.putArray("summaries").addObject();
                summary.put("marketplaceId", marketplaceId);
                if (listing.brand() != null) {
                    summary.put("brand", listing.brand());
                }
                if (listing.catalogTitle() != null) {
                    summary.put("itemName", listing.catalogTitle());
                }
            }
            if (included.contains("identifiers")) {
                ObjectNode byMarketplace = item.putArray("identifiers").addObject();
                byMarketplace.put("marketplaceId", marketplaceId);
                byMarketplace.putArray("identifiers").addObject().put("identifierType", "EAN")
                        .put("identifier", "40" + String.format("%011d", Math.abs(listing.asin().hashCode())));
            }
        }
        ObjectNode body = json.createObjectNode();
        body.put("numberOfResults", items.size());
        body.set("items", items);
        return new Answer(200, body);
    }

    // ---------------------------------------------------------------- plumbing

    private Answer invalid(String message) {
        return new Answer(400, errorList("InvalidInput", message));
    }

    private ObjectNode errorList(String code, String message) {
        ObjectNode body = json.createObjectNode();
        ObjectNode error = body.putArray("errors").addObject();
        error.put("code", code);
        error.put("message", message);
        return body;
    }

    private void error(HttpExchange exchange, String model, int status, String code, String message) throws IOException {
        if (model == null) {
            write(exchange, status, errorList(code, message));
        } else {
            send(exchange, model, status, errorList(code, message));
        }
    }

    /** Sends an SP-API body only if it fits the model's response schema for {@code status}. */
    private void send(HttpExchange exchange, String model, int status, JsonNode body) throws IOException {
        List<String> violations = SpApiModels.violations(model, status == 200 ? "ItemSearchResults" : "ErrorList", body);
        if (!violations.isEmpty()) {
            invalidResponses.add(exchange.getRequestURI() + " -> HTTP " + status + ": " + violations);
            write(exchange, 500, errorList("FakeInvalidResponse", "the fake's answer does not fit " + model + ": " + violations));
            return;
        }
        exchange.getResponseHeaders().add("x-amzn-RequestId", UUID.randomUUID().toString());
        write(exchange, status, body);
    }

    private void write(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            query.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return query;
    }

    private static String first(Map<String, List<String>> query, String key) {
        List<String> values = query.get(key);
        return values == null || values.isEmpty() ? null : URLDecoder.decode(values.get(0), StandardCharsets.UTF_8);
    }

    /** A csv-format array: elements separated by (raw or encoded) commas, each URL-decoded. */
    private static List<String> csv(Map<String, List<String>> query, String key) {
        List<String> values = query.get(key);
        if (values == null || values.isEmpty() || values.get(0).isEmpty()) {
            return List.of();
        }
        return Arrays.stream(values.get(0).split(",|%2C|%2c"))
                .map(v -> URLDecoder.decode(v, StandardCharsets.UTF_8)).toList();
    }
}
