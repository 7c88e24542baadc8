package dev.calibrate.app.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.AllowSchemaLoader;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Checks a tool's structured content against its output schema, for the MCP SDK. The SDK's own
 * validator is written against json-schema-validator 2.x and fails to load next to the 1.5 line the
 * project's {@code SchemaRegistry} uses, so the server and the test client are given this one, on 1.5.
 * (Today's tools declare no output schema, so the server has nothing to check yet; the test client
 * checks what a server declares.)
 * <p>
 * A schema is compiled once and kept (a server declares a handful). A {@code $ref} is resolved only
 * inside the schema or from the classpath, never fetched from the network: the schema may come from
 * the other side of the connection. Whatever fails while checking answers "invalid", never an exception.
 */
final class OutputSchemaValidator implements JsonSchemaValidator {

    private static final Logger log = LoggerFactory.getLogger(OutputSchemaValidator.class);

    /** More schemas than any server declares: past this they are compiled each time instead of kept. */
    private static final int MAX_CACHED = 256;

    private final ObjectMapper mapper;
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaLoaders(loaders -> loaders.values(list ->
                    list.add(0, new AllowSchemaLoader(iri -> iri.toString().startsWith("classpath:"))))));
    private final Map<Map<String, Object>, JsonSchema> compiled = new ConcurrentHashMap<>();

    OutputSchemaValidator(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public ValidationResponse validate(Map<String, Object> schema, Object structuredContent) {
        if (schema == null || structuredContent == null) {
            return ValidationResponse.asInvalid("a schema and structured content are both needed");
        }
        try {
            JsonNode content = structuredContent instanceof String text
                    ? mapper.readTree(text) : mapper.valueToTree(structuredContent);
            Set<ValidationMessage> violations = schema(schema).validate(content);
            if (!violations.isEmpty()) {
                return ValidationResponse.asInvalid("structuredContent does not match the tool's outputSchema: "
                        + violations.stream().map(ValidationMessage::getMessage).sorted()
                        .collect(Collectors.joining("; ")));
            }
            return ValidationResponse.asValid(mapper.writeValueAsString(content));
        } catch (JsonProcessingException notJson) {
            return ValidationResponse.asInvalid("structuredContent is not JSON");
        } catch (RuntimeException failed) {
            log.warn("an output schema could not be checked", failed);
            return ValidationResponse.asInvalid("the tool's outputSchema could not be used to check structuredContent");
        }
    }

    private JsonSchema schema(Map<String, Object> schema) {
        JsonSchema known = compiled.get(schema);
        if (known != null) {
            return known;
        }
        JsonSchema fresh = factory.getSchema(mapper.valueToTree(schema));
        if (compiled.size() < MAX_CACHED) {
            compiled.putIfAbsent(schema, fresh);
        }
        return fresh;
    }
}
