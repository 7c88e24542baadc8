package dev.calibrate.app.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

/**
 * The HTTP side of /api/v1/mcp: what is not one JSON-RPC request or notification is a problem
 * document (400, 413 for a body too large, 405 for another method), never the exception as the body
 * and never a 5xx; notifications are 202 without a body; one protocol version is offered.
 */
class McpTransportTest extends IntegrationTest {

    private static final String ENDPOINT = "/api/v1/mcp";
    private static final String[] MCP_ACCEPT = {"Accept", "application/json, text/event-stream"};

    @Test
    void bodiesThatAreNotOneJsonRpcMessageAreProblemsWithoutExceptionText() {
        String token = api.newTenant("Mcp transport " + UUID.randomUUID()).token();

        assertProblem(raw(token, "{not json"), 400, "the body is not JSON");
        assertProblem(raw(token, "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]"), 400,
                "JSON-RPC batches are not accepted: send one message a request");
        assertProblem(raw(token, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}"), 400,
                "the server accepts requests and notifications only: the message needs a method");
        assertProblem(raw(token, "null"), 400, "the body must be one JSON-RPC message (a JSON object)");
        assertProblem(raw(token, "\"ping\""), 400, "the body must be one JSON-RPC message (a JSON object)");
        assertProblem(raw(token, ""), 400, "the request needs a JSON-RPC message as its body");
        assertProblem(raw(token, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"} {}"), 400,
                "the body is not JSON");
        assertProblem(raw(token, "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}"), 400,
                "the message must say \"jsonrpc\": \"2.0\"");
        assertProblem(raw(token, "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}"), 400,
                "the message's id must be a string or a whole number");
        assertProblem(raw(token, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":7}"), 400,
                "the message's params must be a JSON object");
    }

    @Test
    void aKeyGivenTwiceIsRefusedAsTheRestApiRefusesIt() {
        String token = api.newTenant("Mcp duplicate " + UUID.randomUUID()).token();

        Api.Response twice = raw(token, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":"
                + "{\"name\":\"ask_copilot\",\"arguments\":{\"question\":\"a\",\"question\":\"b\"}}}");

        assertProblem(twice, 400, "the message names a key twice; send each key once");
    }

    @Test
    void wrongHeadersAndOtherMethodsAreProblems() {
        String token = api.newTenant("Mcp headers " + UUID.randomUUID()).token();
        String ping = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";

        assertProblem(api.send("POST", ENDPOINT, token, ping, "Accept", "application/json"), 400,
                "the Accept header must name application/json and text/event-stream");
        assertProblem(api.send("POST", ENDPOINT, token, ping, "Accept", "application/json, text/event-stream",
                "Content-Type", "text/plain"), 400, "the body must be application/json");
        // an Accept header that is no media type at all is refused by Spring MVC's content negotiation
        // before the transport sees it (the GraphQL router's accept predicates parse it first): still a
        // problem, with no exception text
        Api.Response noMediaType = api.send("POST", ENDPOINT, token, ping, "Accept", "no media type");
        assertNoExceptionText(noMediaType);
        assertThat(noMediaType.status()).as(noMediaType.body()).isEqualTo(406);
        assertThat(noMediaType.headers().get("content-type")).singleElement(as(STRING))
                .startsWith("application/problem+json");
        assertThat(noMediaType.json().get("type").asText()).endsWith("/malformed-request");

        Api.Response delete = api.send("DELETE", ENDPOINT, token, null, MCP_ACCEPT);
        assertNoExceptionText(delete);
        assertThat(delete.status()).isEqualTo(405);
        assertThat(delete.headers().get("allow")).containsExactly("POST");
        assertThat(delete.json().get("type").asText()).endsWith("/method-not-allowed");
        assertThat(api.get(ENDPOINT, token, MCP_ACCEPT).status()).isEqualTo(405);
    }

    @Test
    void aBodyOverTheLimitIs413AlsoWhenChunked() throws Exception {
        String token = api.newTenant("Mcp large " + UUID.randomUUID()).token();
        String padding = "x".repeat(2 * 1024 * 1024);

        Api.Response withLength = raw(token, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"p\":\""
                + padding + "\"}}");
        assertThat(withLength.status()).isEqualTo(413);

        InputStream chunked = new SequenceInputStream(
                new ByteArrayInputStream("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"p\":\""
                        .getBytes(StandardCharsets.UTF_8)),
                new ByteArrayInputStream((padding + "\"}}").getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + ENDPOINT))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                // no length known up front: the body goes chunked
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> chunked)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).doesNotContain("stackTrace").doesNotContain("Exception");
        assertThat(mapper.readTree(response.body()).get("type").asText()).endsWith("/body-too-large");
    }

    @Test
    void notificationsAreAcceptedWithoutABody() {
        String token = api.newTenant("Mcp notification " + UUID.randomUUID()).token();

        Api.Response initialized = raw(token, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        Api.Response unknown = raw(token, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/whatever\",\"params\":7}");

        assertThat(initialized.status()).isEqualTo(202);
        assertThat(initialized.body()).isEmpty();
        assertThat(unknown.status()).isEqualTo(202);
        assertThat(unknown.body()).isEmpty();
    }

    @Test
    void offersOnlyTheProtocolVersionWithoutBatches() {
        String token = api.newTenant("Mcp version " + UUID.randomUUID()).token();

        Api.Response older = api.post(ENDPOINT, token, Map.of("jsonrpc", "2.0", "id", 1, "method", "initialize",
                "params", Map.of("protocolVersion", "2025-03-26", "capabilities", Map.of(),
                        "clientInfo", Map.of("name", "test", "version", "1"))), MCP_ACCEPT);

        assertThat(older.status()).isEqualTo(200);
        assertThat(older.json().at("/result/protocolVersion").asText()).isEqualTo("2025-06-18");
    }

    private Api.Response raw(String token, String body) {
        return api.send("POST", ENDPOINT, token, body, MCP_ACCEPT);
    }

    private static void assertProblem(Api.Response response, int status, String detail) {
        assertNoExceptionText(response);
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().get("content-type")).containsExactly("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("detail").asText()).isEqualTo(detail);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
    }

    private static void assertNoExceptionText(Api.Response response) {
        assertThat(response.body()).doesNotContain("stackTrace").doesNotContain("Exception")
                .doesNotContain("io.modelcontextprotocol").doesNotContain("java.").doesNotContain("className");
    }
}
