package dev.calibrate.app.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a tool's structured content against its output schema, for the MCP SDK. The SDK's own
 * validator is written against json-schema-validator 2.x and fails to load next to the 1.5 line the
 * project's {@code SchemaRegistry} uses, so the server and the test client are given this one, on 1.5.
 * (Today's tools declare no output schema, so the SDK has nothing to check yet.)
 */
final class OutputSchemaValidator implements JsonSchemaValidator {

    private final ObjectMapper mapper;
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    OutputSchemaValidator(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public ValidationResponse validate(Map<String, Object> schema, Object structuredContent) {
        if (schema == null || structuredContent == null) {
            return ValidationResponse.asInvalid("a schema and structured content are both needed");
        }
        JsonNode content = mapper.valueToTree(structuredContent);
        Set<ValidationMessage> violations = factory.getSchema(mapper.valueToTree(schema)).validate(content);
        if (!violations.isEmpty()) {
            return ValidationResponse.asInvalid("structuredContent does not match the tool's outputSchema: "
                    + violations.stream().map(ValidationMessage::getMessage).sorted().collect(Collectors.joining("; ")));
        }
        try {
            return ValidationResponse.asValid(mapper.writeValueAsString(content));
        } catch (JsonProcessingException e) {
            return ValidationResponse.asInvalid("structuredContent could not be written as JSON");
        }
    }
}
