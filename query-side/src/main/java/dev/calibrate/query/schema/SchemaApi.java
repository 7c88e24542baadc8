package dev.calibrate.query.schema;

import dev.calibrate.schemas.SchemaRegistry.SchemaInfo;

import java.util.List;

/** What the schema reads answer besides the schema documents themselves. */
public final class SchemaApi {

    private SchemaApi() {
    }

    /** Every schema this release knows, each version listed once, by kind, name and version. */
    public record SchemaCatalog(List<SchemaInfo> items) {
    }
}
