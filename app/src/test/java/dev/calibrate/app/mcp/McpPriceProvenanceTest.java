package dev.calibrate.app.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.ProductBodies;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MCP tool {@code price_provenance} through the SDK's client (which checks every answer against the
 * tool's output schema): the REST provenance's answer for the caller's tenant, and its refusals.
 */
class McpPriceProvenanceTest extends IntegrationTest {

    @Test
    void isListedWithItsInputAndOutputSchemas() {
        Api.TenantToken acme = api.newTenant("Mcp provenance tools " + UUID.randomUUID());
        try (McpSyncClient client = connect(acme.token())) {
            McpSchema.Tool tool = client.listTools().tools().stream()
                    .filter(t -> t.name().equals("price_provenance")).findFirst().orElseThrow();

            assertThat(tool.annotations().readOnlyHint()).isTrue();
            assertThat(tool.annotations().idempotentHint()).isTrue();
            assertThat(tool.inputSchema().properties()).containsOnlyKeys("productId", "currency", "at");
            assertThat(tool.inputSchema().required()).containsExactlyInAnyOrder("productId", "currency");
            assertThat(tool.outputSchema()).containsKey("required");
        }
    }

    @Test
    void answersWhatTheRestEndpointAnswersValidAgainstItsOutputSchema() {
        Api.TenantToken acme = api.newTenant("Mcp provenance " + UUID.randomUUID());
        String id = created(acme, ProductBodies.product("PRV-1", "21.60"));
        created(acme, ProductBodies.product("PRV-1", "19.99"));
        JsonNode rest = api.get("/api/v1/products/" + id + "/provenance?currency=USD", acme.token()).json();

        try (McpSyncClient client = connect(acme.token())) {
            CallToolResult answer = call(client, Map.of("productId", id, "currency", "USD"));

            assertThat(answer.isError()).as("%s", answer).isFalse();
            JsonNode provenance = structured(answer);
            assertThat(provenance).isEqualTo(rest);
            assertThat(provenance.get("amount").asText()).isEqualTo("19.99");
            assertThat(provenance.get("source").asText()).isEqualTo("api");
            assertThat(provenance.at("/previous/amount").asText()).isEqualTo("21.60");
            Map<String, Object> schema = client.listTools().tools().stream()
                    .filter(t -> t.name().equals("price_provenance")).findFirst().orElseThrow().outputSchema();
            assertThat(new OutputSchemaValidator(mapper).validate(schema, answer.structuredContent()).valid())
                    .isTrue();
            assertThat(new OutputSchemaValidator(mapper).validate(schema, Map.of("amount", "19.99")).valid())
                    .as("the schema requires what every answer has").isFalse();
        }
    }

    @Test
    void refusesAnotherTenantsProductAMissingScopeAndBadArgumentsAsToolErrors() {
        Api.TenantToken acme = api.newTenant("Mcp provenance refusals " + UUID.randomUUID());
        Api.TenantToken other = api.newTenant("Mcp provenance other " + UUID.randomUUID());
        String foreign = created(other, ProductBodies.product("PRV-2", "5.00"));
        String own = created(acme, ProductBodies.product("PRV-3", "7.00"));

        try (McpSyncClient client = connect(acme.token())) {
            CallToolResult foreignProduct = call(client, Map.of("productId", foreign, "currency", "USD"));
            assertError(foreignProduct, "not-found");
            assertThat(structured(foreignProduct).get("detail").asText()).isEqualTo("product not found");

            assertInvalid(client, Map.of("productId", own), "currency");
            assertInvalid(client, Map.of("productId", own, "currency", "usd"), "currency");
            assertInvalid(client, Map.of("productId", own, "currency", "USD", "at", "yesterday"), "at");
            assertInvalid(client, Map.of("currency", "USD"), "productId");
            assertError(call(client, Map.of("productId", own, "currency", "GBP")), "not-found");
        }
        try (McpSyncClient pricesOnly = connect(api.token(acme.tenantId(), "prices:write").token())) {
            assertError(call(pricesOnly, Map.of("productId", own, "currency", "USD")), "missing-scope");
        }
    }

    private String created(Api.TenantToken tenant, Map<String, Object> body) {
        Api.Response created = api.post("/api/v1/products", tenant.token(), body);
        assertThat(created.status()).as(created.body()).isIn(200, 201);
        return created.json().get("id").asText();
    }

    private McpSyncClient connect(String token) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder("http://localhost:" + port).endpoint("/api/v1/mcp")
                .customizeRequest(request -> request.header("Authorization", "Bearer " + token))
                .build();
        McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30))
                .initializationTimeout(Duration.ofSeconds(30))
                // the client checks each answer against the output schema it listed
                .enableCallToolSchemaCaching(true)
                .jsonSchemaValidator(new OutputSchemaValidator(mapper)).build();
        client.initialize();
        return client;
    }

    private static CallToolResult call(McpSyncClient client, Map<String, Object> arguments) {
        return client.callTool(new CallToolRequest("price_provenance", arguments));
    }

    private JsonNode structured(CallToolResult result) {
        return mapper.valueToTree(result.structuredContent());
    }

    private void assertError(CallToolResult result, String error) {
        assertThat(result.isError()).as("isError of %s", result).isTrue();
        assertThat(structured(result).get("error").asText()).isEqualTo(error);
    }

    private void assertInvalid(McpSyncClient client, Map<String, Object> arguments, String field) {
        CallToolResult result = call(client, arguments);
        assertError(result, "invalid-input");
        assertThat(structured(result).get("field").asText()).as("%s", arguments).isEqualTo(field);
    }
}
