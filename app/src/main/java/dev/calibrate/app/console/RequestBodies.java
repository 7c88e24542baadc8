package dev.calibrate.app.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calibrate.schemas.RequestSchema;
import dev.calibrate.schemas.SchemaRegistry;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Holds a body the console built from a form to the same JSON Schema the API holds it to before the
 * API's controller sees it (over HTTP, {@code web/SchemaValidatedBodies} does this), so a form is checked
 * exactly like a request: a violation is an {@link dev.calibrate.kernel.error.InvalidInput} naming its field.
 * Fields left empty are left out, as a JSON client would leave them out.
 */
@Component
public class RequestBodies {

    private final SchemaRegistry schemas;
    private final ObjectMapper mapper;

    public RequestBodies(SchemaRegistry schemas, ObjectMapper mapper) {
        this.schemas = schemas;
        this.mapper = mapper;
    }

    public <T> T checked(T body) {
        RequestSchema schema = body.getClass().getAnnotation(RequestSchema.class);
        if (schema == null) {
            throw new IllegalArgumentException(body.getClass() + " names no request schema");
        }
        JsonNode tree = mapper.valueToTree(body);
        if (tree instanceof ObjectNode object) {
            List<String> empty = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getValue().isNull()) {
                    empty.add(field.getKey());
                }
            }
            object.remove(empty);
        }
        schemas.validate(schema.value(), tree);
        return body;
    }
}
