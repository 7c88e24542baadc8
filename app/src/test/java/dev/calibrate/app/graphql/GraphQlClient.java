package dev.calibrate.app.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;

import java.util.HashMap;
import java.util.Map;

/** Posts GraphQL documents to /graphql with a bearer token, through real HTTP. */
final class GraphQlClient {

    private final Api api;

    GraphQlClient(Api api) {
        this.api = api;
    }

    Api.Response post(String token, String document, Map<String, Object> variables) {
        Map<String, Object> body = new HashMap<>();
        body.put("query", document);
        body.put("variables", variables);
        return api.post("/graphql", token, body);
    }

    /** The answer of a document over HTTP 200 (GraphQL errors travel inside it). */
    JsonNode query(String token, String document, Map<String, Object> variables) {
        Api.Response response = post(token, document, variables);
        if (response.status() != 200) {
            throw new AssertionError("HTTP " + response.status() + ": " + response.body());
        }
        return response.json();
    }

    JsonNode query(String token, String document) {
        return query(token, document, Map.of());
    }
}
