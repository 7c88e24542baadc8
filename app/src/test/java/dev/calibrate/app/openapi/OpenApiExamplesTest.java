package dev.calibrate.app.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.contract.OpenApiDocument;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every operation has an example ({@code openapi/examples/<operationId>.json}), every example file is
 * an operation's, and each example is valid against the document: the request against the request
 * body's schema, the response against the success response's.
 */
class OpenApiExamplesTest extends IntegrationTest {

    @Autowired
    ApiExamples examples;

    @Test
    void everyOperationHasAnExampleAndEveryExampleAnOperation() {
        OpenApiDocument document = OpenApiDocument.fetch("http://localhost:" + port, mapper);
        Set<String> operationIds = new TreeSet<>();
        List<String> withoutId = new ArrayList<>();
        document.operations().values().forEach(op -> {
            if (op.id() == null) withoutId.add(op.key()); else operationIds.add(op.id());
        });

        assertThat(withoutId).as("operations without an operationId").isEmpty();
        assertThat(new TreeSet<>(operationIds)).as("operations without openapi/examples/<operationId>.json")
                .isSubsetOf(examples.all().keySet());
        assertThat(new TreeSet<>(examples.all().keySet())).as("example files that name no operation")
                .isSubsetOf(operationIds);
    }

    @Test
    void everyExampleIsValidAgainstTheDocument() {
        OpenApiDocument document = OpenApiDocument.fetch("http://localhost:" + port, mapper);
        List<String> problems = new ArrayList<>();
        for (OpenApiDocument.Operation op : document.operations().values()) {
            JsonNode example = examples.all().get(op.id());
            if (example == null) continue;
            problems.addAll(check(document, op, example));
        }
        assertThat(problems).isEmpty();
    }

    static List<String> check(OpenApiDocument document, OpenApiDocument.Operation op, JsonNode example) {
        List<String> problems = new ArrayList<>();
        Set<String> parts = new TreeSet<>();
        example.fieldNames().forEachRemaining(parts::add);
        parts.removeAll(Set.of("request", "response"));
        if (!parts.isEmpty()) problems.add(op + ": unknown parts " + parts + " (only request and response)");

        JsonNode requestSchema = jsonSchema(document.resolve(op.node().path("requestBody")).path("content"));
        if (requestSchema == null && example.has("request")) {
            problems.add(op + ": has a request example but takes no JSON body");
        } else if (requestSchema != null && !example.has("request")) {
            problems.add(op + ": takes a body but its example has no request");
        } else if (requestSchema != null) {
            document.violations(requestSchema, example.get("request"))
                    .forEach(v -> problems.add(op + " request: " + v));
            JsonNode attached = op.node().at("/requestBody/content/application~1json/example");
            if (!attached.equals(example.get("request"))) problems.add(op + ": request example not in the document");
        }

        JsonNode responseSchema = successSchema(document, op);
        if (responseSchema == null && example.has("response")) {
            problems.add(op + ": has a response example but answers no JSON body");
        } else if (responseSchema != null && !example.has("response")) {
            problems.add(op + ": answers a body but its example has no response");
        } else if (responseSchema != null) {
            document.violations(responseSchema, example.get("response"))
                    .forEach(v -> problems.add(op + " response: " + v));
        }
        return problems;
    }

    private static JsonNode successSchema(OpenApiDocument document, OpenApiDocument.Operation op) {
        var responses = op.node().path("responses").fields();
        while (responses.hasNext()) {
            Map.Entry<String, JsonNode> response = responses.next();
            if (response.getKey().startsWith("2")) {
                JsonNode schema = jsonSchema(document.resolve(response.getValue()).path("content"));
                if (schema != null) return schema;
            }
        }
        return null;
    }

    private static JsonNode jsonSchema(JsonNode content) {
        var types = content.fields();
        while (types.hasNext()) {
            Map.Entry<String, JsonNode> type = types.next();
            if (type.getKey().contains("json") && type.getValue().has("schema")) return type.getValue().get("schema");
        }
        return null;
    }
}
