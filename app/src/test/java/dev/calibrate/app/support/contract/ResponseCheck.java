package dev.calibrate.app.support.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.MediaType;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether one response keeps what the document says of its operation: a documented status, a
 * content type that status names, and a JSON body valid against its schema.
 */
final class ResponseCheck {

    private final ObjectMapper mapper;

    ResponseCheck(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    List<String> violations(OpenApiDocument document, OpenApiDocument.Operation operation, int status,
                            String contentType, byte[] body) {
        JsonNode responses = operation.node().path("responses");
        String code = Integer.toString(status);
        JsonNode documented = responses.has(code) ? responses.get(code) : responses.get("default");
        if (documented == null) {
            List<String> statuses = new ArrayList<>();
            responses.fieldNames().forEachRemaining(statuses::add);
            return List.of("the status is not documented (documented: " + statuses + ")");
        }
        JsonNode content = document.resolve(documented).path("content");
        if (body.length == 0) {
            // nothing to check: a body-less answer (204, a redirect), or a sendError whose body comes later
            return List.of();
        }
        if (content.isMissingNode() || content.isEmpty()) {
            return List.of("it has a body the document does not describe");
        }
        if (contentType == null) {
            return List.of("it has a body without a content type");
        }
        MediaType actual = MediaType.parseMediaType(contentType);
        Map.Entry<String, JsonNode> media = null;
        for (var it = content.fields(); it.hasNext() && media == null; ) {
            Map.Entry<String, JsonNode> candidate = it.next();
            if (MediaType.parseMediaType(candidate.getKey()).includes(actual)) media = candidate;
        }
        if (media == null) {
            List<String> types = new ArrayList<>();
            content.fieldNames().forEachRemaining(types::add);
            return List.of("content type " + actual + " is not documented (documented: " + types + ")");
        }
        boolean json = actual.getSubtype().equals("json") || actual.getSubtype().endsWith("+json");
        if (!json || !media.getValue().has("schema")) return List.of();
        JsonNode value;
        try {
            value = mapper.readTree(body);
        } catch (IOException e) {
            return List.of("the body is not JSON: " + e.getMessage());
        }
        return document.violations(media.getValue().get("schema"), value).stream()
                .map(v -> "the body breaks its schema: " + v).toList();
    }
}
