package dev.calibrate.app.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static dev.calibrate.app.support.ProblemAssertions.assertInvalidField;
import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every way a request can be wrong answers with an {@code application/problem+json} that says what
 * is wrong (naming the field where there is one), and a rejected write leaves no trace.
 */
class ProblemResponsesTest extends IntegrationTest {

    private static final String PRODUCTS = "/api/v1/products";

    @Autowired
    EventPositions events;

    @Value("${calibrate.web.max-body-bytes}")
    int maxBodyBytes;

    private Api.TenantToken acme;
    private long head;

    @BeforeEach
    void tenant() {
        acme = api.newTenant("Problems");
        head = events.head();
    }

    @Test
    void malformedJsonIs400() {
        Api.Response response = api.post(PRODUCTS, acme.token(), "{\"sku\": \"MJ-1\", \"title\": ");

        JsonNode problem = assertProblem(response, 400, "malformed-json");
        assertThat(problem.get("detail").asText()).doesNotContain("Jackson", "com.fasterxml", "Exception");
        assertNothingWritten("MJ-1");
    }

    @Test
    void aMissingBodyIs400() {
        Api.Response response = api.send("POST", PRODUCTS, acme.token(), null, "Content-Type", "application/json");

        assertProblem(response, 400, "malformed-json");
        assertThat(events.head()).isEqualTo(head);
    }

    @Test
    void aBodyThatIsNotAnObjectIs400() {
        assertInvalidField(api.post(PRODUCTS, acme.token(), "[1, 2, 3]"), "(body)");
        assertThat(events.head()).isEqualTo(head);
    }

    @Test
    void anUnknownFieldIs400NamingIt() {
        Api.Response response = api.post(PRODUCTS, acme.token(), Map.of("sku", "UF-1", "title", "Tee", "colour", "red"));

        JsonNode problem = assertInvalidField(response, "colour");
        assertThat(problem.get("detail").asText()).contains("colour");
        assertNothingWritten("UF-1");
    }

    @Test
    void anUnknownFieldInsideAPriceIs400NamingItsPath() {
        Api.Response response = api.post(PRODUCTS, acme.token(), Map.of("sku", "UF-2", "title", "Tee",
                "prices", List.of(Map.of("currency", "USD", "amount", "1.00", "discount", "10%"))));

        assertInvalidField(response, "prices[0].discount");
        assertNothingWritten("UF-2");
    }

    static Stream<Arguments> invalidFields() {
        return Stream.of(
                arguments("missing title", Map.of("sku", "IF-1"), "title"),
                arguments("blank title", Map.of("sku", "IF-2", "title", "   "), "title"),
                arguments("empty sku", Map.of("sku", "", "title", "Tee"), "sku"),
                arguments("title not a string", Map.of("sku", "IF-3", "title", 42), "title"),
                arguments("active not a boolean", Map.of("sku", "IF-4", "title", "Tee", "active", "yes"), "active"),
                arguments("tags not a list", Map.of("sku", "IF-5", "title", "Tee", "tags", "summer"), "tags"),
                arguments("price without currency", Map.of("sku", "IF-6", "title", "Tee",
                        "prices", List.of(Map.of("amount", "1.00"))), "prices[0].currency"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFields")
    void anInvalidFieldIs400NamingIt(String description, Map<String, Object> body, String field) {
        assertInvalidField(api.post(PRODUCTS, acme.token(), body), field);
        assertThat(events.head()).isEqualTo(head);
    }

    static Stream<Arguments> invalidMoney() {
        return Stream.of(
                arguments("negative price", prices(price("USD", "-1.00")), "prices[0].amount"),
                arguments("negative price in the second entry", prices(price("USD", "1.00"), price("EUR", "-0.01")),
                        "prices[1].amount"),
                arguments("unknown currency", prices(price("XYZ", "1.00")), "prices[0].currency"),
                arguments("a metal is not a currency", prices(price("XAU", "1.00")), "prices[0].currency"),
                arguments("lower-case currency", prices(price("usd", "1.00")), "prices[0].currency"),
                arguments("too many decimals for USD", prices(price("USD", "21.555")), "prices[0].amount"),
                arguments("decimals for JPY", prices(price("JPY", "1200.5")), "prices[0].amount"),
                arguments("amount as a JSON number", prices(price("USD", 21.6)), "prices[0].amount"),
                arguments("amount as a JSON integer", prices(price("USD", 21)), "prices[0].amount"),
                arguments("amount in exponent notation", prices(price("USD", "2.16e1")), "prices[0].amount"),
                arguments("negative compare-at price", prices(Map.of("currency", "USD", "amount", "1.00",
                        "compareAt", "-2.00")), "prices[0].compareAt"),
                arguments("compare-at with too many decimals", prices(Map.of("currency", "USD", "amount", "1.00",
                        "compareAt", "2.001")), "prices[0].compareAt"),
                arguments("compare-at as a JSON number", prices(Map.of("currency", "USD", "amount", "1.00",
                        "compareAt", 2)), "prices[0].compareAt"),
                arguments("a currency listed twice", prices(price("USD", "1.00"), price("USD", "2.00")),
                        "prices[1].currency"),
                arguments("negative cost", Map.of("cost", Map.of("amount", "-8.00", "currency", "USD")), "cost.amount"),
                arguments("cost in an unknown currency", Map.of("cost", Map.of("amount", "8.00", "currency", "ABC")),
                        "cost.currency"),
                arguments("cost with too many decimals", Map.of("cost", Map.of("amount", "8.001", "currency", "USD")),
                        "cost.amount"),
                arguments("cost amount as a JSON number", Map.of("cost", Map.of("amount", 8, "currency", "USD")),
                        "cost.amount"),
                arguments("cost as a bare number", Map.of("cost", 8), "cost"),
                arguments("cost as a string", Map.of("cost", "8.00 USD"), "cost"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidMoney")
    void invalidMoneyIs400NamingTheFieldAndWritesNothing(String description, Map<String, Object> money, String field) {
        String sku = "MONEY-" + UUID.randomUUID();
        Map<String, Object> body = new LinkedHashMap<>(Map.of("sku", sku, "title", "Priced tee"));
        body.putAll(money);

        assertInvalidField(api.post(PRODUCTS, acme.token(), body), field);

        assertNothingWritten(sku);
    }

    static Stream<Arguments> invalidTenants() {
        return Stream.of(
                arguments("missing name", Map.of("defaultCurrency", "USD"), "name"),
                arguments("blank name", Map.of("name", "   ", "defaultCurrency", "USD"), "name"),
                arguments("name too long", Map.of("name", "n".repeat(201), "defaultCurrency", "USD"), "name"),
                arguments("missing currency", Map.of("name", "Initech"), "defaultCurrency"),
                arguments("lower-case currency", Map.of("name", "Initech", "defaultCurrency", "usd"), "defaultCurrency"),
                arguments("unknown currency", Map.of("name", "Initech", "defaultCurrency", "XYZ"), "defaultCurrency"),
                arguments("a metal is not a currency", Map.of("name", "Initech", "defaultCurrency", "XAU"),
                        "defaultCurrency"),
                arguments("unknown field", Map.of("name", "Initech", "defaultCurrency", "USD", "plan", "gold"), "plan"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidTenants")
    void anInvalidTenantIs400NamingTheFieldAndWritesNothing(String description, Map<String, Object> body, String field) {
        assertInvalidField(api.post("/admin/v1/tenants", api.adminToken(), body), field);
        assertThat(events.head()).isEqualTo(head);
    }

    @Test
    void adminIdsThatAreNotUuidsAre400NamingThem() {
        assertInvalidField(api.post("/admin/v1/tenants/acme/tokens", api.adminToken(),
                Map.of("name", "ci", "scopes", List.of("catalog:read"))), "tenantId");
        assertInvalidField(api.delete("/admin/v1/tenants/" + acme.tenantId() + "/tokens/latest", api.adminToken()),
                "tokenId");
        assertThat(events.head()).isEqualTo(head);
    }

    @Test
    void adminBodiesAreCheckedLikeAnyOther() {
        assertProblem(api.post("/admin/v1/tenants", api.adminToken(), "{\"name\": "), 400, "malformed-json");
        assertProblem(api.post("/admin/v1/tenants", api.adminToken(), "name=Initech", "Content-Type", "text/plain"),
                415, null);
        assertProblem(api.post("/admin/v1/tenants", api.adminToken(), jsonOfLength("X", maxBodyBytes + 1)),
                413, "body-too-large");
        assertProblem(api.get("/admin/v1/no-such-thing", api.adminToken()), 404, null);
        assertThat(events.head()).isEqualTo(head);
    }

    @Test
    void optionalMoneyMayBeNull() {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("sku", "NULLS-1", "title", "Tee"));
        body.put("cost", null);
        Map<String, Object> price = new LinkedHashMap<>(price("USD", "5.00"));
        price.put("compareAt", null);
        body.put("prices", List.of(price));

        assertThat(api.post(PRODUCTS, acme.token(), body).status()).isEqualTo(201);
    }

    @Test
    void anInvalidPriceOnAnExistingProductChangesNothing() {
        Api.Response created = api.post(PRODUCTS, acme.token(),
                Map.of("sku", "EX-1", "title", "Tee", "prices", List.of(price("USD", "10.00"))));
        assertThat(created.status()).isEqualTo(201);
        long afterCreate = events.head();

        Api.Response rejected = api.post(PRODUCTS, acme.token(), Map.of("sku", "EX-1", "title", "Renamed tee",
                "prices", List.of(price("EUR", "9.00"), price("USD", "-1.00"))));

        assertInvalidField(rejected, "prices[1].amount");
        assertThat(events.head()).isEqualTo(afterCreate);
        JsonNode product = api.get(PRODUCTS + "/" + created.json().get("id").asText(), acme.token(),
                "X-Calibrate-Wait-For", String.valueOf(created.position())).json();
        assertThat(product.get("title").asText()).isEqualTo("Tee");
        assertThat(product.get("prices")).hasSize(1);
    }

    @Test
    void aWrongMediaTypeIs415() {
        Api.Response response = api.post(PRODUCTS, acme.token(), "{\"sku\": \"MT-1\", \"title\": \"Tee\"}",
                "Content-Type", "text/plain");

        assertProblem(response, 415, null);
        assertNothingWritten("MT-1");
    }

    @Test
    void aFormBodyIs415() {
        Api.Response response = api.post(PRODUCTS, acme.token(), "sku=MT-2&title=Tee",
                "Content-Type", "application/x-www-form-urlencoded");

        assertProblem(response, 415, null);
        assertNothingWritten("MT-2");
    }

    @Test
    void aBodyOverTheLimitIs413ByItsContentLength() {
        String body = jsonOfLength("TL-1", maxBodyBytes + 1);

        Api.Response response = api.post(PRODUCTS, acme.token(), body);

        assertProblem(response, 413, "body-too-large");
        assertNothingWritten("TL-1");
    }

    @Test
    void aBodyAtTheLimitIsRead() {
        String body = jsonOfLength("TL-2", maxBodyBytes);

        // read and judged on its content (the title is too long), not refused for its size
        assertInvalidField(api.post(PRODUCTS, acme.token(), body), "title");
        assertNothingWritten("TL-2");
    }

    @Test
    void aChunkedBodyThatGrowsPastTheLimitIs413() {
        byte[] body = jsonOfLength("TL-3", maxBodyBytes + maxBodyBytes / 2).getBytes(StandardCharsets.UTF_8);

        Api.Response response = postChunked(PRODUCTS, acme.token(), body);

        assertProblem(response, 413, "body-too-large");
        assertNothingWritten("TL-3");
    }

    @Test
    void aSmallChunkedBodyIsAccepted() {
        byte[] body = "{\"sku\": \"CH-1\", \"title\": \"Chunked tee\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(postChunked(PRODUCTS, acme.token(), body).status()).isEqualTo(201);
    }

    @Test
    void anUnknownRouteIs404() {
        assertProblem(api.get("/api/v1/no-such-thing", acme.token()), 404, null);
        assertProblem(api.post("/api/v1/no-such-thing", acme.token(), Map.of("sku", "NR-1")), 404, null);
        assertProblem(api.get("/no-such-thing", null), 404, null);
        assertThat(events.head()).isEqualTo(head);
    }

    @Test
    void anUnsupportedMethodIs405() {
        Api.Response response = api.send("PUT", PRODUCTS, acme.token(), Map.of("sku", "PUT-1", "title", "Tee"));

        assertProblem(response, 405, null);
        assertNothingWritten("PUT-1");
    }

    @Test
    void anIdThatIsNotAUuidIs400NamingIt() {
        assertInvalidField(api.get(PRODUCTS + "/not-a-uuid", acme.token()), "id");
        assertInvalidField(api.delete(PRODUCTS + "/not-a-uuid", acme.token()), "id");
    }

    @Test
    void invalidPagingIs400NamingTheParameter() {
        assertInvalidField(api.get(PRODUCTS + "?size=0", acme.token()), "size");
        assertInvalidField(api.get(PRODUCTS + "?size=501", acme.token()), "size");
        assertInvalidField(api.get(PRODUCTS + "?page=-1", acme.token()), "page");
        assertInvalidField(api.get(PRODUCTS + "?size=many", acme.token()), "size");
    }

    @Test
    void aPageStartingPastTheMaximumOffsetIs400NamingPage() {
        assertThat(api.get(PRODUCTS + "?page=200&size=500", acme.token()).status()).isEqualTo(200);
        assertThat(api.get(PRODUCTS + "?page=100000&size=1", acme.token()).status()).isEqualTo(200);

        assertInvalidField(api.get(PRODUCTS + "?page=201&size=500", acme.token()), "page");
        assertInvalidField(api.get(PRODUCTS + "?page=100001&size=1", acme.token()), "page");
        assertInvalidField(api.get(PRODUCTS + "?page=" + Integer.MAX_VALUE + "&size=500", acme.token()), "page");
        assertInvalidField(api.get("/api/v1/audit?page=1000000", acme.token()), "page");
    }

    @Test
    void aDuplicateKeyIs400NamingItAndWritesNothing() {
        assertInvalidField(api.post(PRODUCTS, acme.token(),
                "{\"sku\": \"DK-1\", \"title\": \"Tee\", \"sku\": \"DK-2\"}"), "sku");
        assertNothingWritten("DK-1");
        assertNothingWritten("DK-2");
    }

    @Test
    void aDuplicateKeyDeepInTheBodyIs400NamingItsPath() {
        Api.Response response = api.post(PRODUCTS, acme.token(), """
                {"sku": "DK-3", "title": "Tee",
                 "prices": [{"currency": "USD", "amount": "10.00"},
                            {"currency": "EUR", "amount": "9.00", "amount": "9000.00"}]}""");

        assertInvalidField(response, "prices[1].amount");
        assertNothingWritten("DK-3");
    }

    @Test
    void aControlCharacterInAQueryParameterIs400NamingIt() {
        assertInvalidField(api.get(PRODUCTS + "?sku=%00", acme.token()), "sku");
        assertInvalidField(api.get("/api/v1/audit?actor=a%07b", acme.token()), "actor");
    }

    @Test
    void aPathTheServerCannotDecodeIsAProblemDocument() {
        assertProblem(api.get(PRODUCTS + "/%00", acme.token()), 400, "malformed-request");
        assertProblem(api.get(PRODUCTS + "/%FF%FE", acme.token()), 400, "malformed-request");
    }

    @Test
    void aRequestLineTheServerCannotTakeIsAClientErrorNeverA5xx() throws IOException {
        // Tomcat answers an unknown protocol version 505 before any filter runs: the client's fault
        try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + PRODUCTS + " HTTP/9.9\r\nHost: localhost\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400").contains("application/problem+json")
                    .contains("\"status\":400").contains("malformed-request");
        }
    }

    @Test
    void theErrorPageAskedForDirectlyIsNotFound() {
        assertProblem(api.get("/error", acme.token()), 404, "not-found");
        assertProblem(api.post("/error", acme.token(), "{}"), 404, "not-found");
    }

    @Test
    void aWaitForThatIsNotAPositionIs400() {
        assertInvalidField(api.get(PRODUCTS, acme.token(), "X-Calibrate-Wait-For", "soon"), "X-Calibrate-Wait-For");
    }

    @Test
    void problemsCarryTheRequestIdAndNoInternals() {
        Api.Response response = api.post(PRODUCTS, acme.token(), "{oops", "X-Request-Id", "problem-req-1");

        JsonNode problem = assertProblem(response, 400, "malformed-json");
        assertThat(problem.get("requestId").asText()).isEqualTo("problem-req-1");
        assertThat(response.body()).doesNotContain("trace", "exception", "at dev.calibrate");
    }

    private void assertNothingWritten(String sku) {
        assertThat(events.head()).as("no event was appended").isEqualTo(head);
        ProductId id = ProductId.forSku(TenantId.parse(acme.tenantId()), sku);
        assertProblem(api.get(PRODUCTS + "/" + id + "/history", acme.token()), 404, "not-found");
    }

    private static Map<String, Object> prices(Map<?, ?>... prices) {
        return Map.of("prices", List.of(prices));
    }

    private static Map<String, Object> price(String currency, Object amount) {
        return Map.of("currency", currency, "amount", amount);
    }

    /** A product upsert of exactly {@code length} bytes, padded in its title. */
    private static String jsonOfLength(String sku, int length) {
        String head = "{\"sku\":\"" + sku + "\",\"title\":\"";
        String tail = "\"}";
        return head + "a".repeat(length - head.length() - tail.length()) + tail;
    }

    /** Sends the body with chunked transfer encoding: no Content-Length to refuse it by. */
    private Api.Response postChunked(String path, String token, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .version(HttpClient.Version.HTTP_1_1)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            return new Api.Response(response.statusCode(), response.headers().map(), response.body(), mapper);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
