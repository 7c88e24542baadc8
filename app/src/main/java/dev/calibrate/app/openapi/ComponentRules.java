package dev.calibrate.app.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.schemas.RequestSchema;
import dev.calibrate.schemas.SchemaRegistry;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import org.springframework.core.MethodParameter;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.method.HandlerMethod;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The document's components: request bodies described by their JSON Schemas, the {@code Problem}
 * every error answers with, and nothing that no operation refers to (a record's own description of a
 * body, replaced by its schema, would otherwise linger).
 */
@Component
class ComponentRules {

    /** RFC 9457, as ProblemAdvice and Problems write it, with the members the rejections add. */
    private static final String PROBLEM_SCHEMA = """
            {
              "type": "object",
              "description": "An RFC 9457 problem: what was refused and why, never how the server works.",
              "required": ["type", "title", "status"],
              "properties": {
                "type": {"type": "string", "format": "uri",
                         "description": "https://calibrate.dev/problems/<kind>, e.g. invalid-input, not-found, conflict, missing-scope"},
                "title": {"type": "string", "description": "The status's reason phrase"},
                "status": {"type": "integer", "description": "The HTTP status"},
                "detail": {"type": "string", "description": "What is wrong, for people"},
                "instance": {"type": "string", "format": "uri-reference", "description": "The request path"},
                "requestId": {"type": "string", "description": "The X-Request-Id of the request; quote it when reporting a problem"},
                "field": {"type": "string", "description": "On invalid input: the first offending field, e.g. prices[0].amount"},
                "errors": {"type": "array", "description": "On invalid input: every offending field",
                           "items": {"type": "object", "required": ["field", "message"],
                                     "properties": {"field": {"type": "string"}, "message": {"type": "string"}}}},
                "state": {"type": "string", "description": "On a conflict with a price change: the state it is in"},
                "competitorId": {"type": "string", "format": "uuid",
                                 "description": "On registering a competitor twice: the one that exists"}
              }
            }
            """;

    private final ApiHandlers handlers;
    private final SchemaRegistry registry;

    ComponentRules(ApiHandlers handlers, SchemaRegistry registry) {
        this.handlers = handlers;
        this.registry = registry;
    }

    void customise(OpenAPI api) {
        if (api.getComponents() == null) api.setComponents(new Components());
        Map<String, Schema> schemas = api.getComponents().getSchemas() == null
                ? new TreeMap<>() : new TreeMap<>(api.getComponents().getSchemas());
        for (HandlerMethod handler : handlers.operations().values()) {
            for (MethodParameter parameter : handler.getMethodParameters()) {
                Class<?> type = parameter.getParameterType();
                if (parameter.hasParameterAnnotation(RequestBody.class) && type.isAnnotationPresent(RequestSchema.class)) {
                    RequestBodySchemas.components(registry, type).forEach((name, schema) ->
                            schemas.put(name, asSchema(schema)));
                }
            }
        }
        schemas.put(OperationRules.PROBLEM, asSchema(read(PROBLEM_SCHEMA)));
        schemas.keySet().retainAll(referenced(api, schemas));
        api.getComponents().setSchemas(schemas);
    }

    /** The components the paths refer to, directly or through other components. */
    private static Set<String> referenced(OpenAPI api, Map<String, Schema> schemas) {
        Set<String> reached = new HashSet<>();
        Deque<JsonNode> pending = new ArrayDeque<>();
        pending.add(Json31.mapper().valueToTree(api.getPaths()));
        while (!pending.isEmpty()) {
            for (JsonNode ref : pending.pop().findValues("$ref")) {
                String name = ref.asText().substring(ref.asText().lastIndexOf('/') + 1);
                if (ref.asText().startsWith("#/components/schemas/") && reached.add(name) && schemas.containsKey(name)) {
                    pending.add(Json31.mapper().valueToTree(schemas.get(name)));
                }
            }
        }
        return reached;
    }

    private static Schema<?> asSchema(JsonNode json) {
        return Json31.mapper().convertValue(json, Schema.class);
    }

    private static JsonNode read(String json) {
        try {
            return Json31.mapper().readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
