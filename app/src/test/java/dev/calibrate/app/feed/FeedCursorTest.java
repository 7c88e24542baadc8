package dev.calibrate.app.feed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.feed.FeedSteps.FeedTenant;
import dev.calibrate.app.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static dev.calibrate.app.support.ProblemAssertions.assertInvalidField;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A page's {@code next} carries the filter it was read with: resumed with another filter (or by another
 * tenant) it would skip what the first filter left out, so it is refused. An event's position resumes
 * with any filter.
 */
class FeedCursorTest extends IntegrationTest {

    private static final String CREATED = "dev.calibrate.ProductCreated.v1";
    private static final String OBSERVED = "dev.calibrate.ProductPriceObserved.v1";

    @Test
    void aNextResumesOnlyTheFilterItWasMadeFor() {
        FeedSteps steps = new FeedSteps(api);
        FeedTenant acme = steps.tenant("Cursor " + UUID.randomUUID());
        FeedTenant globex = steps.tenant("Cursor other " + UUID.randomUUID());
        steps.createProduct(acme, "CU-1");

        JsonNode created = steps.page(acme, "?types=" + CREATED);
        String next = created.get("next").asText();
        assertThat(created.get("items")).hasSize(1);

        // the same filter reads on
        assertThat(steps.page(acme, "?after=" + next + "&types=" + CREATED).get("items")).isEmpty();
        // another filter, no filter, a subject, another tenant: refused, naming after
        assertInvalidField(api.get("/api/v1/events?after=" + next + "&types=" + OBSERVED, acme.reader().token()),
                "after");
        JsonNode problem = assertInvalidField(api.get("/api/v1/events?after=" + next, acme.reader().token()), "after");
        assertThat(problem.get("detail").asText()).contains("another filter");
        assertInvalidField(api.get("/api/v1/events?after=" + next + "&types=" + CREATED + "&subject=x",
                acme.reader().token()), "after");
        assertInvalidField(api.get("/api/v1/events?after=" + next + "&types=" + CREATED, globex.reader().token()),
                "after");
        // a tampered cursor (another position, same tag) is refused too
        String tampered = (FeedSteps.position(next) + 1) + next.substring(next.indexOf('.'));
        assertInvalidField(api.get("/api/v1/events?after=" + tampered + "&types=" + CREATED, acme.reader().token()),
                "after");
        // the stream checks its after= the same way
        try (SseClient stream = SseClient.open(port, acme.reader().token(), "?after=" + next, null)) {
            assertThat(stream.status()).isEqualTo(400);
        }
        // an event's position resumes with any filter: every event after it
        long position = created.get("items").get(0).get("position").asLong();
        List<JsonNode> after = steps.all(acme, Long.toString(position), 100, "");
        assertThat(after).extracting(e -> e.get("type").asText()).contains(OBSERVED);
    }
}
