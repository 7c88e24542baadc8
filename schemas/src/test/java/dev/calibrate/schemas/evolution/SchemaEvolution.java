package dev.calibrate.schemas.evolution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calibrate.schemas.evolution.SchemaCompatibility.Incompatibility;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a schema may go from its baseline (the version a release shipped) to its current version.
 * A change that breaks backward compatibility needs a new major version and, for an event, upcasters
 * from the baseline's Axon revision to the current one; any other change that alters validation
 * needs at least a new minor version, and a change of annotations only (a description) at least a
 * patch. A version never goes down.
 * <p>
 * Axon revisions follow the major version: an event class without {@code @Revision} is major
 * version 1 (every event stored before revisions existed has none), and from 2 on its
 * {@code @Revision} is the major version, {@code @Revision("2")} for 2.x.y.
 */
public final class SchemaEvolution {

    private static final Pattern VERSION = Pattern.compile(".*/(\\d+)\\.(\\d+)\\.(\\d+)$");

    /** Whether stored events of schema {@code name} at {@code fromRevision} are upcast, step by step, to {@code toRevision}. */
    @FunctionalInterface
    public interface Upcasts {
        boolean between(String name, String fromRevision, String toRevision);
    }

    public record Version(int major, int minor, int patch) implements Comparable<Version> {

        static Version of(JsonNode schema) {
            String id = schema.path("$id").asText();
            Matcher m = VERSION.matcher(id);
            if (!m.matches()) {
                throw new IllegalArgumentException("$id " + id + " does not end in a semver");
            }
            return new Version(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        }

        @Override
        public int compareTo(Version other) {
            int c = Integer.compare(major, other.major);
            c = c != 0 ? c : Integer.compare(minor, other.minor);
            return c != 0 ? c : Integer.compare(patch, other.patch);
        }

        @Override
        public String toString() {
            return major + "." + minor + "." + patch;
        }
    }

    private SchemaEvolution() {
    }

    /** The Axon revision of an event whose schema has major version {@code major}; null for 1. */
    public static String revisionOf(int major) {
        return major == 1 ? null : String.valueOf(major);
    }

    /**
     * Why {@code current} may not follow {@code baseline}, one line each naming the schema, the path
     * and the reason; empty when it may. {@code kind} is {@code events} or {@code requests}.
     */
    public static List<String> problems(String kind, String name, JsonNode baseline, JsonNode current,
                                        Upcasts upcasts) {
        Version from = Version.of(baseline);
        Version to = Version.of(current);
        String schema = kind + "/" + name + " " + from + " -> " + to;
        List<String> problems = new ArrayList<>();
        if (to.compareTo(from) < 0) {
            problems.add(schema + ": the version went down");
            return problems;
        }
        boolean changed = !withoutId(baseline).equals(withoutId(current));
        if (changed && to.equals(from)) {
            problems.add(schema + ": the schema changed but its version did not; bump it");
        } else if (SchemaCompatibility.changesValidation(baseline, current)
                && to.major() == from.major() && to.minor() == from.minor()) {
            problems.add(schema + ": a change to what validates needs at least a new minor version, not a patch");
        }
        List<Incompatibility> breaking = SchemaCompatibility.breakingChanges(baseline, current);
        if (to.major() == from.major()) {
            for (Incompatibility incompatibility : breaking) {
                problems.add(schema + ": " + incompatibility + " (breaks backward compatibility: needs a new major version"
                        + ("events".equals(kind) ? " and an upcaster)" : ")"));
            }
        } else if ("events".equals(kind)
                && !upcasts.between(name, revisionOf(from.major()), revisionOf(to.major()))) {
            problems.add(schema + ": a new major version of an event needs upcasters from revision "
                    + revisionOf(from.major()) + " to " + revisionOf(to.major()) + " (see EventUpcasters)");
        }
        return problems;
    }

    private static JsonNode withoutId(JsonNode schema) {
        ObjectNode copy = schema.deepCopy();
        copy.remove("$id");
        return copy;
    }
}
