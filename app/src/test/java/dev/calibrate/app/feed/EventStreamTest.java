package dev.calibrate.app.feed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.feed.FeedSteps.FeedTenant;
import dev.calibrate.app.feed.SseClient.Message;
import dev.calibrate.app.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static dev.calibrate.app.feed.FeedSteps.ids;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/v1/events/stream}: the feed as Server-Sent Events. Tests run with a 100 ms poll
 * interval, a 300 ms heartbeat, streams of 5 s and 3 open per tenant (IntegrationTest).
 */
class EventStreamTest extends IntegrationTest {

    private static final int MAX_OPEN = 3;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private FeedSteps steps;

    @BeforeEach
    void steps() {
        steps = new FeedSteps(api);
    }

    @Test
    void streamsTheFeedsEventsAsMessagesAndNewOnesAsTheyCommit() throws Exception {
        FeedTenant acme = steps.tenant("Stream " + UUID.randomUUID());
        steps.createProduct(acme, "ST-1");
        List<JsonNode> feed = steps.all(acme, "0", 100, "");

        try (SseClient stream = SseClient.open(port, acme.reader().token(), "", null)) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.header("Content-Type")).startsWith("text/event-stream");
            List<JsonNode> received = new ArrayList<>();
            for (int i = 0; i < feed.size(); i++) {
                received.add(message(stream.next()));
            }
            assertThat(received).containsExactlyElementsOf(feed);

            String later = steps.createProduct(acme, "ST-2");
            JsonNode created = message(stream.next());
            assertThat(created.get("type").asText()).isEqualTo("dev.calibrate.ProductCreated.v1");
            assertThat(created.get("subject").asText()).isEqualTo(later);
        }
    }

    @Test
    void eachMessageCarriesThePositionAsIdAndTheTypeAsEvent() {
        FeedTenant acme = steps.tenant("Stream ids " + UUID.randomUUID());
        steps.createProduct(acme, "SI-1");

        try (SseClient stream = SseClient.open(port, acme.reader().token(), "?types=dev.calibrate.ProductCreated.v1",
                null)) {
            Message message = stream.next();
            JsonNode event = json(message.data());
            assertThat(message.id()).isEqualTo(event.get("position").asText());
            assertThat(message.event()).isEqualTo(event.get("type").asText()).isEqualTo("dev.calibrate.ProductCreated.v1");
            assertThat(event.get("specversion").asText()).isEqualTo("1.0");
        }
    }

    @Test
    void aSparseFilterSaysHowFarItsScanGotAndScansOnAtOnce() {
        FeedTenant acme = steps.tenant("Stream sparse " + UUID.randomUUID());
        steps.createProducts(acme, "SP-", 150); // 300 events, past the tests' scan window of 200
        String last = steps.createProduct(acme, "SP-LAST");
        List<JsonNode> created = steps.all(acme, "0", 1000, "&types=dev.calibrate.ProductCreated.v1");

        try (SseClient stream = SseClient.open(port, acme.reader().token(), "?types=dev.calibrate.ProductCreated.v1",
                null)) {
            List<JsonNode> received = new ArrayList<>();
            for (int i = 0; i < created.size(); i++) {
                received.add(message(stream.next()));
            }
            assertThat(received).containsExactlyElementsOf(created);
            assertThat(received.get(received.size() - 1).get("subject").asText()).isEqualTo(last);
        }
        // the same stream over a type none of the 302 events has: windows with nothing in them say how far
        // they scanned (an id with no data), so a client reconnecting resumes there instead of from 0
        try (SseClient stream = SseClient.open(port, acme.reader().token(),
                "?types=dev.calibrate.PriceChangeApplied.v1", null)) {
            assertThat(stream.next()).as("no event, then the end of the stream").isNull();
            assertThat(stream.comments()).anySatisfy(c -> assertThat(c).contains("scanned"));
            long head = FeedSteps.position(steps.page(acme, "?limit=1000").get("next").asText());
            assertThat(Long.parseLong(stream.lastEventId())).isGreaterThan(created.get(0).get("position").asLong())
                    .isLessThanOrEqualTo(head);
        }
    }

    @Test
    void aQuietStreamSendsHeartbeatsAndEndsAfterItsMaxDuration() {
        FeedTenant acme = steps.tenant("Stream quiet " + UUID.randomUUID());
        String head = steps.page(acme, "?limit=1000").get("next").asText();

        long start = System.nanoTime();
        try (SseClient stream = SseClient.open(port, acme.reader().token(), "?after=" + head, null)) {
            assertThat(stream.status()).as(() -> stream.status() == 200 ? "" : stream.body()).isEqualTo(200);
            assertThat(stream.next()).as("no event, then the end of the stream").isNull();
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            // its last comment says why it ended (":end max-duration", ":end error", …), if it ended early
            assertThat(seconds).as(() -> "the stream ended after " + stream.comments()).isBetween(4L, 9L);
            List<String> comments = stream.comments();
            assertThat(comments).hasSizeGreaterThan(5).last().isEqualTo("end max-duration");
            assertThat(comments.subList(0, comments.size() - 1)).allMatch(c -> c.equals("heartbeat"));
        }
    }

    @Test
    void resumingWithLastEventIdThroughRandomDisconnectsLosesAndReordersNothing() {
        resumeThroughRandomDisconnects(steps, port, 2);
    }

    /**
     * Follows {@code thousands} thousand products' events (two each) through a stream hung up on at
     * random and resumed with Last-Event-ID each time: every event arrives once, in position order.
     */
    static void resumeThroughRandomDisconnects(FeedSteps steps, int port, int thousands) {
        FeedTenant acme = steps.tenant("Stream resume " + UUID.randomUUID());
        for (int i = 0; i < thousands; i++) {
            steps.createProducts(acme, "RS-" + i, 1000);
        }
        List<JsonNode> expected = steps.all(acme, "0", 1000, "");
        assertThat(expected).hasSizeGreaterThan(thousands * 2000);

        List<String> received = new ArrayList<>();
        Random random = new Random(17);
        String lastEventId = null;
        int connections = 0;
        while (received.size() < expected.size()) {
            try (SseClient stream = SseClient.open(port, acme.reader().token(), "", lastEventId)) {
                if (stream.status() == 429) {
                    // a stream we hung up on is noticed at its next write (at most a heartbeat away)
                    sleep(100);
                    continue;
                }
                assertThat(stream.status()).isEqualTo(200);
                connections++;
                int take = 1 + random.nextInt(600);
                for (int i = 0; i < take && received.size() < expected.size(); i++) {
                    Message message = stream.next();
                    if (message == null) {
                        break;
                    }
                    received.add(readTree(message.data()).get("id").asText());
                    lastEventId = message.id();
                }
            }
        }

        assertThat(connections).isGreaterThan(thousands * 2);
        assertThat(received).containsExactlyElementsOf(ids(expected));
    }

    @Test
    void aTenantMayHoldOnlySoManyStreamsOpen() {
        FeedTenant acme = steps.tenant("Stream cap " + UUID.randomUUID());
        FeedTenant globex = steps.tenant("Stream cap other " + UUID.randomUUID());
        List<SseClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_OPEN; i++) {
                open.add(SseClient.open(port, acme.reader().token(), "", null));
                assertThat(open.get(i).status()).isEqualTo(200);
            }
            try (SseClient oneMore = SseClient.open(port, acme.reader().token(), "", null);
                 SseClient otherTenant = SseClient.open(port, globex.reader().token(), "", null)) {
                assertThat(oneMore.status()).isEqualTo(429);
                assertThat(oneMore.header("Content-Type")).startsWith("application/problem+json");
                assertThat(oneMore.header("Retry-After")).isNotNull();
                assertThat(otherTenant.status()).isEqualTo(200);
            }
        } finally {
            open.forEach(SseClient::close);
        }
    }

    @Test
    void theStreamRefusesWhatTheFeedRefuses() {
        FeedTenant acme = steps.tenant("Stream refusals " + UUID.randomUUID());

        try (SseClient noToken = SseClient.open(port, null, "", null);
             SseClient noScope = SseClient.open(port, acme.writer().token(), "", null);
             SseClient unknownType = SseClient.open(port, acme.reader().token(), "?types=dev.calibrate.Nope.v1", null);
             SseClient badLastEventId = SseClient.open(port, acme.reader().token(), "", "not-a-position");
             SseClient badAfter = SseClient.open(port, acme.reader().token(), "?after=x", null)) {
            assertThat(noToken.status()).isEqualTo(401);
            assertThat(noScope.status()).isEqualTo(403);
            assertThat(unknownType.status()).isEqualTo(400);
            assertThat(unknownType.body()).contains("\"field\":\"types\"").contains("dev.calibrate.ProductCreated.v1");
            assertThat(badLastEventId.status()).isEqualTo(400);
            assertThat(badLastEventId.body()).contains("Last-Event-ID");
            assertThat(badAfter.status()).isEqualTo(400);
        }
    }

    private JsonNode message(Message message) {
        assertThat(message).as("a message before the stream ended").isNotNull();
        return json(message.data());
    }

    private JsonNode json(String data) {
        return readTree(data);
    }

    private static JsonNode readTree(String data) {
        try {
            return JSON.readTree(data);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
