package dev.calibrate.app.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.ProductBodies;
import dev.calibrate.app.support.StoredEvents;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.support.LongStreams.created;
import static dev.calibrate.app.support.LongStreams.observed;
import static dev.calibrate.app.support.LongStreams.then;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The MCP server at /api/v1/mcp through the MCP Java SDK's own client over Streamable HTTP, against the
 * running server: what it lists, what each tool answers (the REST API's records, for the caller's
 * tenant alone), and how it refuses: no token, a token without the scope, another tenant's id,
 * arguments the REST edge would refuse, and malformed messages, none of them a 5xx.
 */
class McpServerTest extends IntegrationTest {

    @Autowired
    EventStore eventStore;
    @Autowired
    EventPositions positions;
    @Autowired
    JdbcTemplate jdbc;

    private static final String ENDPOINT = "/api/v1/mcp";
    private static final String[] MCP_ACCEPT = {"Accept", "application/json, text/event-stream"};

    @Test
    void listsItsFiveReadOnlyToolsWithTheirInputSchemas() {
        Api.TenantToken acme = api.newTenant("Mcp tools " + UUID.randomUUID());
        try (McpSyncClient client = connect(acme.token())) {
            assertThat(client.getServerInfo().name()).isEqualTo("calibrate");
            assertThat(client.getServerCapabilities().tools()).isNotNull();
            assertThat(client.getServerCapabilities().resources()).isNull();
            assertThat(client.getServerCapabilities().prompts()).isNull();

            List<McpSchema.Tool> tools = client.listTools().tools();

            assertThat(tools).extracting(McpSchema.Tool::name).containsExactlyInAnyOrder(
                    "search_products", "price_history", "price_provenance", "ask_copilot", "list_anomalies");
            assertThat(tools).allSatisfy(tool -> {
                assertThat(tool.annotations().readOnlyHint()).isTrue();
                // each question is an audit event and counts against the minute's questions
                assertThat(tool.annotations().idempotentHint()).as(tool.name())
                        .isEqualTo(!tool.name().equals("ask_copilot"));
                assertThat(tool.annotations().destructiveHint()).isFalse();
                assertThat(tool.description()).isNotBlank();
                assertThat(tool.inputSchema().type()).isEqualTo("object");
                assertThat(tool.inputSchema().additionalProperties()).isFalse();
            });
            assertThat(tool(tools, "search_products").inputSchema().properties()).containsOnlyKeys("query", "limit");
            assertThat(tool(tools, "search_products").inputSchema().required()).containsExactly("query");
            assertThat(tool(tools, "price_history").inputSchema().properties())
                    .containsOnlyKeys("productId", "currency", "limit");
            assertThat(tool(tools, "price_history").inputSchema().required()).containsExactly("productId");
            assertThat(tool(tools, "ask_copilot").inputSchema().required()).containsExactly("question");
            assertThat(tool(tools, "list_anomalies").inputSchema().properties())
                    .containsOnlyKeys("from", "to", "kind", "productId", "after", "size");
        }
    }

    @Test
    void searchProductsAnswersTheRestPageForTheCallersTenantAlone() {
        Api.TenantToken acme = api.newTenant("Mcp search " + UUID.randomUUID());
        Api.TenantToken other = api.newTenant("Mcp search other " + UUID.randomUUID());
        createProduct(acme, ProductBodies.product("TEE-1", "21.60"));
        createProduct(acme, ProductBodies.product("MUG-1", "9.00"));
        long last = createProduct(other, ProductBodies.product("TEE-2", "5.00"));
        JsonNode rest = api.get("/api/v1/products?q=tee&size=10", acme.token(),
                "X-Calibrate-Wait-For", String.valueOf(last)).json();

        try (McpSyncClient client = connect(acme.token())) {
            CallToolResult found = call(client, "search_products", Map.of("query", "tee", "limit", 10));

            assertThat(found.isError()).isFalse();
            JsonNode page = structured(found);
            assertThat(page.get("total").asLong()).isEqualTo(1);
            assertThat(page.at("/items/0/sku").asText()).isEqualTo("TEE-1");
            assertThat(page.at("/items/0/prices/0/amount").asText()).isEqualTo("21.60");
            assertThat(page).isEqualTo(rest);
            assertThat(text(found)).isEqualTo(page);

            JsonNode limited = structured(call(client, "search_products", Map.of("query", "-1", "limit", 1)));
            assertThat(limited.get("items")).hasSize(1);
            assertThat(limited.get("total").asLong()).isEqualTo(2);
        }
    }

    @Test
    void priceHistoryAnswersTheNewestPricesFirstAndAnotherTenantsProductAsNotFound() {
        Api.TenantToken acme = api.newTenant("Mcp history " + UUID.randomUUID());
        Api.TenantToken other = api.newTenant("Mcp history other " + UUID.randomUUID());
        // another tenant's product first, so that the catalog has it before the reads below
        String foreign = api.post("/api/v1/products", other.token(), ProductBodies.product("HIS-2", "5.00")).json()
                .get("id").asText();
        String id = api.post("/api/v1/products", acme.token(), ProductBodies.product("HIS-1", "21.60")).json()
                .get("id").asText();
        long changed = createProduct(acme, ProductBodies.product("HIS-1", "19.99"));
        JsonNode rest = api.get("/api/v1/products/" + id, acme.token(),
                "X-Calibrate-Wait-For", String.valueOf(changed)).json();

        try (McpSyncClient client = connect(acme.token())) {
            JsonNode history = structured(call(client, "price_history", Map.of("productId", id)));

            assertThat(history.get("productId").asText()).isEqualTo(id);
            assertThat(history.get("sku").asText()).isEqualTo("HIS-1");
            assertThat(history.get("history")).extracting(e -> e.get("amount").asText())
                    .containsExactly("19.99", "21.60");
            assertThat(history.at("/history/0").has("validTo")).as("the current price holds still").isFalse();
            assertThat(history.get("history")).containsExactlyInAnyOrderElementsOf(rest.get("priceHistory"));
            assertThat(history.get("currentPrices")).isEqualTo(rest.get("prices"));
            assertThat(history.get("truncated").asBoolean()).isFalse();

            JsonNode newest = structured(call(client, "price_history", Map.of("productId", id, "currency", "USD",
                    "limit", 1)));
            assertThat(newest.get("history")).extracting(e -> e.get("amount").asText()).containsExactly("19.99");
            assertThat(newest.get("truncated").asBoolean()).isTrue();
            assertThat(structured(call(client, "price_history", Map.of("productId", id, "currency", "EUR")))
                    .get("history")).isEmpty();

            CallToolResult foreignProduct = call(client, "price_history", Map.of("productId", foreign));
            CallToolResult unknownProduct = call(client, "price_history",
                    Map.of("productId", UUID.randomUUID().toString()));
            assertToolError(foreignProduct, "not-found");
            assertThat(structured(foreignProduct).get("detail").asText()).isEqualTo("product not found");
            assertThat(text(foreignProduct).toString()).doesNotContain(foreign).doesNotContain("HIS-2");
            assertThat(structured(unknownProduct).get("detail")).isEqualTo(structured(foreignProduct).get("detail"));
        }
    }

    @Test
    void listAnomaliesAnswersTheRestPageWithItsEvidence() {
        Api.TenantToken acme = api.newTenant("Mcp anomalies " + UUID.randomUUID());
        Api.TenantToken other = api.newTenant("Mcp anomalies other " + UUID.randomUUID());
        // the sample body's cost is 4.00 USD: a price of 3.00 is below it
        String id = api.post("/api/v1/products", acme.token(), ProductBodies.product("LOW-1", "3.00")).json()
                .get("id").asText();
        long last = createProduct(other, ProductBodies.product("LOW-2", "2.00"));
        String period = "from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z";
        JsonNode rest = api.get("/api/v1/anomalies?" + period, acme.token(),
                "X-Calibrate-Wait-For", String.valueOf(last)).json();

        try (McpSyncClient client = connect(acme.token())) {
            JsonNode page = structured(call(client, "list_anomalies",
                    Map.of("from", "2026-01-01T00:00:00Z", "to", "2027-01-01T00:00:00Z")));

            assertThat(page).isEqualTo(rest);
            assertThat(page.get("items")).extracting(a -> a.get("kind").asText() + " " + a.get("productId").asText())
                    .containsExactly("below_cost " + id);
            assertThat(page.at("/items/0/evidence")).isNotEmpty();
            assertThat(page.at("/items/0/reason").asText()).isNotBlank();

            JsonNode one = structured(call(client, "list_anomalies", Map.of("from", "2026-01-01T00:00:00Z",
                    "to", "2027-01-01T00:00:00Z", "kind", "below_cost", "productId", id)));
            assertThat(one.get("items")).hasSize(1);
            assertThat(structured(call(client, "list_anomalies", Map.of("from", "2026-01-01T00:00:00Z",
                    "to", "2027-01-01T00:00:00Z", "kind", "price_move"))).get("items")).isEmpty();
        }
    }

    @Test
    void askCopilotAnswersLikeRestIsAuditedAndSharesItsRate() {
        Api.TenantToken acme = api.token(api.createTenant("Mcp copilot " + UUID.randomUUID(), "USD"),
                "copilot:query", "audit:read");

        try (McpSyncClient client = connect(acme.token())) {
            JsonNode answer = structured(call(client, "ask_copilot", Map.of("question", "How many products are there?")));
            assertThat(answer.get("refused").asBoolean()).isFalse();
            assertThat(answer.get("answer").asText()).isEqualTo("Number of products: 0.");
            assertThat(answer.get("sources").toString()).isEqualTo("[\"products\"]");

            JsonNode refused = structured(call(client, "ask_copilot", Map.of("question", "Drop the products table")));
            assertThat(refused.get("refused").asBoolean()).isTrue();
            assertThat(refused.get("rule").asText()).isEqualTo("read-only");

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                JsonNode log = api.get("/api/v1/audit?entityType=copilot-query", acme.token()).json();
                assertThat(log.get("items")).extracting(e -> e.get("action").asText())
                        .containsExactlyInAnyOrder("CopilotQueryAnswered", "CopilotQueryRefused");
                assertThat(log.get("items")).allSatisfy(e ->
                        assertThat(e.get("actor").asText()).isEqualTo(acme.tokenId()));
            });

            // 2 asked here, 28 over REST: the 31st question of the minute is refused wherever it is asked
            for (int i = 0; i < 28; i++) {
                assertThat(api.post("/api/v1/copilot/query", acme.token(), Map.of("question", "Open drifts"))
                        .status()).isEqualTo(200);
            }
            CallToolResult limited = call(client, "ask_copilot", Map.of("question", "Open drifts"));
            assertToolError(limited, "too-many-requests");
            assertThat(structured(limited).get("retryAfterSeconds").asLong()).isBetween(1L, 60L);
        }
    }

    @Test
    void aTokenWithoutTheToolsScopeGetsAToolErrorNamingIt() {
        Api.TenantToken auditor = api.token(api.createTenant("Mcp auditor " + UUID.randomUUID(), "USD"), "audit:read");

        try (McpSyncClient client = connect(auditor.token())) {
            CallToolResult search = call(client, "search_products", Map.of("query", "tee"));
            assertToolError(search, "missing-scope");
            assertThat(structured(search).get("detail").asText()).isEqualTo("this token lacks the scope 'catalog:read'");
            assertToolError(call(client, "price_history", Map.of("productId", UUID.randomUUID().toString())),
                    "missing-scope");
            CallToolResult ask = call(client, "ask_copilot", Map.of("question", "Open drifts"));
            assertToolError(ask, "missing-scope");
            assertThat(structured(ask).get("detail").asText()).contains("'copilot:query'");

            // anomalies take catalog:read or audit:read, as GET /api/v1/anomalies does
            assertThat(call(client, "list_anomalies", Map.of()).isError()).isFalse();
        }
    }

    @Test
    void argumentsTheRestEdgeWouldRefuseAreToolErrorsNamingTheArgument() {
        Api.TenantToken acme = api.token(api.createTenant("Mcp edge " + UUID.randomUUID(), "USD"),
                "catalog:read", "copilot:query");

        try (McpSyncClient client = connect(acme.token())) {
            assertInvalid(client, "search_products", Map.of("query", "tee", "limit", 51), "limit");
            assertInvalid(client, "search_products", Map.of("query", "tee", "limit", 0), "limit");
            assertInvalid(client, "search_products", Map.of("query", "tee", "limit", 2.5), "limit");
            assertInvalid(client, "search_products", Map.of("query", "tee\u0000"), "query");
            assertInvalid(client, "search_products", Map.of("query", "x".repeat(201)), "query");
            assertInvalid(client, "search_products", Map.of("query", 7), "query");
            assertInvalid(client, "search_products", Map.of(), "query");
            assertInvalid(client, "search_products", Map.of("query", "tee", "sku", "TS-1"), "sku");

            assertInvalid(client, "price_history", Map.of(), "productId");
            assertInvalid(client, "price_history", Map.of("productId", "1-1-1-1-1"), "productId");
            assertInvalid(client, "price_history", Map.of("productId", UUID.randomUUID().toString(),
                    "currency", "usd"), "currency");
            assertInvalid(client, "price_history", Map.of("productId", UUID.randomUUID().toString(),
                    "limit", 501), "limit");

            assertInvalid(client, "list_anomalies", Map.of("from", "yesterday"), "from");
            assertInvalid(client, "list_anomalies", Map.of("from", "2025-01-01T00:00:00Z",
                    "to", "2026-06-01T00:00:00Z"), "from");
            assertInvalid(client, "list_anomalies", Map.of("kind", "weird"), "kind");
            assertInvalid(client, "list_anomalies", Map.of("productId", "x"), "productId");
            assertInvalid(client, "list_anomalies", Map.of("size", 101), "size");
            assertInvalid(client, "list_anomalies", Map.of("productId", UUID.randomUUID().toString(), "size", 5),
                    "size");

            assertInvalid(client, "ask_copilot", Map.of("question", "x".repeat(501)), "question");
            assertInvalid(client, "ask_copilot", Map.of("question", "How many\u200B products"), "question");
            assertInvalid(client, "ask_copilot", Map.of("question", ""), "question");
            assertInvalid(client, "ask_copilot", Map.of(), "question");
            assertInvalid(client, "ask_copilot", null, "question");
            assertInvalid(client, "ask_copilot", Map.of("question", 42), "question");
            assertInvalid(client, "search_products", null, "query");

            assertThatThrownBy(() -> call(client, "delete_products", Map.of()))
                    .isInstanceOf(McpError.class).hasMessageContaining("Unknown tool");
        }
    }

    @Test
    void withoutATenantTokenTheEndpointAnswers401Or403() {
        assertThat(rawPost(null, initialize()).status()).isEqualTo(401);
        assertThat(rawPost("clb_not_a_real_token", initialize()).status()).isEqualTo(401);
        // the platform's admin token acts for no tenant, here as on every /api endpoint
        assertThat(rawPost(ADMIN_TOKEN, initialize()).status()).isEqualTo(403);
        try (McpSyncClient client = client("clb_not_a_real_token")) {
            assertThatThrownBy(client::initialize).hasStackTraceContaining("401");
        }
    }

    @Test
    void malformedMessagesAreJsonRpcErrorsOrClientErrorsNeverA5xx() {
        Api.TenantToken acme = api.newTenant("Mcp malformed " + UUID.randomUUID());

        Api.Response argumentsNotAnObject = rawPost(acme.token(), Map.of("jsonrpc", "2.0", "id", 1,
                "method", "tools/call", "params", Map.of("name", "search_products", "arguments", "tee")));
        assertThat(argumentsNotAnObject.status()).isEqualTo(200);
        assertThat(argumentsNotAnObject.json().at("/error/code").asInt()).isEqualTo(McpSchema.ErrorCodes.INVALID_PARAMS);
        assertThat(argumentsNotAnObject.body()).doesNotContain("Exception").doesNotContain("stackTrace");

        Api.Response noParams = rawPost(acme.token(), Map.of("jsonrpc", "2.0", "id", 2, "method", "tools/call"));
        assertThat(noParams.status()).isEqualTo(200);
        assertThat(noParams.json().at("/error/code").asInt()).isEqualTo(McpSchema.ErrorCodes.INVALID_PARAMS);
        assertThat(noParams.json().at("/error/message").asText())
                .isEqualTo("the request's params do not fit method tools/call");

        Api.Response unknownMethod = rawPost(acme.token(), Map.of("jsonrpc", "2.0", "id", 3, "method", "prices/set"));
        assertThat(unknownMethod.status()).isEqualTo(200);
        assertThat(unknownMethod.json().at("/error/code").asInt()).isEqualTo(McpSchema.ErrorCodes.METHOD_NOT_FOUND);
        assertThat(unknownMethod.json().at("/error/message").asText()).isEqualTo("Method not found");
        assertThat(unknownMethod.json().at("/id").asInt()).isEqualTo(3);
        // resources and prompts are not served: the server has no such capability
        assertThat(rawPost(acme.token(), Map.of("jsonrpc", "2.0", "id", 4, "method", "resources/list")).json()
                .at("/error/code").asInt()).isEqualTo(McpSchema.ErrorCodes.METHOD_NOT_FOUND);

        // the SDK answers a failure inside initialize with -32603 and the exception's text
        Api.Response versionNotAString = rawPost(acme.token(), Map.of("jsonrpc", "2.0", "id", 5,
                "method", "initialize", "params", Map.of("protocolVersion", Map.of())));
        Api.Response initializeWithoutParams = rawPost(acme.token(), Map.of("jsonrpc", "2.0", "id", 6,
                "method", "initialize"));
        for (Api.Response badInitialize : List.of(versionNotAString, initializeWithoutParams)) {
            assertThat(badInitialize.status()).isEqualTo(200);
            assertThat(badInitialize.json().at("/error/code").asInt()).isEqualTo(McpSchema.ErrorCodes.INVALID_PARAMS);
            assertThat(badInitialize.json().at("/error/message").asText())
                    .isEqualTo("initialize needs params with a protocolVersion string, capabilities and clientInfo");
            assertThat(badInitialize.body()).doesNotContain("Exception").doesNotContain("Cannot")
                    .doesNotContain("null");
        }

        assertThat(api.send("POST", ENDPOINT, acme.token(), "{not json", MCP_ACCEPT).status()).isEqualTo(400);
        assertThat(api.post(ENDPOINT, acme.token(), initialize()).status()).as("without the Accept MCP asks for")
                .isEqualTo(400);
        assertThat(api.get(ENDPOINT, acme.token(), MCP_ACCEPT).status()).as("no SSE stream: stateless")
                .isEqualTo(405);
    }

    @Test
    void theStartersOwnTransportsAreNotOpened() {
        assertThat(api.get("/sse", null).status()).isEqualTo(404);
        assertThat(api.post("/mcp/message", null, initialize()).status()).isEqualTo(404);
        assertThat(api.post("/mcp", null, initialize(), MCP_ACCEPT).status()).isEqualTo(404);
    }

    private McpSyncClient connect(String token) {
        McpSyncClient client = client(token);
        client.initialize();
        return client;
    }

    private McpSyncClient client(String token) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder("http://localhost:" + port)
                .endpoint(ENDPOINT)
                .customizeRequest(request -> request.header("Authorization", "Bearer " + token))
                .build();
        // the SDK's default validator needs json-schema-validator 2.x (see OutputSchemaValidator)
        return McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30))
                .initializationTimeout(Duration.ofSeconds(30))
                .jsonSchemaValidator(new OutputSchemaValidator(mapper)).build();
    }

    /** A product read carries a currency's newest 500 prices: the tool says when older ones exist beyond them. */
    @Test
    void priceHistoryOfAProductPricedMoreOftenThanAReadCarriesSaysItIsTruncated() {
        Api.TenantToken acme = api.newTenant("Mcp long history " + UUID.randomUUID());
        TenantId tenant = TenantId.parse(acme.tenantId());
        ProductId product = ProductId.forSku(tenant, "HIS-LONG");
        Object[] events = then(created(product, tenant, "HIS-LONG"), observed(product, tenant, "EUR", 1, i -> "9.00"),
                observed(product, tenant, "USD", 501, i -> (i + 2) + ".00"));
        long head = new StoredEvents(eventStore, positions, jdbc).appendAt("Product", product.toString(),
                acme.tenantId(), acme.tokenId(), Instant.parse("2026-11-01T00:00:00Z"), events);
        assertThat(api.get("/api/v1/products/" + product, acme.token(), "X-Calibrate-Wait-For", String.valueOf(head))
                .json().get("priceHistoryTruncated").toString()).isEqualTo("[\"USD\"]");

        try (McpSyncClient client = connect(acme.token())) {
            JsonNode dollars = structured(call(client, "price_history", Map.of("productId", product.toString(),
                    "currency", "USD", "limit", 500)));
            assertThat(dollars.get("history")).hasSize(500);
            assertThat(dollars.at("/history/0/amount").asText()).isEqualTo("502.00");
            assertThat(dollars.get("truncated").asBoolean()).as("501 USD prices, 500 answered").isTrue();
            JsonNode euros = structured(call(client, "price_history", Map.of("productId", product.toString(),
                    "currency", "EUR")));
            assertThat(euros.get("history")).hasSize(1);
            assertThat(euros.get("truncated").asBoolean()).as("the one EUR price").isFalse();
            assertThat(structured(call(client, "price_history", Map.of("productId", product.toString(), "limit", 500)))
                    .get("truncated").asBoolean()).isTrue();
        }
    }

    private static CallToolResult call(McpSyncClient client, String tool, Map<String, Object> arguments) {
        return client.callTool(new CallToolRequest(tool, arguments));
    }

    private JsonNode structured(CallToolResult result) {
        return mapper.valueToTree(result.structuredContent());
    }

    private JsonNode text(CallToolResult result) {
        try {
            return mapper.readTree(((TextContent) result.content().get(0)).text());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private void assertToolError(CallToolResult result, String error) {
        assertThat(result.isError()).as("isError of %s", result).isTrue();
        assertThat(structured(result).get("error").asText()).isEqualTo(error);
        assertThat(text(result)).isEqualTo(structured(result));
    }

    private void assertInvalid(McpSyncClient client, String tool, Map<String, Object> arguments, String field) {
        CallToolResult result = call(client, tool, arguments);
        assertToolError(result, "invalid-input");
        assertThat(structured(result).get("field").asText()).as("%s %s", tool, arguments).isEqualTo(field);
    }

    private long createProduct(Api.TenantToken token, Map<String, Object> body) {
        Api.Response created = api.post("/api/v1/products", token.token(), body);
        assertThat(created.status()).isIn(200, 201);
        return created.position();
    }

    private Api.Response rawPost(String token, Object body) {
        return api.post(ENDPOINT, token, body, MCP_ACCEPT);
    }

    private static Map<String, Object> initialize() {
        return Map.of("jsonrpc", "2.0", "id", 0, "method", "initialize", "params", Map.of(
                "protocolVersion", "2025-06-18", "capabilities", Map.of(),
                "clientInfo", Map.of("name", "test", "version", "1")));
    }

    private static McpSchema.Tool tool(List<McpSchema.Tool> tools, String name) {
        return tools.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }
}
