package dev.calibrate.connectors.shopify.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A bare HTTP client for the fake's own tests: what a connector would send, nothing more. */
final class TestClient {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** An HTTP answer with its body parsed as JSON when it is JSON. */
    record Answer(int status, String body, HttpResponse<String> response) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(body, e);
            }
        }

        JsonNode data() {
            return json().get("data");
        }
    }

    private final URI endpoint;
    private final String token;

    TestClient(FakeShop shop) {
        this(shop.graphQlUri("2026-07"), shop.accessToken());
    }

    TestClient(URI endpoint, String token) {
        this.endpoint = endpoint;
        this.token = token;
    }

    TestClient withToken(String otherToken) {
        return new TestClient(endpoint, otherToken);
    }

    Answer graphQl(String query) {
        return graphQl(query, Map.of());
    }

    Answer graphQl(String query, Map<String, ?> variables) {
        return graphQl(query, variables, Duration.ofSeconds(30));
    }

    Answer graphQl(String query, Map<String, ?> variables, Duration timeout) {
        try {
            String body = JSON.writeValueAsString(Map.of("query", query, "variables", variables));
            HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (token != null) {
                request.header("X-Shopify-Access-Token", token);
            }
            return send(request.build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Answer get(URI uri) {
        return send(HttpRequest.newBuilder(uri).GET().build());
    }
}
