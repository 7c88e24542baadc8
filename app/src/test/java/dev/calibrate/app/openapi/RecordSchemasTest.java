package dev.calibrate.app.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.annotations.media.Schema;
import org.junit.jupiter.api.Test;
import org.springframework.lang.Nullable;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RecordSchemasTest {

    record ReportedThing(String id, @Nullable String note,
                         @Schema(description = "the payload as it was stored") JsonNode payload) {
    }

    @SuppressWarnings("rawtypes")
    private final Map<String, io.swagger.v3.oas.models.media.Schema> schemas = converters()
            .readAll(new AnnotatedType(ReportedThing.class));

    @Test
    void everyComponentIsRequiredButTheNullableOnes() {
        assertThat(schemas.get("ReportedThing").getRequired()).containsExactly("id", "payload");
    }

    @Test
    void aJsonNodeIsAnyJsonWithItsDescription() {
        var payload = (io.swagger.v3.oas.models.media.Schema<?>) schemas.get("ReportedThing").getProperties().get("payload");

        assertThat(payload.get$ref()).isNull();
        assertThat(payload.getType()).isNull();
        assertThat(payload.getTypes()).isNullOrEmpty();
        assertThat(payload.getDescription()).isEqualTo("the payload as it was stored");
        assertThat(schemas).doesNotContainKeys("JsonNode", "ObjectNode");
    }

    private static ModelConverters converters() {
        ModelConverters converters = new ModelConverters(true);
        converters.addConverter(new RecordSchemas());
        return converters;
    }
}
