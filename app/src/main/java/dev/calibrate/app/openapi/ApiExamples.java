package dev.calibrate.app.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.responses.ApiResponse;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The example of each operation, from {@code openapi/examples/<operationId>.json} in the jar of the
 * controller's module: {@code {"request": <body>, "response": <success body>}}, each part only when
 * the operation has such a body. Examples are data, not annotations, so they stay readable and a test
 * can validate them against the document.
 */
@Component
public class ApiExamples {

    public static final String LOCATION = "classpath*:openapi/examples/*.json";

    private final Map<String, JsonNode> byOperationId;
    // the example becomes part of the document model, which holds plain maps and lists
    private final ObjectMapper plain = new ObjectMapper();

    public ApiExamples() {
        this.byOperationId = Collections.unmodifiableMap(load());
    }

    /** Every example file, by the operation id its name gives. */
    public Map<String, JsonNode> all() {
        return byOperationId;
    }

    /** Puts the operation's example on its request body and its first success response with a body. */
    void attach(Operation operation) {
        JsonNode example = byOperationId.get(operation.getOperationId());
        if (example == null) return;
        if (example.has("request") && operation.getRequestBody() != null) {
            attach(operation.getRequestBody().getContent(), example.get("request"));
        }
        if (example.has("response") && operation.getResponses() != null) {
            operation.getResponses().entrySet().stream()
                    .filter(e -> e.getKey().startsWith("2"))
                    .map(Map.Entry::getValue)
                    .map(ApiResponse::getContent)
                    .filter(content -> content != null && !content.isEmpty())
                    .findFirst()
                    .ifPresent(content -> attach(content, example.get("response")));
        }
    }

    private void attach(Content content, JsonNode example) {
        if (content == null) return;
        Object value = plain.convertValue(example, Object.class);
        // a JSON example on the JSON media types only: an operation that also answers CSV keeps it text
        content.forEach((type, mediaType) -> {
            if (type.contains("json")) mediaType.setExample(value);
        });
    }

    private static Map<String, JsonNode> load() {
        ObjectMapper mapper = new ObjectMapper();
        Map<String, JsonNode> examples = new TreeMap<>();
        try {
            for (Resource resource : new PathMatchingResourcePatternResolver().getResources(LOCATION)) {
                String file = resource.getFilename();
                if (file == null) continue;
                String operationId = file.substring(0, file.length() - ".json".length());
                try (InputStream in = resource.getInputStream()) {
                    if (examples.put(operationId, mapper.readTree(in)) != null) {
                        throw new IllegalStateException("two example files for operation " + operationId);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the OpenAPI examples", e);
        }
        return examples;
    }
}
