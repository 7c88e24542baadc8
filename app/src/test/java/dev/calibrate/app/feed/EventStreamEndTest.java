package dev.calibrate.app.feed;

import dev.calibrate.kernel.tenant.Actor;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.query.feed.EventFeed;
import dev.calibrate.query.feed.FeedPages;
import dev.calibrate.query.feed.FeedQuery;
import dev.calibrate.query.feed.stream.EventStreams;
import dev.calibrate.query.feed.stream.StreamCredentials;
import dev.calibrate.query.feed.stream.StreamLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;

/**
 * When the server ends a stream, the stream's last line says why ({@code :end …}), so a consumer (and a
 * failing test) can tell a stream that ran its course from one its token lost or one the server could not
 * read. On the streams alone, over feeds of the test's making, served through Spring MVC's own handling of
 * an emitter; the reasons over real HTTP are in EventStreamTest and EventStreamCredentialTest.
 */
class EventStreamEndTest {

    private static final Duration LONG = Duration.ofMinutes(5);
    private static final FeedPages QUIET = (tenant, query) -> new EventFeed.Page(List.of(), query.after());

    private final Caller caller = new Caller(new TenantId(UUID.randomUUID()), new Actor(UUID.randomUUID().toString()),
            Set.of(Scope.EVENTS_READ));
    private EventStreams streams;

    @AfterEach
    void close() {
        streams.destroy();
    }

    @Test
    void aStreamThatRanItsCourseSaysSoLast() throws Exception {
        streams = new EventStreams(QUIET, limits(Duration.ofMillis(300), LONG), (c, scope) -> true);

        String body = served();

        assertThat(body).startsWith(":heartbeat").endsWith(":end max-duration\n\n");
        assertThat(streams.openStreams()).isZero();
    }

    @Test
    void aStreamWhoseTokenNoLongerAllowsItSaysSoLast() throws Exception {
        AtomicInteger checks = new AtomicInteger();
        StreamCredentials revokedAtTheSecondCheck = (c, scope) -> checks.incrementAndGet() < 2;
        streams = new EventStreams(QUIET, limits(LONG, Duration.ofMillis(50)), revokedAtTheSecondCheck);

        String body = served();

        assertThat(body).endsWith(":end unauthorized\n\n").doesNotContain("max-duration");
        assertThat(checks).hasValue(2);
        assertThat(streams.openStreams()).isZero();
    }

    @Test
    void aStreamTheServerCouldNotReadSaysSoLastAndFreesItsPlace() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        FeedPages failsAtTheThirdRead = (tenant, query) -> {
            if (reads.incrementAndGet() == 3) {
                throw new IllegalStateException("the database went away");
            }
            return new EventFeed.Page(List.of(), query.after());
        };
        streams = new EventStreams(failsAtTheThirdRead, limits(LONG, LONG), (c, scope) -> true);

        String body = served();

        assertThat(body).endsWith(":end error\n\n").doesNotContain("database");
        assertThat(reads).hasValue(3);
        assertThat(streams.openStreams()).isZero();
    }

    /** Limits with a 20 ms poll, so that a stream takes a few reads in a test's time. */
    private static StreamLimits limits(Duration maxDuration, Duration credentialCheck) {
        return new StreamLimits(Duration.ofMillis(20), Duration.ofMinutes(1), maxDuration, 3, 8,
                Duration.ofSeconds(10), credentialCheck);
    }

    /** One stream served to the end through Spring MVC: its whole body. */
    private String served() throws Exception {
        MockMvc mvc = MockMvcBuilders.standaloneSetup(new Streams()).build();
        MvcResult result = mvc.perform(get("/stream")).andExpect(request().asyncStarted()).andReturn();
        await().atMost(Duration.ofSeconds(10)).until(() -> streams.openStreams() == 0);
        return result.getResponse().getContentAsString();
    }

    @RestController
    final class Streams {

        @GetMapping("/stream")
        SseEmitter stream() {
            return streams.open(caller, new FeedQuery(0, Set.of(), null, 100));
        }
    }
}
