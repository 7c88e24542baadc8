package dev.calibrate.schemas.evolution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.schemas.evolution.SchemaCompatibility.Incompatibility;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each way a schema can break what it accepted, and the widenings that break nothing. */
class SchemaCompatibilityTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Nested
    class Breaks {

        @Test
        void aRemovedProperty() {
            assertThat(breaking("""
                    {"type": "object", "properties": {"sku": {"type": "string"}, "title": {"type": "string"}}}""", """
                    {"type": "object", "properties": {"sku": {"type": "string"}}}"""))
                    .containsExactly(new Incompatibility("title", "property was removed or renamed"));
        }

        @Test
        void aRenamedPropertyAsRemovedAndNewlyRequired() {
            assertThat(breaking("""
                    {"type": "object", "required": ["expiry"], "properties": {"expiry": {"type": "boolean"}}}""", """
                    {"type": "object", "required": ["trigger"], "properties": {"trigger": {"enum": ["MANUAL", "EXPIRY"]}}}"""))
                    .containsExactly(new Incompatibility("expiry", "property was removed or renamed"),
                            new Incompatibility("trigger", "is newly required"));
        }

        @Test
        void aNewRequiredProperty() {
            assertThat(breaking("""
                    {"type": "object", "required": ["sku"], "properties": {"sku": {}, "title": {}}}""", """
                    {"type": "object", "required": ["sku", "title"], "properties": {"sku": {}, "title": {}}}"""))
                    .containsExactly(new Incompatibility("title", "is newly required"));
        }

        @Test
        void fewerTypes() {
            assertThat(paths(breaking("""
                    {"properties": {"note": {"type": ["string", "null"]}}}""", """
                    {"properties": {"note": {"type": "string"}}}"""))).containsExactly("note");
        }

        @Test
        void aTypeWhereAnyValueWasAllowed() {
            assertThat(paths(breaking("""
                    {"properties": {"value": true}}""", """
                    {"properties": {"value": {"type": "string"}}}"""))).containsExactly("value");
        }

        @Test
        void numberNarrowedToInteger() {
            assertThat(paths(breaking("""
                    {"properties": {"percent": {"type": "number"}}}""", """
                    {"properties": {"percent": {"type": "integer"}}}"""))).containsExactly("percent");
        }

        @Test
        void aRemovedEnumValue() {
            assertThat(breaking("""
                    {"properties": {"state": {"enum": ["DRAFT", "APPLIED"]}}}""", """
                    {"properties": {"state": {"enum": ["DRAFT"]}}}"""))
                    .containsExactly(new Incompatibility("state", "enum value \"APPLIED\" was removed"));
        }

        @Test
        void aNewEnumOnAFreeValue() {
            assertThat(paths(breaking("""
                    {"properties": {"channel": {"type": "string"}}}""", """
                    {"properties": {"channel": {"type": "string", "enum": ["shopify"]}}}"""))).containsExactly("channel");
        }

        @Test
        void aConstReplacingAnEnum() {
            assertThat(paths(breaking("""
                    {"properties": {"everything": {"enum": [true, false]}}}""", """
                    {"properties": {"everything": {"const": true}}}"""))).containsExactly("everything");
        }

        @Test
        void aHigherMinimumAndALowerMaximum() {
            assertThat(breaking("""
                    {"properties": {"percent": {"type": "number", "minimum": -99.99, "maximum": 1000}}}""", """
                    {"properties": {"percent": {"type": "number", "minimum": 0, "maximum": 100}}}"""))
                    .extracting(Incompatibility::reason)
                    .containsExactly("minimum tightened from -99.99 to 0", "maximum tightened from 1000 to 100");
        }

        @Test
        void aNewBound() {
            assertThat(breaking("""
                    {"properties": {"name": {"type": "string"}}}""", """
                    {"properties": {"name": {"type": "string", "maxLength": 200}}}"""))
                    .containsExactly(new Incompatibility("name", "maxLength tightened from none to 200"));
        }

        @Test
        void tighterLengthsAndItemCounts() {
            assertThat(breaking("""
                    {"properties": {"name": {"type": "string", "minLength": 1, "maxLength": 255},
                                    "tags": {"type": "array", "minItems": 0, "maxItems": 50}}}""", """
                    {"properties": {"name": {"type": "string", "minLength": 2, "maxLength": 100},
                                    "tags": {"type": "array", "minItems": 1, "maxItems": 20}}}"""))
                    .extracting(Incompatibility::toString)
                    .containsExactly("name: minLength tightened from 1 to 2", "name: maxLength tightened from 255 to 100",
                            "tags: minItems tightened from 0 to 1", "tags: maxItems tightened from 50 to 20");
        }

        @Test
        void aChangedOrNewPattern() {
            assertThat(paths(breaking("""
                    {"properties": {"currency": {"type": "string", "pattern": "^[A-Z]{3}$"}, "sku": {"type": "string"}}}""", """
                    {"properties": {"currency": {"type": "string", "pattern": "^[A-Z]{3,4}$"},
                                    "sku": {"type": "string", "pattern": "^[A-Z]+$"}}}""")))
                    .containsExactly("currency", "sku");
        }

        @Test
        void aNewFormat() {
            assertThat(breaking("""
                    {"properties": {"at": {"type": "string"}}}""", """
                    {"properties": {"at": {"type": "string", "format": "date-time"}}}"""))
                    .containsExactly(new Incompatibility("at", "format changed from none to \"date-time\""));
        }

        @Test
        void additionalPropertiesNewlyFalse() {
            assertThat(breaking("""
                    {"type": "object", "properties": {"sku": {}}}""", """
                    {"type": "object", "additionalProperties": false, "properties": {"sku": {}}}"""))
                    .containsExactly(new Incompatibility("(root)",
                            "additionalProperties is newly false: unknown fields are refused"));
        }

        @Test
        void aNarrowedAdditionalPropertiesSchema() {
            assertThat(paths(breaking("""
                    {"type": "object", "additionalProperties": {"type": ["string", "number"]}}""", """
                    {"type": "object", "additionalProperties": {"type": "string"}}"""))).containsExactly("*");
        }

        @Test
        void aChangeDeepInsideItems() {
            assertThat(paths(breaking("""
                    {"properties": {"prices": {"type": "array", "items": {"type": "object",
                        "properties": {"amount": {"type": "string"}}}}}}""", """
                    {"properties": {"prices": {"type": "array", "items": {"type": "object", "required": ["amount"],
                        "properties": {"amount": {"type": "string"}}}}}}"""))).containsExactly("prices[].amount");
        }

        @Test
        void aChangeInsideADefinitionReachedThroughRef() {
            assertThat(breaking("""
                    {"properties": {"price": {"$ref": "#/$defs/money"}},
                     "$defs": {"money": {"type": "object", "properties": {"amount": {}, "currency": {}}}}}""", """
                    {"properties": {"price": {"$ref": "#/$defs/money"}},
                     "$defs": {"money": {"type": "object", "properties": {"amount": {}}}}}"""))
                    .containsExactly(new Incompatibility("price.currency", "property was removed or renamed"));
        }

        @Test
        void aPropertyMovedBehindARefToANarrowerDefinition() {
            assertThat(paths(breaking("""
                    {"properties": {"id": {"type": "string"}}}""", """
                    {"properties": {"id": {"$ref": "#/$defs/uuid"}},
                     "$defs": {"uuid": {"type": "string", "format": "uuid"}}}"""))).containsExactly("id");
        }

        @Test
        void aRecursiveDefinitionIsWalkedOnce() {
            assertThat(breaking("""
                    {"$ref": "#/$defs/selector", "$defs": {"selector": {"type": "object",
                        "properties": {"not": {"$ref": "#/$defs/selector"}, "field": {"enum": ["sku", "title"]}}}}}""", """
                    {"$ref": "#/$defs/selector", "$defs": {"selector": {"type": "object",
                        "properties": {"not": {"$ref": "#/$defs/selector"}, "field": {"enum": ["sku"]}}}}}"""))
                    .containsExactly(new Incompatibility("field", "enum value \"title\" was removed"));
        }

        @Test
        void aLostAlternative() {
            assertThat(breaking("""
                    {"properties": {"by": {"oneOf": [{"type": "string"}, {"type": "object"}]}}}""", """
                    {"properties": {"by": {"oneOf": [{"type": "string"}]}}}"""))
                    .containsExactly(new Incompatibility("by", "oneOf lost 1 alternative(s)"));
        }

        @Test
        void aNarrowedAlternative() {
            assertThat(paths(breaking("""
                    {"properties": {"by": {"oneOf": [{"type": "string", "minLength": 1}, {"type": "object"}]}}}""", """
                    {"properties": {"by": {"oneOf": [{"type": "string", "minLength": 3}, {"type": "object"}]}}}""")))
                    .containsExactly("by");
        }

        @Test
        void aNewAllOfConstraint() {
            assertThat(breaking("""
                    {"type": "object", "allOf": [{"required": ["a"]}]}""", """
                    {"type": "object", "allOf": [{"required": ["a"]}, {"required": ["b"]}]}"""))
                    .containsExactly(new Incompatibility("(root)", "allOf has 1 new constraint(s)"));
        }

        @Test
        void aChangedConditionalItCannotProveWider() {
            assertThat(breaking("""
                    {"allOf": [{"if": {"required": ["op"]}, "then": {"required": ["value"]}}]}""", """
                    {"allOf": [{"if": {"required": ["op"]}, "then": {"required": ["value", "unit"]}}]}"""))
                    .extracting(Incompatibility::reason)
                    .containsExactly("then changed, and this checker cannot prove the change only widens");
        }

        @Test
        void uniqueItemsNewlyAsked() {
            assertThat(paths(breaking("""
                    {"properties": {"scopes": {"type": "array"}}}""", """
                    {"properties": {"scopes": {"type": "array", "uniqueItems": true}}}"""))).containsExactly("scopes");
        }

        @Test
        void aSchemaThatAcceptsNothing() {
            assertThat(breaking("""
                    {"properties": {"legacy": {"type": "string"}}}""", """
                    {"properties": {"legacy": false}}"""))
                    .containsExactly(new Incompatibility("legacy", "accepts nothing any more"));
        }
    }

    @Nested
    class Widens {

        @Test
        void aNewEnumValueWithItsOwnConditionalAtTheEnd() {
            assertThat(breaking("""
                    {"properties": {"op": {"enum": ["set"]}},
                     "allOf": [{"if": {"required": ["op"], "properties": {"op": {"const": "set"}}}, "then": {"required": ["amount"]}}]}""", """
                    {"properties": {"op": {"enum": ["set", "table"]}},
                     "allOf": [{"if": {"required": ["op"], "properties": {"op": {"const": "set"}}}, "then": {"required": ["amount"]}},
                               {"if": {"required": ["op"], "properties": {"op": {"const": "table"}}}, "then": {"required": ["prices"]}}]}""")).isEmpty();
            // a conditional on a value the old schema took constrains what it accepted
            assertThat(breaking("""
                    {"properties": {"op": {"enum": ["set"]}}, "allOf": []}""", """
                    {"properties": {"op": {"enum": ["set"]}},
                     "allOf": [{"if": {"required": ["op"], "properties": {"op": {"const": "set"}}}, "then": {"required": ["amount"]}}]}"""))
                    .containsExactly(new Incompatibility("(root)", "allOf has 1 new constraint(s)"));
        }

        @Test
        void aNewOptionalProperty() {
            assertThat(breaking("""
                    {"type": "object", "properties": {"sku": {}}}""", """
                    {"type": "object", "properties": {"sku": {}, "vendor": {"type": "string"}}}""")).isEmpty();
        }

        @Test
        void aPropertyNoLongerRequired() {
            assertThat(breaking("""
                    {"type": "object", "required": ["sku", "title"], "properties": {"sku": {}, "title": {}}}""", """
                    {"type": "object", "required": ["sku"], "properties": {"sku": {}, "title": {}}}""")).isEmpty();
        }

        @Test
        void moreTypesAndIntegerWidenedToNumber() {
            assertThat(breaking("""
                    {"properties": {"note": {"type": "string"}, "count": {"type": "integer"}}}""", """
                    {"properties": {"note": {"type": ["string", "null"]}, "count": {"type": "number"}}}""")).isEmpty();
        }

        @Test
        void moreEnumValuesAndAConstBecomingAnEnum() {
            assertThat(breaking("""
                    {"properties": {"state": {"enum": ["DRAFT"]}, "channel": {"const": "shopify"}}}""", """
                    {"properties": {"state": {"enum": ["DRAFT", "APPLIED"]}, "channel": {"enum": ["shopify", "amazon"]}}}"""))
                    .isEmpty();
        }

        @Test
        void looserOrDroppedBounds() {
            assertThat(breaking("""
                    {"properties": {"name": {"type": "string", "minLength": 2, "maxLength": 100, "pattern": "^[a-z]+$",
                                             "format": "hostname"},
                                    "percent": {"type": "number", "minimum": 0, "maximum": 100},
                                    "tags": {"type": "array", "minItems": 1, "maxItems": 10, "uniqueItems": true}}}""", """
                    {"properties": {"name": {"type": "string", "minLength": 1},
                                    "percent": {"type": "number", "minimum": -99.99, "maximum": 1000},
                                    "tags": {"type": "array", "maxItems": 50}}}""")).isEmpty();
        }

        @Test
        void additionalPropertiesNoLongerFalse() {
            assertThat(breaking("""
                    {"type": "object", "additionalProperties": false, "properties": {"sku": {}}}""", """
                    {"type": "object", "properties": {"sku": {}}}""")).isEmpty();
        }

        @Test
        void aNewAlternativeAndADroppedAllOfConstraint() {
            assertThat(breaking("""
                    {"properties": {"by": {"oneOf": [{"type": "string"}]}}, "allOf": [{"required": ["a"]}, {"required": ["b"]}]}""", """
                    {"properties": {"by": {"oneOf": [{"type": "string"}, {"type": "object"}]}}, "allOf": [{"required": ["a"]}]}"""))
                    .isEmpty();
        }

        @Test
        void aDefinitionInlinedOrRenamed() {
            assertThat(breaking("""
                    {"properties": {"id": {"$ref": "#/$defs/uuid"}}, "$defs": {"uuid": {"type": "string", "format": "uuid"}}}""", """
                    {"properties": {"id": {"$ref": "#/$defs/identifier"}}, "$defs": {"identifier": {"type": "string", "format": "uuid"}}}"""))
                    .isEmpty();
        }

        @Test
        void newAndChangedDescriptions() {
            String baseline = """
                    {"description": "a product", "properties": {"title": {"type": "string"}}}""";
            String current = """
                    {"description": "a sellable SKU", "properties": {"title": {"type": "string", "description": "shown to buyers"}}}""";

            assertThat(breaking(baseline, current)).isEmpty();
            assertThat(SchemaCompatibility.changesValidation(json(baseline), json(current))).isFalse();
        }

        @Test
        void aPropertyCalledDescriptionIsNotAnAnnotation() {
            assertThat(SchemaCompatibility.changesValidation(json("""
                    {"properties": {"description": {"type": "string"}}}"""), json("""
                    {"properties": {"description": {"type": "string", "maxLength": 10}}}"""))).isTrue();
        }

        @Test
        void nothingAtAll() {
            String schema = """
                    {"type": "object", "additionalProperties": false, "required": ["id"],
                     "properties": {"id": {"$ref": "#/$defs/uuid"}}, "$defs": {"uuid": {"type": "string", "format": "uuid"}}}""";
            assertThat(breaking(schema, schema)).isEmpty();
        }
    }

    private static List<Incompatibility> breaking(String baseline, String current) {
        return SchemaCompatibility.breakingChanges(json(baseline), json(current));
    }

    private static List<String> paths(List<Incompatibility> incompatibilities) {
        return incompatibilities.stream().map(Incompatibility::path).toList();
    }

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
