package dev.calibrate.query.schema;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.schemas.SchemaRegistry.SchemaInfo;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** What the schema reads answer. */
public final class SchemaApi {

    private SchemaApi() {
    }

    /** Every schema this release knows, each version listed once, by kind, name and version. */
    public record SchemaCatalog(List<SchemaInfo> items) {
    }

    /**
     * A JSON Schema (draft 2020-12) exactly as the registry holds it, with its {@code $id}: it leaves
     * as the document itself, not wrapped, and is described as open JSON rather than a second time.
     */
    @Schema(description = "A JSON Schema document (draft 2020-12).")
    public record JsonSchemaDocument(JsonNode document) {

        @JsonValue
        @Override
        public JsonNode document() {
            return document;
        }
    }
}
