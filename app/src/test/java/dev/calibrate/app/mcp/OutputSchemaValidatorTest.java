package dev.calibrate.app.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator.ValidationResponse;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The SDK's output-schema check, on the json-schema-validator the project pins (1.5), not the 2.x the SDK's own needs. */
class OutputSchemaValidatorTest {

    private static final Map<String, Object> SCHEMA = Map.of("type", "object", "required", List.of("total"),
            "properties", Map.of("total", Map.of("type", "integer", "minimum", 0)));

    private final OutputSchemaValidator validator = new OutputSchemaValidator(new ObjectMapper());

    @Test
    void acceptsContentThatFitsAndAnswersItAsJson() {
        ValidationResponse response = validator.validate(SCHEMA, Map.of("total", 3));

        assertThat(response.valid()).isTrue();
        assertThat(response.jsonStructuredOutput()).isEqualTo("{\"total\":3}");
    }

    @Test
    void refusesContentThatDoesNotFitSayingWhy() {
        ValidationResponse wrongType = validator.validate(SCHEMA, Map.of("total", "three"));
        ValidationResponse missing = validator.validate(SCHEMA, Map.of());

        assertThat(wrongType.valid()).isFalse();
        assertThat(wrongType.errorMessage()).contains("total");
        assertThat(missing.valid()).isFalse();
        assertThat(missing.errorMessage()).contains("total");
        assertThat(validator.validate(SCHEMA, null).valid()).isFalse();
    }
}
