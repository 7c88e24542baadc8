package dev.calibrate.app.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** A small HTTP client for tests: real requests, JSON in and out, no framework magic. */
public final class Api {

    public record Response(int status, Map<String, List<String>> headers, String body, ObjectMapper mapper) {

        public JsonNode json() {
            try {
                return mapper.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
        }

        public long position() {
            return Long.parseLong(header("X-Calibrate-Position"));
        }

        public String contentType() {
            return header("Content-Type");
        }
    }

    /** A tenant with a token carrying the given scopes. */
    public record TenantToken(String tenantId, String tokenId, String token) {
    }

    private final String base;
    private final String adminToken;
    private final ObjectMapper mapper;
    private final HttpClient http = HttpClient.newHttpClient();
    private String operatorToken;

    public Api(String base, String adminToken, ObjectMapper mapper) {
        this.base = base;
        this.adminToken = adminToken;
        this.mapper = mapper;
    }

    public String adminToken() {
        return adminToken;
    }

    /** An operator token with the metrics scope (health details, metrics, Prometheus), issued on first use. */
    public String operatorToken() {
        if (operatorToken == null) {
            Response r = post("/admin/v1/operator-tokens", adminToken, Map.of("name", "tests", "scopes", List.of("metrics")));
            if (r.status() != 201) throw new AssertionError("operator token not issued: " + r.status() + " " + r.body());
            operatorToken = r.json().get("token").asText();
        }
        return operatorToken;
    }

    /** {@code /actuator/health} with every component's details, as an operator sees it. */
    public Response healthDetails() {
        return get("/actuator/health", operatorToken());
    }

    public Response send(String method, String path, String token, Object body, String... headers) {
        return send(false, method, path, token, body, headers);
    }

    /**
     * As {@link #send}, except that a stream of events is answered by its status and headers alone (an
     * empty body) instead of lasting until the stream ends: for probing every endpoint.
     */
    public Response probe(String method, String path, String token, Object body, String... headers) {
        return send(true, method, path, token, body, headers);
    }

    private Response send(boolean cutStreams, String method, String path, String token, Object body,
                          String... headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            for (int i = 0; i + 1 < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                if (Arrays.stream(headers).noneMatch("Content-Type"::equalsIgnoreCase)) {
                    request.header("Content-Type", "application/json");
                }
                if (body instanceof byte[] bytes) {
                    request.method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
                } else {
                    String json = body instanceof String s ? s : mapper.writeValueAsString(body);
                    request.method(method, HttpRequest.BodyPublishers.ofString(json));
                }
            }
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream stream = response.body()) {
                boolean events = cutStreams && response.headers().firstValue("Content-Type")
                        .filter(type -> type.startsWith("text/event-stream")).isPresent();
                String text = events ? "" : new String(stream.readAllBytes(), StandardCharsets.UTF_8);
                return new Response(response.statusCode(), response.headers().map(), text, mapper);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response get(String path, String token, String... headers) {
        return send("GET", path, token, null, headers);
    }

    public Response post(String path, String token, Object body, String... headers) {
        return send("POST", path, token, body, headers);
    }

    public Response delete(String path, String token) {
        return send("DELETE", path, token, null);
    }

    public String createTenant(String name, String currency) {
        Response r = post("/admin/v1/tenants", adminToken, Map.of("name", name, "defaultCurrency", currency));
        if (r.status() != 201) throw new AssertionError("tenant not created: " + r.status() + " " + r.body());
        return r.json().get("id").asText();
    }

    public TenantToken token(String tenantId, String... scopes) {
        Response r = post("/admin/v1/tenants/" + tenantId + "/tokens", adminToken,
                Map.of("name", "test", "scopes", List.of(scopes)));
        if (r.status() != 201) throw new AssertionError("token not issued: " + r.status() + " " + r.body());
        return new TenantToken(tenantId, r.json().get("id").asText(), r.json().get("token").asText());
    }

    /** A fresh tenant and a token with every scope. */
    public TenantToken newTenant(String name) {
        return token(createTenant(name, "USD"), "catalog:read", "catalog:write", "prices:write", "prices:approve",
                "prices:apply", "audit:read", "connectors:admin", "competitors:read", "competitors:write", "admin");
    }
}
