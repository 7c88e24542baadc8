package dev.calibrate.app.openapi;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.Schema;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

import java.lang.annotation.Annotation;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How the response records read in the document. Jackson here omits null members, so a property is
 * absent exactly when its component is null: every component is required unless it is
 * {@link Nullable}. A {@link JsonNode} component holds open JSON (a stored event payload, a rule
 * document): any value, described by its {@code @Schema(description)}.
 */
@Component
class RecordSchemas implements ModelConverter {

    @Override
    public Schema resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
        JavaType javaType = Json.mapper().constructType(type.getType());
        Class<?> raw = javaType.getRawClass();
        if (JsonNode.class.isAssignableFrom(raw)) {
            Schema<Object> open = new JsonSchema();
            description(type.getCtxAnnotations()).ifPresent(open::setDescription);
            return open;
        }
        Schema resolved = chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
        if (resolved != null && raw.isRecord()) {
            Schema model = resolved.get$ref() == null ? resolved
                    : context.getDefinedModels().get(resolved.get$ref().substring(resolved.get$ref().lastIndexOf('/') + 1));
            if (model != null && model.getProperties() != null) {
                List<String> required = required(raw, model.getProperties().keySet());
                model.setRequired(required.isEmpty() ? null : required);
                // swagger-core marks the shared component itself "null" when one property referring to it is
                // @Nullable; a record is always an object, and the property's absence already says null
                if (model.getTypes() != null && model.getTypes().equals(Set.of("null"))) {
                    model.setTypes(new LinkedHashSet<>(List.of("object")));
                }
                stringShaped(raw, model.getProperties());
            }
        }
        return resolved;
    }

    private static List<String> required(Class<?> record, Set<?> properties) {
        List<String> required = new ArrayList<>();
        for (RecordComponent component : record.getRecordComponents()) {
            if (annotated(component, Nullable.class) || annotated(component, JsonIgnore.class)) continue;
            JsonProperty renamed = component.getAccessor().getAnnotation(JsonProperty.class);
            String name = renamed != null && !renamed.value().isEmpty() ? renamed.value() : component.getName();
            if (properties.contains(name)) required.add(name);
        }
        return required;
    }

    private static boolean annotated(RecordComponent component, Class<? extends Annotation> annotation) {
        return annotation(component, annotation).isPresent();
    }

    /** A record component's annotation wherever Java put it: the component, its accessor or its field. */
    private static <A extends Annotation> Optional<A> annotation(RecordComponent component, Class<A> type) {
        A found = component.getAnnotation(type);
        if (found == null) found = component.getAccessor().getAnnotation(type);
        if (found != null) return Optional.of(found);
        try {
            return Optional.ofNullable(component.getDeclaringRecord().getDeclaredField(component.getName()).getAnnotation(type));
        } catch (NoSuchFieldException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> description(Annotation[] annotations) {
        return annotations == null ? Optional.empty() : Arrays.stream(annotations)
                .filter(io.swagger.v3.oas.annotations.media.Schema.class::isInstance)
                .map(io.swagger.v3.oas.annotations.media.Schema.class::cast)
                .map(io.swagger.v3.oas.annotations.media.Schema::description)
                .filter(d -> !d.isEmpty())
                .findFirst();
    }

    /** A component Jackson writes as a string ({@code @JsonFormat(shape = STRING)}, money amounts) reads as one. */
    @SuppressWarnings("rawtypes")
    private static void stringShaped(Class<?> record, Map<String, Schema> properties) {
        for (RecordComponent component : record.getRecordComponents()) {
            Schema property = properties.get(component.getName());
            boolean asString = annotation(component, JsonFormat.class)
                    .filter(format -> format.shape() == JsonFormat.Shape.STRING).isPresent();
            if (asString && property != null && property.get$ref() == null) {
                property.setTypes(new LinkedHashSet<>(List.of("string")));
                property.setType("string");
                property.setFormat(null);
            }
        }
    }
}
