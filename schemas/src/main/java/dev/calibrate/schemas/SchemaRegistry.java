package dev.calibrate.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.error.NotFound;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSON Schemas (draft 2020-12) of every event payload and every public request body, loaded
 * from {@code schemas/catalog.json} on the classpath. Each schema's {@code $id} ends in
 * {@code /<kind>/<name>/<semver>}.
 */
public final class SchemaRegistry {

    public static final String CATALOG = "schemas/catalog.json";
    private static final Pattern ID = Pattern.compile(".*/(events|requests)/([A-Za-z0-9]+)/(\\d+\\.\\d+\\.\\d+)$");

    public record SchemaInfo(String kind, String name, String version, String id) {
    }

    private record Entry(SchemaInfo info, JsonNode document, JsonSchema schema) {
    }

    private final Map<String, Entry> latestByName = new LinkedHashMap<>();
    private final Map<String, Entry> byNameAndVersion = new LinkedHashMap<>();

    public SchemaRegistry(ObjectMapper mapper) {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().build();
        for (String path : read(mapper, CATALOG).findValuesAsText("path")) {
            JsonNode document = read(mapper, path);
            String id = document.path("$id").asText();
            Matcher m = ID.matcher(id);
            if (!m.matches()) {
                throw new IllegalStateException(path + ": $id must end in /<kind>/<name>/<semver>, got " + id);
            }
            SchemaInfo info = new SchemaInfo(m.group(1), m.group(2), m.group(3), id);
            Entry entry = new Entry(info, document, factory.getSchema(document, config));
            byNameAndVersion.put(info.name() + "/" + info.version(), entry);
            latestByName.merge(info.name(), entry, (a, b) ->
                    compareVersions(a.info().version(), b.info().version()) >= 0 ? a : b);
        }
    }

    public static SchemaRegistry loadDefault() {
        return new SchemaRegistry(new ObjectMapper());
    }

    public Collection<SchemaInfo> list() {
        return byNameAndVersion.values().stream().map(Entry::info)
                .sorted(Comparator.comparing(SchemaInfo::kind).thenComparing(SchemaInfo::name)
                        .thenComparing(SchemaInfo::version))
                .toList();
    }

    public Optional<SchemaInfo> latest(String name) {
        return Optional.ofNullable(latestByName.get(name)).map(Entry::info);
    }

    public JsonNode document(String name, String version) {
        Entry entry = byNameAndVersion.get(name + "/" + version);
        if (entry == null) {
            throw new NotFound("schema");
        }
        return entry.document();
    }

    /**
     * The violations of {@code json} against the latest schema called {@code name}; empty when valid.
     * Control characters come first (every request schema refuses them, see {@link ControlCharacters}),
     * so the problem's {@code field} names the string that would have poisoned the read side.
     */
    public List<InvalidInput.Violation> violations(String name, JsonNode json) {
        Entry entry = latestByName.get(name);
        if (entry == null) {
            throw new IllegalArgumentException("no schema called " + name);
        }
        List<InvalidInput.Violation> violations = new ArrayList<>();
        for (ValidationMessage message : entry.schema().validate(json)) {
            violations.add(toViolation(message));
        }
        violations.sort(Comparator.comparing(InvalidInput.Violation::field));
        if ("requests".equals(entry.info().kind())) {
            violations.addAll(0, ControlCharacters.violations(json));
        }
        return violations;
    }

    /** Throws {@link InvalidInput} naming every offending path when {@code json} breaks schema {@code name}. */
    public void validate(String name, JsonNode json) {
        List<InvalidInput.Violation> violations = violations(name, json);
        if (!violations.isEmpty()) {
            throw new InvalidInput(violations);
        }
    }

    private static InvalidInput.Violation toViolation(ValidationMessage message) {
        String field = fieldOf(message.getInstanceLocation());
        String type = message.getType();
        boolean namesProperty = "additionalProperties".equals(type) || "required".equals(type)
                || "unevaluatedProperties".equals(type);
        if (namesProperty && message.getProperty() != null) {
            field = field.isEmpty() ? message.getProperty() : field + "." + message.getProperty();
        }
        String detail;
        if ("additionalProperties".equals(type) || "unevaluatedProperties".equals(type)) {
            detail = "is not a known field";
        } else if ("required".equals(type)) {
            detail = "is required";
        } else {
            // networknt prefixes its messages with the location, which the field already names
            String text = message.getMessage();
            int colon = text.indexOf(": ");
            detail = colon >= 0 && (text.startsWith("/") || text.startsWith("$")) ? text.substring(colon + 2) : text;
        }
        return new InvalidInput.Violation(field.isEmpty() ? "(body)" : field, detail);
    }

    /** {@code prices[0].amount} style, as clients write it. */
    private static String fieldOf(JsonNodePath path) {
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            Object element = path.getElement(i);
            if (element instanceof Integer index) {
                field.append('[').append(index).append(']');
            } else {
                if (!field.isEmpty()) field.append('.');
                field.append(element);
            }
        }
        return field.toString();
    }

    private static JsonNode read(ObjectMapper mapper, String path) {
        try (InputStream in = SchemaRegistry.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing schema resource " + path);
            }
            return mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    private static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < 3; i++) {
            int c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
            if (c != 0) return c;
        }
        return 0;
    }
}
