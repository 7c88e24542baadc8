package dev.calibrate.connectors.shopify.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import graphql.GraphQLError;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import graphql.language.SourceLocation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /{shop}/admin/api/{version}/graphql.json}, in Shopify's order: access token, JSON
 * body, document validation against the schema, variables, requested cost against the single-query
 * maximum and the shop's bucket, execution, refund of unused points. Every executed, throttled or
 * too-costly answer carries {@code extensions.cost}.
 */
final class GraphQlEndpoint {

    static final String INVALID_TOKEN = "{\"errors\":\"[API] Invalid API key or access token (unrecognized login or wrong password)\"}";
    private static final String RATE_LIMIT_DOCS = "https://shopify.dev/api/usage/rate-limits";

    private final FakeShopify server;

    GraphQlEndpoint(FakeShopify server) {
        this.server = server;
    }

    void handle(HttpExchange exchange, FakeShop shop, String version) throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            FakeShopify.respond(exchange, 405, "application/json", "{\"errors\":\"Method Not Allowed\"}");
            return;
        }
        Request request = new Request(shop, version);
        if (!shop.isValidAccessToken(exchange.getRequestHeaders().getFirst("X-Shopify-Access-Token"))) {
            request.answer(exchange, 401, INVALID_TOKEN, RecordedRequest.Outcome.UNAUTHORIZED);
            return;
        }
        if (!readBody(exchange, request)) {
            request.answer(exchange, 400, "{\"errors\":{\"query\":\"Required parameter missing or invalid\"}}",
                    RecordedRequest.Outcome.BAD_REQUEST);
            return;
        }
        GraphQlSchemaCheck.CheckedDocument checked = GraphQlSchemaCheck.check(request.query);
        if (!checked.valid()) {
            server.recordInvalid(shop, request.query, request.rawVariables,
                    checked.problems().stream().map(Object::toString).toList());
            request.answer(exchange, 200, validationErrors(checked.errors()).toString(), RecordedRequest.Outcome.INVALID);
            return;
        }
        OperationDefinition operation = operation(checked, request.operationName);
        if (operation == null) {
            String message = request.operationName == null ? "An operation name is required"
                    : "No operation named \"" + request.operationName + "\"";
            server.recordInvalid(shop, request.query, request.rawVariables, List.of(message));
            request.answer(exchange, 200, errorBody(message, "GRAPHQL_VALIDATION_FAILED").toString(),
                    RecordedRequest.Outcome.INVALID);
            return;
        }
        request.operation = operation;
        Map<String, Object> variables;
        try {
            variables = Variables.coerce(operation, request.rawVariables);
        } catch (Variables.Invalid e) {
            server.recordInvalid(shop, request.query, request.rawVariables, List.of(e.getMessage()));
            request.answer(exchange, 200, errorBody(e.getMessage(), "INVALID_VARIABLE").toString(),
                    RecordedRequest.Outcome.INVALID);
            return;
        }
        Execution execution = new Execution(checked.document(), variables, false);
        int requested = QueryCost.requested(checked.document(), operation, execution);
        request.requestedCost = requested;
        CostBucket bucket = shop.bucket();
        if (requested > QueryCost.MAX_SINGLE_QUERY_COST) {
            ObjectNode body = errorBody("Query cost is " + requested + ", which exceeds the single query max cost limit ("
                    + QueryCost.MAX_SINGLE_QUERY_COST + ").\n\nSee " + RATE_LIMIT_DOCS
                    + " for more information on how the\ncost of a query is calculated.\n\nTo query larger amounts of data "
                    + "with fewer limits, bulk operations should be used instead.\nSee "
                    + "https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n",
                    "MAX_COST_EXCEEDED");
            ((ObjectNode) body.get("errors").get(0).get("extensions")).put("cost", requested)
                    .put("maxCost", QueryCost.MAX_SINGLE_QUERY_COST).put("documentation", RATE_LIMIT_DOCS);
            body.set("extensions", costExtension(requested, null, bucket.status()));
            request.answer(exchange, 200, body.toString(), RecordedRequest.Outcome.MAX_COST_EXCEEDED);
            return;
        }
        if (!bucket.tryCharge(requested)) {
            ObjectNode body = errorBody("Throttled", "THROTTLED");
            ((ObjectNode) body.get("errors").get(0).get("extensions")).put("documentation", RATE_LIMIT_DOCS);
            body.set("extensions", costExtension(requested, null, bucket.status()));
            request.answer(exchange, shop.throttleHttpStatus(), body.toString(), RecordedRequest.Outcome.THROTTLED);
            return;
        }
        ObjectNode result;
        synchronized (shop) {
            result = new AdminApi(shop, version, execution, "productVariantsBulkUpdate").run(operation);
        }
        int actual = execution.actualCost();
        bucket.refund(requested - actual);
        result.set("extensions", costExtension(requested, actual, bucket.status()));
        holdAnswer(shop, operation);
        request.answer(exchange, 200, result.toString(), RecordedRequest.Outcome.EXECUTED);
    }

    /** Waits before answering when the test asked for it ({@link FakeShop#holdNextAnswerTo}); the work is done. */
    private static void holdAnswer(FakeShop shop, OperationDefinition operation) {
        FakeShop.HeldAnswer hold = shop.takeHeldAnswer(rootFields(operation));
        if (hold == null) {
            return;
        }
        shop.holding(1);
        try {
            hold.released().await(hold.delay().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            shop.holding(-1);
        }
    }

    private static List<String> rootFields(OperationDefinition operation) {
        return operation.getSelectionSet().getSelectionsOfType(Field.class).stream().map(Field::getName).toList();
    }

    /** What is known about a request so far, to record it however it ends. */
    private final class Request {
        final FakeShop shop;
        final String version;
        String query;
        String operationName;
        Map<String, Object> rawVariables = Map.of();
        OperationDefinition operation;
        int requestedCost;

        Request(FakeShop shop, String version) {
            this.shop = shop;
            this.version = version;
        }

        void answer(HttpExchange exchange, int status, String body, RecordedRequest.Outcome outcome) throws IOException {
            List<String> rootFields = operation == null ? List.of() : rootFields(operation);
            shop.record(new RecordedRequest(server.clock().instant(), version,
                    operation == null ? operationName : operation.getName(), rootFields, rawVariables, requestedCost,
                    status, outcome));
            // Shopify names the version that served the request (it may differ from the one asked for)
            exchange.getResponseHeaders().set("X-Shopify-API-Version", version);
            FakeShopify.respond(exchange, status, "application/json; charset=utf-8", body);
        }
    }

    @SuppressWarnings("unchecked")
    private static boolean readBody(HttpExchange exchange, Request request) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String contentType = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
        if (contentType.startsWith("application/graphql")) {
            request.query = body;
            return !body.isBlank();
        }
        try {
            JsonNode json = Json.MAPPER.readTree(body);
            if (json == null || !json.path("query").isTextual()) {
                return false;
            }
            request.query = json.get("query").asText();
            request.operationName = json.path("operationName").isTextual() ? json.get("operationName").asText() : null;
            JsonNode variables = json.path("variables");
            if (variables.isObject()) {
                request.rawVariables = Json.MAPPER.convertValue(variables, Map.class);
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static OperationDefinition operation(GraphQlSchemaCheck.CheckedDocument checked, String name) {
        List<OperationDefinition> operations = checked.document().getDefinitionsOfType(OperationDefinition.class);
        if (name == null) {
            return operations.size() == 1 ? operations.get(0) : null;
        }
        return operations.stream().filter(op -> name.equals(op.getName())).findFirst().orElse(null);
    }

    private static ObjectNode validationErrors(List<GraphQLError> errors) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode array = body.putArray("errors");
        for (GraphQLError error : errors) {
            ObjectNode json = array.addObject().put("message", error.getMessage());
            if (error.getLocations() != null && !error.getLocations().isEmpty()) {
                ArrayNode locations = json.putArray("locations");
                for (SourceLocation location : error.getLocations()) {
                    locations.addObject().put("line", location.getLine()).put("column", location.getColumn());
                }
            }
            json.putObject("extensions").put("code", "GRAPHQL_VALIDATION_FAILED");
        }
        return body;
    }

    private static ObjectNode errorBody(String message, String code) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putArray("errors").addObject().put("message", message).putObject("extensions").put("code", code);
        return body;
    }

    /** {@code extensions.cost} exactly as Shopify shapes it; {@code actual} is null when nothing ran. */
    static ObjectNode costExtension(int requested, Integer actual, CostBucket.ThrottleStatus status) {
        ObjectNode extensions = JsonNodeFactory.instance.objectNode();
        ObjectNode cost = extensions.putObject("cost").put("requestedQueryCost", requested);
        if (actual == null) {
            cost.putNull("actualQueryCost");
        } else {
            cost.put("actualQueryCost", actual);
        }
        ObjectNode throttle = cost.putObject("throttleStatus").put("maximumAvailable", status.maximumAvailable());
        double available = Math.round(status.currentlyAvailable() * 1000) / 1000.0;
        if (available == Math.rint(available)) {
            throttle.put("currentlyAvailable", (long) available);
        } else {
            throttle.put("currentlyAvailable", available);
        }
        throttle.put("restoreRate", status.restoreRate());
        return extensions;
    }
}
