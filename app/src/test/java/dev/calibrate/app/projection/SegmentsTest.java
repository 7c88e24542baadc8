package dev.calibrate.app.projection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static dev.calibrate.app.support.ProductBodies.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Who holds which segment, and a segment given up for another node: alone, the node takes it back once
 * the release is over, and the events of that segment wait meanwhile (docs/operations.md, "Several nodes").
 */
class SegmentsTest extends IntegrationTest {

    private static final String LIST = "/admin/v1/projections";

    @Test
    void aReleasedSegmentIsLeftUnclaimedForItsSecondsThenTakenBackAndItsEventsProjected() {
        JsonNode catalog = processor("catalog");
        assertThat(catalog.get("running").asBoolean()).isTrue();
        assertThat(segmentNumbers(catalog)).containsExactly(0, 1);
        String node = segment(catalog, 0).get("owner").asText();
        for (int segment : List.of(0, 1)) {
            assertThat(segment(catalog, segment).get("here").asBoolean()).isTrue();
            assertThat(segment(catalog, segment).get("owner").asText()).isEqualTo(node);
        }

        Api.Response released = api.post(release("catalog", 1) + "?seconds=4", api.adminToken(), null);

        assertThat(released.status()).as(released.body()).isEqualTo(202);
        assertThat(released.json().get("seconds").asInt()).isEqualTo(4);
        await("segment 1 given up").atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(100))
                .until(() -> !segment(processor("catalog"), 1).get("here").asBoolean());
        JsonNode meanwhile = segment(processor("catalog"), 1);
        assertThat(meanwhile.hasNonNull("owner")).as(meanwhile.toString()).isFalse();
        assertThat(meanwhile.hasNonNull("caughtUp")).isFalse();
        assertProblem(api.post(release("catalog", 1), api.adminToken(), null), 409, "conflict");
        assertThat(segment(processor("catalog"), 0).get("here").asBoolean()).as("the other segment stays").isTrue();

        await("segment 1 taken back").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> segment(processor("catalog"), 1).get("here").asBoolean());
        // and the catalog projects both segments' products again
        Api.TenantToken tenant = api.newTenant("segments");
        List<Long> positions = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            positions.add(api.post("/api/v1/products", tenant.token(), product("SEG-" + i, "5.00")).position());
        }
        Api.Response listed = api.get("/api/v1/products?size=20", tenant.token(), "X-Calibrate-Wait-For",
                Long.toString(positions.stream().mapToLong(Long::longValue).max().orElseThrow()));
        assertThat(listed.json().get("items")).hasSize(8);
    }

    @Test
    void onlyThePlatformAdminSeesOrReleasesSegmentsAndBadReleasesAreRefused() {
        Api.TenantToken tenant = api.newTenant("segments-refused");
        assertProblem(api.get(LIST, tenant.token()), 403, "forbidden");
        assertProblem(api.get(LIST, null), 401, "unauthorized");
        assertProblem(api.post(release("catalog", 0), tenant.token(), null), 403, "forbidden");

        assertProblem(api.post(release("no-such-processor", 0), api.adminToken(), null), 404, "not-found");
        assertProblem(api.post(release("catalog", 7), api.adminToken(), null), 404, "not-found");
        for (String seconds : List.of("0", "3601", "-1")) {
            assertProblem(api.post(release("catalog", 0) + "?seconds=" + seconds, api.adminToken(), null), 400,
                    "invalid-input");
        }
        assertThat(api.post(release("catalog", 0) + "?seconds=abc", api.adminToken(), null).status()).isEqualTo(400);
        // nothing was released by the refusals
        assertThat(segment(processor("catalog"), 0).get("here").asBoolean()).isTrue();
    }

    private JsonNode processor(String name) {
        Api.Response listed = api.get(LIST, api.adminToken());
        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        for (JsonNode processor : listed.json().get("items")) {
            if (processor.get("name").asText().equals(name)) {
                return processor;
            }
        }
        throw new AssertionError("no processor " + name + " in " + listed.body());
    }

    private static JsonNode segment(JsonNode processor, int number) {
        for (JsonNode segment : processor.get("segments")) {
            if (segment.get("segment").asInt() == number) {
                return segment;
            }
        }
        throw new AssertionError("no segment " + number + " in " + processor);
    }

    private static List<Integer> segmentNumbers(JsonNode processor) {
        List<Integer> numbers = new ArrayList<>();
        processor.get("segments").forEach(segment -> numbers.add(segment.get("segment").asInt()));
        return numbers;
    }

    private static String release(String processor, int segment) {
        return "/admin/v1/projections/" + processor + "/segments/" + segment + "/release";
    }
}
