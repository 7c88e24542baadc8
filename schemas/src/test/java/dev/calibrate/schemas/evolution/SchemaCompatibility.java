package dev.calibrate.schemas.evolution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import static dev.calibrate.schemas.evolution.SchemaKeywords.ANNOTATIONS;
import static dev.calibrate.schemas.evolution.SchemaKeywords.allowedValues;
import static dev.calibrate.schemas.evolution.SchemaKeywords.isFalse;
import static dev.calibrate.schemas.evolution.SchemaKeywords.isTrue;
import static dev.calibrate.schemas.evolution.SchemaKeywords.merged;
import static dev.calibrate.schemas.evolution.SchemaKeywords.strings;
import static dev.calibrate.schemas.evolution.SchemaKeywords.types;
import static dev.calibrate.schemas.evolution.SchemaKeywords.withoutAnnotations;

/**
 * Finds the changes between two versions of a JSON Schema (draft 2020-12) that break backward
 * compatibility: a document the old version accepted, or a stored event a reader of the old version
 * relied on, that the new version refuses or no longer carries. It walks both schemas side by side
 * through {@code properties}, {@code items}, {@code additionalProperties}, the branches of
 * {@code allOf}/{@code anyOf}/{@code oneOf} and local {@code $ref}s into {@code $defs}.
 * <p>
 * It errs on the side of refusing: a changed {@code pattern}, {@code format}, {@code if}/{@code then}
 * or {@code not} cannot be proven to only widen, so it counts as breaking; only its removal widens.
 */
public final class SchemaCompatibility {

    /** Keywords walked or compared one by one below; any other changed keyword is reported as is. */
    private static final Set<String> MODELLED = Set.of("$ref", "$defs", "type", "enum", "const", "properties",
            "required", "additionalProperties", "items", "allOf", "anyOf", "oneOf", "minimum", "exclusiveMinimum",
            "maximum", "exclusiveMaximum", "minLength", "maxLength", "minItems", "maxItems", "minProperties",
            "maxProperties", "pattern", "format", "uniqueItems");

    private static final List<String> LOWER_BOUNDS = List.of("minimum", "exclusiveMinimum", "minLength", "minItems",
            "minProperties");
    private static final List<String> UPPER_BOUNDS = List.of("maximum", "exclusiveMaximum", "maxLength", "maxItems",
            "maxProperties");

    /** {@code path} names the place in a document, as a client writes it: {@code prices[].amount}, {@code (root)}. */
    public record Incompatibility(String path, String reason) {
        @Override
        public String toString() {
            return path + ": " + reason;
        }
    }

    private final JsonNode oldRoot;
    private final JsonNode newRoot;
    private final List<Incompatibility> found = new ArrayList<>();
    /**
     * Pairs of ($ref) locations already compared, so a recursive schema (a selector of selectors) ends;
     * a definition used in two places is reported at the first.
     */
    private final Set<String> compared = new HashSet<>();

    private SchemaCompatibility(JsonNode oldRoot, JsonNode newRoot) {
        this.oldRoot = oldRoot;
        this.newRoot = newRoot;
    }

    /** The breaking changes from {@code baseline} to {@code current}; empty when every change only widens. */
    public static List<Incompatibility> breakingChanges(JsonNode baseline, JsonNode current) {
        SchemaCompatibility walk = new SchemaCompatibility(baseline, current);
        walk.compare("", "#", baseline, "#", current);
        return List.copyOf(walk.found);
    }

    /** Whether the two documents differ in anything but their annotations (and so need at least a minor version). */
    public static boolean changesValidation(JsonNode baseline, JsonNode current) {
        return !withoutAnnotations(baseline).equals(withoutAnnotations(current));
    }

    private void compare(String path, String oldAt, JsonNode oldSchema, String newAt, JsonNode newSchema) {
        if (oldSchema.has("$ref") || newSchema.has("$ref")) {
            String oldRef = oldSchema.has("$ref") ? oldSchema.get("$ref").asText() : oldAt;
            String newRef = newSchema.has("$ref") ? newSchema.get("$ref").asText() : newAt;
            if (!compared.add(oldRef + "|" + newRef)) {
                return;
            }
            oldSchema = merged(oldSchema, oldRoot);
            newSchema = merged(newSchema, newRoot);
            oldAt = oldRef;
            newAt = newRef;
        }
        if (isFalse(oldSchema)) {
            return;
        }
        if (isFalse(newSchema)) {
            report(path, "accepts nothing any more");
            return;
        }
        if (isTrue(newSchema) || newSchema.isObject() && withoutAnnotations(newSchema).isEmpty()) {
            return;
        }
        JsonNode oldObject = isTrue(oldSchema) ? JsonNodeFactory.instance.objectNode() : oldSchema;
        compareTypes(path, oldObject, newSchema);
        compareValues(path, oldObject, newSchema);
        compareBounds(path, oldObject, newSchema);
        compareExact(path, oldObject, newSchema, "pattern");
        compareExact(path, oldObject, newSchema, "format");
        if (newSchema.path("uniqueItems").asBoolean(false) && !oldObject.path("uniqueItems").asBoolean(false)) {
            report(path, "uniqueItems is new: repeated items are refused");
        }
        compareProperties(path, oldAt, oldObject, newAt, newSchema);
        if (oldObject.has("items") && newSchema.has("items")) {
            compare(path + "[]", oldAt + "/items", oldObject.get("items"), newAt + "/items", newSchema.get("items"));
        } else if (newSchema.has("items")) {
            compare(path + "[]", oldAt + "/items", BooleanNode.TRUE, newAt + "/items", newSchema.get("items"));
        }
        for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
            compareBranches(path, combinator, oldAt, oldObject, newAt, newSchema);
        }
        compareUnmodelled(path, oldObject, newSchema);
    }

    private void compareTypes(String path, JsonNode oldSchema, JsonNode newSchema) {
        if (!newSchema.has("type")) {
            return;
        }
        Set<String> oldTypes = types(oldSchema);
        Set<String> newTypes = types(newSchema);
        List<String> refused = oldTypes.stream()
                .filter(type -> !newTypes.contains(type) && !("integer".equals(type) && newTypes.contains("number")))
                .toList();
        if (!refused.isEmpty()) {
            report(path, "type narrowed from " + oldTypes + " to " + newTypes + ": " + refused + " refused");
        }
    }

    /** {@code enum} and {@code const}: every value the baseline allowed must stay allowed. */
    private void compareValues(String path, JsonNode oldSchema, JsonNode newSchema) {
        Set<JsonNode> newValues = allowedValues(newSchema);
        if (newValues == null) {
            return;
        }
        Set<JsonNode> oldValues = allowedValues(oldSchema);
        if (oldValues == null) {
            report(path, "enum is new: only " + newValues + " are accepted");
            return;
        }
        for (JsonNode value : oldValues) {
            if (!newValues.contains(value)) {
                report(path, "enum value " + value + " was removed");
            }
        }
    }

    private void compareBounds(String path, JsonNode oldSchema, JsonNode newSchema) {
        for (String bound : LOWER_BOUNDS) {
            if (newSchema.has(bound) && (!oldSchema.has(bound)
                    || newSchema.get(bound).decimalValue().compareTo(oldSchema.get(bound).decimalValue()) > 0)) {
                report(path, bound + " tightened from " + describe(oldSchema.get(bound)) + " to " + newSchema.get(bound));
            }
        }
        for (String bound : UPPER_BOUNDS) {
            if (newSchema.has(bound) && (!oldSchema.has(bound)
                    || newSchema.get(bound).decimalValue().compareTo(oldSchema.get(bound).decimalValue()) < 0)) {
                report(path, bound + " tightened from " + describe(oldSchema.get(bound)) + " to " + newSchema.get(bound));
            }
        }
    }

    /** A keyword whose language cannot be compared: any new or different value may refuse what was accepted. */
    private void compareExact(String path, JsonNode oldSchema, JsonNode newSchema, String keyword) {
        if (newSchema.has(keyword) && !newSchema.get(keyword).equals(oldSchema.get(keyword))) {
            report(path, keyword + " changed from " + describe(oldSchema.get(keyword)) + " to " + newSchema.get(keyword));
        }
    }

    private void compareProperties(String path, String oldAt, JsonNode oldSchema, String newAt, JsonNode newSchema) {
        JsonNode oldProperties = oldSchema.path("properties");
        JsonNode newProperties = newSchema.path("properties");
        JsonNode newAdditional = newSchema.get("additionalProperties");
        for (Iterator<String> names = oldProperties.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            String at = child(path, name);
            if (newProperties.has(name)) {
                compare(at, oldAt + "/properties/" + name, oldProperties.get(name),
                        newAt + "/properties/" + name, newProperties.get(name));
            } else {
                report(at, "property was removed or renamed");
            }
        }
        Set<String> oldRequired = strings(oldSchema.path("required"));
        for (String name : strings(newSchema.path("required"))) {
            if (!oldRequired.contains(name)) {
                report(child(path, name), "is newly required");
            }
        }
        JsonNode oldAdditional = oldSchema.get("additionalProperties");
        if (newAdditional == null) {
            return;
        }
        if (isFalse(newAdditional) && (oldAdditional == null || !isFalse(oldAdditional))) {
            report(path.isEmpty() ? "(root)" : path, "additionalProperties is newly false: unknown fields are refused");
        } else if (newAdditional.isObject()) {
            compare(child(path, "*"), oldAt + "/additionalProperties",
                    oldAdditional == null ? BooleanNode.TRUE : oldAdditional,
                    newAt + "/additionalProperties", newAdditional);
        }
    }

    /** Branches compare by position: a removed branch refuses what it accepted, a new allOf branch adds a constraint. */
    private void compareBranches(String path, String combinator, String oldAt, JsonNode oldSchema, String newAt,
                                 JsonNode newSchema) {
        JsonNode oldBranches = oldSchema.path(combinator);
        JsonNode newBranches = newSchema.path(combinator);
        if (newBranches.isMissingNode()) {
            return;
        }
        if (oldBranches.isMissingNode()) {
            report(path, combinator + " is new");
            return;
        }
        int shared = Math.min(oldBranches.size(), newBranches.size());
        for (int i = 0; i < shared; i++) {
            compare(path, oldAt + "/" + combinator + "/" + i, oldBranches.get(i),
                    newAt + "/" + combinator + "/" + i, newBranches.get(i));
        }
        int added = 0;
        for (int i = shared; "allOf".equals(combinator) && i < newBranches.size(); i++) {
            if (!constrainsOnlyANewValue(newBranches.get(i), oldSchema)) added++;
        }
        if (added > 0) {
            report(path, "allOf has " + added + " new constraint(s)");
        } else if (!"allOf".equals(combinator) && newBranches.size() < oldBranches.size()) {
            report(path, combinator + " lost " + (oldBranches.size() - newBranches.size()) + " alternative(s)");
        }
    }

    /**
     * A new {@code allOf} branch {@code {"if": {"required": [p], "properties": {p: {"const": v}}}, "then": …}}
     * whose {@code v} the old schema's {@code enum} of {@code p} did not hold constrains only documents the
     * old schema refused (a new kind of step and its fields), so it refuses nothing it accepted.
     */
    private static boolean constrainsOnlyANewValue(JsonNode branch, JsonNode oldSchema) {
        JsonNode condition = branch.path("if");
        JsonNode properties = condition.path("properties");
        if (properties.size() != 1 || branch.has("else")) {
            return false;
        }
        String name = properties.fieldNames().next();
        JsonNode value = properties.get(name).get("const");
        boolean required = false;
        for (JsonNode r : condition.path("required")) required |= r.asText().equals(name);
        JsonNode oldValues = oldSchema.path("properties").path(name).path("enum");
        if (value == null || !required || !oldValues.isArray()) {
            return false;
        }
        for (JsonNode old : oldValues) {
            if (old.equals(value)) return false;
        }
        return true;
    }

    private void compareUnmodelled(String path, JsonNode oldSchema, JsonNode newSchema) {
        for (Iterator<String> names = newSchema.fieldNames(); names.hasNext(); ) {
            String keyword = names.next();
            if (!MODELLED.contains(keyword) && !ANNOTATIONS.contains(keyword)
                    && !withoutAnnotations(newSchema.get(keyword)).equals(withoutAnnotations(oldSchema.path(keyword)))) {
                report(path, keyword + " changed, and this checker cannot prove the change only widens");
            }
        }
    }

    private static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static String describe(JsonNode value) {
        return value == null ? "none" : value.toString();
    }

    private void report(String path, String reason) {
        found.add(new Incompatibility(path.isEmpty() ? "(root)" : path, reason));
    }
}
