package dev.calibrate.connectors.shopify.writeback.sending;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.connectors.shopify.ShopifySettings;
import dev.calibrate.connectors.shopify.api.ShopifyException;
import dev.calibrate.connectors.shopify.api.ShopifyGraphQl.ShopAccess;
import dev.calibrate.connectors.shopify.api.ShopifyGraphQl;
import org.springframework.stereotype.Component;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The files around a bulk mutation: asks Shopify where to upload the JSONL variables
 * ({@code stagedUploadsCreate}), uploads them as a multipart form with the parameters Shopify gave, and
 * downloads the result JSONL. The upload and result URLs are signed: they carry no access token.
 */
@Component
class ShopifyBulkFiles {

    static final String FILE_NAME = "calibrate-prices.jsonl";
    static final String MIME_TYPE = "text/jsonl";

    private final ShopifyGraphQl shopify;
    private final ObjectMapper json;
    private final Duration timeout;
    private final HttpClient http;

    ShopifyBulkFiles(ShopifyGraphQl shopify, ShopifySettings settings, ObjectMapper json) {
        this.shopify = shopify;
        this.json = json;
        this.timeout = settings.requestTimeout().compareTo(Duration.ofMinutes(2)) > 0 ? settings.requestTimeout()
                : Duration.ofMinutes(2);
        this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** Where to upload, and the {@code stagedUploadPath} that names the file to {@code bulkOperationRunMutation}. */
    record StagedUpload(URI url, List<Map.Entry<String, String>> parameters, String path) {
    }

    StagedUpload stage(ShopAccess access) {
        JsonNode payload = shopify.execute(access, "StagedUploadsCreate", Map.of("input", List.of(Map.of(
                "resource", "BULK_MUTATION_VARIABLES", "filename", FILE_NAME, "mimeType", MIME_TYPE,
                "httpMethod", "POST")))).path("stagedUploadsCreate");
        JsonNode errors = payload.path("userErrors");
        if (errors.isArray() && !errors.isEmpty()) {
            throw new ShopifyException(ShopifyException.Kind.REJECTED, "Shopify refused a staged upload: "
                    + errors.get(0).path("message").asText());
        }
        JsonNode target = payload.path("stagedTargets").path(0);
        if (!target.hasNonNull("url")) {
            throw new ShopifyException(ShopifyException.Kind.UNAVAILABLE, "Shopify answered stagedUploadsCreate without a target");
        }
        List<Map.Entry<String, String>> parameters = new ArrayList<>();
        String path = null;
        for (JsonNode parameter : target.path("parameters")) {
            String name = parameter.path("name").asText();
            String value = parameter.path("value").asText();
            parameters.add(Map.entry(name, value));
            if ("key".equals(name)) {
                path = value;
            }
        }
        if (path == null) {
            throw new ShopifyException(ShopifyException.Kind.UNAVAILABLE, "Shopify's staged upload target has no key parameter");
        }
        return new StagedUpload(URI.create(target.get("url").asText()), parameters, path);
    }

    /** Uploads {@code content} to the staged target: the parameters first, then the file (as the target expects). */
    void upload(StagedUpload target, byte[] content) {
        String boundary = "calibrate-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream(content.length + 2048);
        for (Map.Entry<String, String> parameter : target.parameters()) {
            text(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + parameter.getKey()
                    + "\"\r\n\r\n" + parameter.getValue() + "\r\n");
        }
        text(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + FILE_NAME
                + "\"\r\nContent-Type: " + MIME_TYPE + "\r\n\r\n");
        body.writeBytes(content);
        text(body, "\r\n--" + boundary + "--\r\n");
        HttpResponse<String> response = send(HttpRequest.newBuilder(target.url()).timeout(timeout)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString(), "upload the bulk mutation's variables");
        if (response.statusCode() / 100 != 2) {
            throw new ShopifyException(ShopifyException.Kind.UNAVAILABLE, "the staged upload answered HTTP "
                    + response.statusCode());
        }
    }

    /** The result lines of a finished bulk operation, by the input line they answer. */
    Map<Integer, JsonNode> results(String url) {
        HttpResponse<InputStream> response = send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream(), "download the bulk operation's results");
        try (InputStream in = response.body();
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            if (response.statusCode() / 100 != 2) {
                throw new ShopifyException(ShopifyException.Kind.UNAVAILABLE, "the bulk operation's result file answered HTTP "
                        + response.statusCode());
            }
            return BulkMutationJsonl.results(reader, json);
        } catch (IOException e) {
            throw new ShopifyException(ShopifyException.Kind.UNAVAILABLE, "could not read the bulk operation's results: "
                    + e.getClass().getSimpleName(), 0, e);
        }
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler, String what) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw new ShopifyException(ShopifyException.Kind.UNAVAILABLE, "could not " + what + ": "
                    + e.getClass().getSimpleName(), 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ShopifyException(ShopifyException.Kind.UNAVAILABLE, "interrupted while trying to " + what, 0, e);
        }
    }

    private static void text(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
