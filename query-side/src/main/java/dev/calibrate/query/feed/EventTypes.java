package dev.calibrate.query.feed;

import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.schemas.SchemaRegistry;
import dev.calibrate.schemas.SchemaRegistry.SchemaInfo;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The feed's names for event types, from the schemas this release serves: {@code ProductCreated}
 * at schema 1.2.0 is {@code dev.calibrate.ProductCreated.v1}, described by
 * {@code /api/v1/schemas/ProductCreated/1.2.0}. Only the major version is in the type: a minor one
 * adds optional fields, which a consumer of the same major reads unchanged.
 */
@Component
public class EventTypes {

    static final String PREFIX = "dev.calibrate.";

    /** The current schema of each event, by its CloudEvent type. */
    private final Map<String, SchemaInfo> byType = new TreeMap<>();
    private final Map<String, SchemaInfo> byName = new TreeMap<>();

    public EventTypes(SchemaRegistry schemas) {
        for (SchemaInfo info : schemas.list()) {
            if ("events".equals(info.kind())) {
                byName.put(info.name(), schemas.latest(info.name()).orElseThrow());
            }
        }
        byName.values().forEach(info -> byType.put(typeOf(info), info));
    }

    /** The CloudEvent type of an event called {@code name}, e.g. {@code dev.calibrate.ProductCreated.v1}. */
    public String type(String name) {
        SchemaInfo info = byName.get(name);
        return info == null ? PREFIX + name + ".v1" : typeOf(info);
    }

    /** The schema URL of the event's current version; null for an event no schema describes. */
    @Nullable
    public String dataschema(String name) {
        SchemaInfo info = byName.get(name);
        return info == null ? null : "/api/v1/schemas/" + info.name() + "/" + info.version();
    }

    public Set<String> types() {
        return byType.keySet();
    }

    /**
     * The event names that the CloudEvent types a client asked for stand for; each value may hold
     * several types separated by commas. An unknown type is a 400 naming every known one.
     */
    public Set<String> namesOf(String field, @Nullable Collection<String> requested) {
        Set<String> names = new LinkedHashSet<>();
        if (requested == null) {
            return names;
        }
        for (String value : requested) {
            for (String type : value.split(",")) {
                String trimmed = type.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                SchemaInfo info = byType.get(trimmed);
                if (info == null) {
                    throw new InvalidInput(field, "unknown event type \"" + abbreviated(trimmed) + "\"; known: "
                            + String.join(", ", byType.keySet()));
                }
                names.add(info.name());
            }
        }
        return names;
    }

    private static String typeOf(SchemaInfo info) {
        return PREFIX + info.name() + ".v" + info.version().substring(0, info.version().indexOf('.'));
    }

    private static String abbreviated(String text) {
        return text.length() > 100 ? text.substring(0, 100) + "…" : text;
    }
}
