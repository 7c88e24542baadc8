package dev.calibrate.schemas.evolution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which version a change needs, and when an event's new major version also needs upcasters. */
class SchemaEvolutionRulesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final SchemaEvolution.Upcasts NONE = (name, from, to) -> false;
    private static final SchemaEvolution.Upcasts ONE_TO_TWO = (name, from, to) ->
            "Rolled".equals(name) && from == null && "2".equals(to);

    private static final String FLAG = """
            "type": "object", "required": ["expiry"], "properties": {"expiry": {"type": "boolean"}}""";
    private static final String TRIGGER = """
            "type": "object", "required": ["trigger"], "properties": {"trigger": {"enum": ["MANUAL", "EXPIRY"]}}""";
    private static final String FLAG_AND_NOTE = """
            "type": "object", "required": ["expiry"], "properties": {"expiry": {"type": "boolean"}, "note": {"type": "string"}}""";

    @Test
    void anUnchangedSchemaPasses() {
        assertThat(problems("events", schema("1.0.0", FLAG), schema("1.0.0", FLAG), NONE)).isEmpty();
    }

    @Test
    void aVersionMayNotGoDown() {
        assertThat(problems("events", schema("1.2.0", FLAG), schema("1.1.0", FLAG), NONE))
                .containsExactly("events/Rolled 1.2.0 -> 1.1.0: the version went down");
    }

    @Test
    void aChangeNeedsANewVersion() {
        assertThat(problems("requests", schema("1.0.0", FLAG), schema("1.0.0", FLAG_AND_NOTE), NONE))
                .containsExactly("requests/Rolled 1.0.0 -> 1.0.0: the schema changed but its version did not; bump it");
    }

    @Test
    void aNewDescriptionNeedsAVersionToo() {
        assertThat(problems("requests", schema("1.0.0", FLAG), schema("1.0.0", FLAG + ", \"description\": \"x\""),
                NONE)).hasSize(1);
    }

    @Test
    void aNewDescriptionIsAPatch() {
        assertThat(problems("requests", schema("1.0.0", FLAG), schema("1.0.1", FLAG + ", \"description\": \"x\""),
                NONE)).isEmpty();
    }

    @Test
    void aWideningIsNotAPatch() {
        assertThat(problems("requests", schema("1.0.0", FLAG), schema("1.0.1", FLAG_AND_NOTE), NONE))
                .containsExactly("requests/Rolled 1.0.0 -> 1.0.1: a change to what validates needs at least a new minor"
                        + " version, not a patch");
    }

    @Test
    void aWideningIsAMinorVersion() {
        assertThat(problems("events", schema("1.0.0", FLAG), schema("1.1.0", FLAG_AND_NOTE), NONE)).isEmpty();
    }

    @Test
    void aBreakingChangeInAMinorVersionNamesThePathAndWhy() {
        assertThat(problems("requests", schema("1.0.0", FLAG), schema("1.1.0", TRIGGER), NONE)).containsExactly(
                "requests/Rolled 1.0.0 -> 1.1.0: expiry: property was removed or renamed (breaks backward compatibility:"
                        + " needs a new major version)",
                "requests/Rolled 1.0.0 -> 1.1.0: trigger: is newly required (breaks backward compatibility:"
                        + " needs a new major version)");
    }

    @Test
    void aBreakingChangeOfAnEventAsksForTheUpcasterToo() {
        assertThat(problems("events", schema("1.0.0", FLAG), schema("1.1.0", TRIGGER), ONE_TO_TWO))
                .allSatisfy(problem -> assertThat(problem).endsWith("needs a new major version and an upcaster)"))
                .hasSize(2);
    }

    @Test
    void aBreakingChangeOfARequestIsAMajorVersion() {
        assertThat(problems("requests", schema("1.0.0", FLAG), schema("2.0.0", TRIGGER), NONE)).isEmpty();
    }

    @Test
    void aNewMajorVersionOfAnEventWithoutUpcasterFails() {
        assertThat(problems("events", schema("1.1.0", FLAG), schema("2.0.0", TRIGGER), NONE)).containsExactly(
                "events/Rolled 1.1.0 -> 2.0.0: a new major version of an event needs upcasters from revision null to 2"
                        + " (see EventUpcasters)");
    }

    @Test
    void aNewMajorVersionOfAnEventWithItsUpcasterPasses() {
        assertThat(problems("events", schema("1.1.0", FLAG), schema("2.0.0", TRIGGER), ONE_TO_TWO)).isEmpty();
    }

    @Test
    void aNewMajorVersionOfAnEventNeedsUpcastersFromTheBaselinesRevision() {
        assertThat(problems("events", schema("2.3.0", FLAG), schema("3.0.0", TRIGGER), ONE_TO_TWO))
                .singleElement().asString().contains("from revision 2 to 3");
    }

    @Test
    void revisionsFollowTheMajorVersion() {
        assertThat(SchemaEvolution.revisionOf(1)).isNull();
        assertThat(SchemaEvolution.revisionOf(2)).isEqualTo("2");
        assertThat(SchemaEvolution.revisionOf(7)).isEqualTo("7");
    }

    private static List<String> problems(String kind, JsonNode baseline, JsonNode current,
                                         SchemaEvolution.Upcasts upcasts) {
        return SchemaEvolution.problems(kind, "Rolled", baseline, current, upcasts);
    }

    private static JsonNode schema(String version, String body) {
        try {
            return MAPPER.readTree("{\"$id\": \"https://calibrate.dev/schemas/events/Rolled/" + version + "\", "
                    + body + "}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
