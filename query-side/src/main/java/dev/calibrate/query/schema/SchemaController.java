package dev.calibrate.query.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.schemas.SchemaRegistry;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Collection;
import java.util.Map;

/** The JSON Schemas of every event and public request body, for client and integration authors. */
@RestController
@RequestMapping("/api/v1/schemas")
public class SchemaController {

    private static final MediaType SCHEMA_JSON = MediaType.parseMediaType("application/schema+json");

    private final SchemaRegistry registry;

    public SchemaController(SchemaRegistry registry) {
        this.registry = registry;
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Collection<SchemaRegistry.SchemaInfo>> list() {
        return Map.of("items", registry.list());
    }

    @GetMapping("/{name}/{version}")
    public ResponseEntity<JsonNode> get(@PathVariable String name, @PathVariable String version) {
        return ResponseEntity.ok().contentType(SCHEMA_JSON).body(registry.document(name, version));
    }
}
