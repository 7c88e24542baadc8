package dev.calibrate.app.support.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.AnnotationKeyword;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The OpenAPI document as tests read it: its operations, which one a request reaches, and JSON
 * Schema validation of a value against one of its schemas (2020-12, the dialect of OpenAPI 3.1).
 */
public final class OpenApiDocument {

    /** One operation: {@code POST /api/v1/price-changes/{id}/approve}, its id and its node in the document. */
    public record Operation(String method, String path, String id, JsonNode node) {
        public String key() {
            return method + " " + path;
        }

        @Override
        public String toString() {
            return (id == null ? "" : id + " ") + "(" + key() + ")";
        }
    }

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.metaSchema(JsonMetaSchema.builder(JsonMetaSchema.getV202012())
                    // OpenAPI's own schema keywords: they describe, they do not constrain
                    .keyword(new AnnotationKeyword("example"))
                    .keyword(new AnnotationKeyword("discriminator"))
                    .keyword(new AnnotationKeyword("xml"))
                    .keyword(new AnnotationKeyword("externalDocs"))
                    .build()));

    private final JsonNode document;
    private final Map<String, Operation> byKey = new TreeMap<>();
    private final List<Map.Entry<PathPattern, Operation>> patterns = new ArrayList<>();

    public OpenApiDocument(JsonNode document) {
        this.document = document;
        PathPatternParser parser = new PathPatternParser();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (!METHODS.contains(op.getKey())) return;
            Operation operation = new Operation(op.getKey().toUpperCase(Locale.ROOT), path.getKey(),
                    op.getValue().path("operationId").asText(null), op.getValue());
            byKey.put(operation.key(), operation);
            patterns.add(Map.entry(parser.parse(path.getKey()), operation));
        }));
        patterns.sort(Map.Entry.comparingByKey(PathPattern.SPECIFICITY_COMPARATOR));
    }

    /** The live document of the server at {@code baseUrl}. */
    public static OpenApiDocument fetch(String baseUrl, ObjectMapper mapper) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(baseUrl + "/v3/api-docs")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("/v3/api-docs answered " + response.statusCode() + ": " + response.body());
            }
            return new OpenApiDocument(mapper.readTree(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public JsonNode json() {
        return document;
    }

    /** Every operation, by {@code METHOD /path}. */
    public Map<String, Operation> operations() {
        return byKey;
    }

    /** The operation a request with this method and (decoded) path reaches, if the document has one. */
    public Optional<Operation> match(String method, String path) {
        PathContainer container = PathContainer.parsePath(path);
        return patterns.stream()
                .filter(e -> e.getValue().method().equalsIgnoreCase(method) && e.getKey().matches(container))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    /** Follows a {@code $ref} into the document's components; any other node is returned as it is. */
    public JsonNode resolve(JsonNode node) {
        if (node != null && node.has("$ref") && node.get("$ref").asText().startsWith("#/")) {
            return resolve(document.at(node.get("$ref").asText().substring(1)));
        }
        return node;
    }

    /** What is wrong with {@code value} against {@code schema} (a schema of this document); empty when valid. */
    public List<String> violations(JsonNode schema, JsonNode value) {
        ObjectNode standalone = schema.isObject() ? schema.deepCopy()
                : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        // the schema's $refs point into the document's components, so they travel with it
        standalone.set("components", document.path("components"));
        return SCHEMAS.getSchema(standalone, SchemaValidatorsConfig.builder().build()).validate(value).stream()
                .sorted(Comparator.comparing(ValidationMessage::toString))
                .map(ValidationMessage::toString)
                .toList();
    }
}
