package dev.calibrate.query.schema;

import dev.calibrate.query.schema.SchemaApi.JsonSchemaDocument;
import dev.calibrate.query.schema.SchemaApi.SchemaCatalog;
import dev.calibrate.schemas.SchemaRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** The JSON Schemas of every event and public request body, for client and integration authors. */
@RestController
@Tag(name = "Schemas")
@RequestMapping("/api/v1/schemas")
public class SchemaController {

    static final String SCHEMA_JSON_VALUE = "application/schema+json";
    private static final MediaType SCHEMA_JSON = MediaType.parseMediaType(SCHEMA_JSON_VALUE);

    private final SchemaRegistry registry;

    public SchemaController(SchemaRegistry registry) {
        this.registry = registry;
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "listSchemas", summary = "List the JSON Schemas of events and request bodies")
    public SchemaCatalog list() {
        return new SchemaCatalog(List.copyOf(registry.list()));
    }

    @GetMapping(path = "/{name}/{version}", produces = SCHEMA_JSON_VALUE)
    @Operation(operationId = "getSchema", summary = "One JSON Schema document, by name and version",
            description = "A draft 2020-12 JSON Schema, served as application/schema+json.")
    public ResponseEntity<JsonSchemaDocument> get(@PathVariable String name, @PathVariable String version) {
        return ResponseEntity.ok().contentType(SCHEMA_JSON)
                .body(new JsonSchemaDocument(registry.document(name, version)));
    }
}
