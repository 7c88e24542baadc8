package dev.calibrate.app.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;

import java.util.HashMap;
import java.util.Map;

/** Posts GraphQL documents to /graphql with a bearer token, through real HTTP. */
public final class GraphQlClient {

    private final Api api;

    public GraphQlClient(Api api) {
        this.api = api;
    }

    Api.Response post(String token, String document, Map<String, Object> variables) {
        Map<String, Object> body = new HashMap<>();
        body.put("query", document);
        body.put("variables", variables);
        return api.post("/graphql", token, body);
    }

    /**
     * The answer of a document over HTTP 200 (GraphQL errors travel inside it). A THROTTLED answer is
     * asked again once the tenant's bucket has had time to refill, as a client should.
     */
    JsonNode query(String token, String document, Map<String, Object> variables) {
        for (int attempt = 0; ; attempt++) {
            JsonNode answer = once(token, document, variables);
            if (!"THROTTLED".equals(answer.at("/errors/0/extensions/classification").asText()) || attempt == 30) {
                return answer;
            }
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** The answer of a document, asked once. */
    public JsonNode once(String token, String document, Map<String, Object> variables) {
        Api.Response response = post(token, document, variables);
        if (response.status() != 200) {
            throw new AssertionError("HTTP " + response.status() + ": " + response.body());
        }
        return response.json();
    }

    /** The answer is refused as a ValidationError naming {@code argument} (in {@code extensions.argument}). */
    static void assertValidationError(JsonNode answer, String argument) {
        org.assertj.core.api.Assertions.assertThat(answer.at("/errors/0/extensions/classification").asText())
                .as(answer.toString()).isEqualTo("ValidationError");
        org.assertj.core.api.Assertions.assertThat(answer.at("/errors/0/extensions/argument").asText())
                .as(answer.toString()).isEqualTo(argument);
    }

    JsonNode query(String token, String document) {
        return query(token, document, Map.of());
    }
}
