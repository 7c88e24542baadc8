package dev.calibrate.clients;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.SortedMap;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventTypeScriptTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void requiredPropertiesAreMandatoryAndTheOthersOptionalInAClosedInterface() {
        String ts = EventTypeScript.interfaceOf("Thing", schema("""
                {"type": "object", "additionalProperties": false, "required": ["id"],
                 "properties": {"id": {"type": "string", "format": "uuid"}, "count": {"type": "integer", "minimum": 0}}}
                """));

        assertThat(ts).isEqualTo("""
                export interface Thing {
                  id: string;
                  count?: number;
                }
                """);
    }

    @Test
    void theEventIsDocumentedWithItsDescriptionAndSchemaId() {
        String ts = EventTypeScript.interfaceOf("ThingHappened", schema("""
                {"$id": "https://calibrate.dev/schemas/events/ThingHappened/1.2.0", "description": "A thing happened.",
                 "type": "object", "additionalProperties": false, "properties": {"at": {"type": "string"}}}
                """));

        assertThat(ts).startsWith("""
                /**
                 * A thing happened.
                 *
                 * Schema: https://calibrate.dev/schemas/events/ThingHappened/1.2.0
                 */
                export interface ThingHappened {
                """);
    }

    @Test
    void aReferenceIsWrittenOutWhereItIsUsedWithTheDefinitionsDescription() {
        String ts = EventTypeScript.interfaceOf("Priced", schema("""
                {"type": "object", "additionalProperties": false, "required": ["price"],
                 "properties": {"price": {"$ref": "#/$defs/money"}},
                 "$defs": {"money": {"description": "an amount in a currency", "type": "object",
                   "additionalProperties": false, "required": ["amount", "currency"],
                   "properties": {"amount": {"type": "string", "pattern": "^[0-9]+$"}, "currency": {"type": "string"}}}}}
                """));

        assertThat(ts).isEqualTo("""
                export interface Priced {
                  /** an amount in a currency */
                  price: {
                    amount: string;
                    currency: string;
                  };
                }
                """);
    }

    @Test
    void alternativesEnumsAndConstantsAreUnionsOfLiterals() {
        String ts = EventTypeScript.interfaceOf("Chosen", schema("""
                {"type": "object", "additionalProperties": false, "required": ["actor", "kind", "version"],
                 "properties": {
                   "actor": {"oneOf": [{"type": "string"}, {"type": "object", "additionalProperties": false,
                             "required": ["id"], "properties": {"id": {"type": "string"}}}]},
                   "kind": {"enum": ["APPLY", "ROLLBACK"]},
                   "version": {"const": 2},
                   "note": {"type": ["string", "null"]}}}
                """));

        assertThat(ts).contains("""
                  actor: string | {
                    id: string;
                  };
                  kind: "APPLY" | "ROLLBACK";
                  version: 2;
                  note?: string | null;
                """);
    }

    @Test
    void arraysAndMapsKeepTheirElementTypesAndAnOpenObjectAllowsMore() {
        String ts = EventTypeScript.interfaceOf("Collected", schema("""
                {"type": "object", "required": ["tags", "byCurrency", "rule"],
                 "properties": {
                   "tags": {"type": "array", "items": {"type": "string"}},
                   "byCurrency": {"type": "object", "additionalProperties": {"type": "number"}},
                   "rule": {"type": "object", "description": "open JSON"}}}
                """));

        assertThat(ts).isEqualTo("""
                export interface Collected {
                  tags: Array<string>;
                  byCurrency: { [key: string]: number };
                  /** open JSON */
                  rule: { [key: string]: unknown };
                  [key: string]: unknown;
                }
                """);
    }

    @Test
    void aMapOfObjectsIsWrittenAsABlock() {
        String ts = EventTypeScript.interfaceOf("Limits", schema("""
                {"type": "object", "additionalProperties": false, "required": ["floors"],
                 "properties": {"floors": {"type": "object", "additionalProperties": {"type": "object",
                   "additionalProperties": false, "required": ["amount"], "properties": {"amount": {"type": "string"}}}}}}
                """));

        assertThat(ts).isEqualTo("""
                export interface Limits {
                  floors: {
                    [key: string]: {
                      amount: string;
                    };
                  };
                }
                """);
    }

    @Test
    void aPropertyNameThatIsNoIdentifierIsQuotedAndACommentCannotBeClosedEarly() {
        String ts = EventTypeScript.interfaceOf("Odd", schema("""
                {"type": "object", "additionalProperties": false,
                 "properties": {"content-type": {"type": "string", "description": "ends */ here"}}}
                """));

        assertThat(ts).contains("  /** ends *\\/ here */\n  \"content-type\"?: string;\n");
    }

    @Test
    void aKeywordThatWouldChangeTheShapeFailsTheGenerationNamingIt() {
        JsonNode schema = schema("""
                {"type": "object", "properties": {"both": {"allOf": [{"type": "string"}, {"minLength": 1}]}}}
                """);

        assertThatThrownBy(() -> EventTypeScript.interfaceOf("Mixed", schema))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Mixed").hasMessageContaining("allOf");
    }

    @Test
    void aReferenceOutsideTheSchemasOwnDefinitionsFailsTheGeneration() {
        JsonNode schema = schema("""
                {"type": "object", "properties": {"rule": {"$ref": "https://calibrate.dev/schemas/requests/PricingRule/1.0.0"}}}
                """);

        assertThatThrownBy(() -> EventTypeScript.interfaceOf("Ruled", schema))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Ruled").hasMessageContaining("PricingRule/1.0.0");
    }

    @Test
    void anEventSchemaThatIsNoObjectFailsTheGeneration() {
        assertThatThrownBy(() -> EventTypeScript.interfaceOf("Scalar", schema("{\"type\": \"string\"}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Scalar");
    }

    @Test
    void theEventsAreKeyedByTypeNameAndUnitedAsTypeAndPayload() {
        SortedMap<String, JsonNode> events = new TreeMap<>();
        events.put("B", schema("{\"type\": \"object\", \"additionalProperties\": false, \"properties\": {\"x\": {\"type\": \"string\"}}}"));
        events.put("A", schema("{\"type\": \"object\", \"additionalProperties\": false, \"properties\": {\"y\": {\"type\": \"string\"}}}"));

        String ts = EventTypeScript.write(events);

        assertThat(ts).containsSubsequence("export interface A {", "export interface B {", """
                export interface CalibrateEventPayloads {
                  A: A;
                  B: B;
                }
                """, "export type CalibrateEventType = keyof CalibrateEventPayloads;", """
                export type CalibrateEvent = {
                  [T in CalibrateEventType]: { type: T; payload: CalibrateEventPayloads[T] };
                }[CalibrateEventType];
                """);
    }

    @Test
    void everyEventInTheCatalogHasItsInterface() {
        SortedMap<String, JsonNode> events = TypeScriptClient.eventSchemas();

        String ts = EventTypeScript.write(events);

        assertThat(events).containsKeys("PriceChangeApproved", "ProductCreated", "TenantPolicyChanged");
        events.keySet().forEach(name -> assertThat(ts)
                .contains("export interface " + name + " {")
                .contains("  " + name + ": " + name + ";"));
        assertThat(ts).contains("""
                  approver: string | {
                    id: string;
                    subject: string;
                  };
                """);
    }

    private static JsonNode schema(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
