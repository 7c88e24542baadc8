package dev.calibrate.app.feed;

import dev.calibrate.kernel.tenant.Actor;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.query.feed.EventFeed;
import dev.calibrate.query.feed.FeedPages;
import dev.calibrate.query.feed.FeedQuery;
import dev.calibrate.query.feed.stream.EventStreams;
import dev.calibrate.query.feed.stream.StreamLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A node serves only so many streams, whatever the tenants, besides each tenant's own cap. On the
 * streams alone (over a feed that has nothing to serve), so that no stream ends on its own meanwhile.
 */
class EventStreamsCapTest {

    private static final StreamLimits LIMITS = new StreamLimits(Duration.ofSeconds(1), Duration.ofSeconds(15),
            Duration.ofMinutes(5), 3, 8, Duration.ofSeconds(10), Duration.ofSeconds(30));

    /** A feed with nothing to serve, so that no stream ends on its own meanwhile. */
    private final FeedPages feed = (tenant, query) -> new EventFeed.Page(List.of(), 0);
    private EventStreams streams;

    @AfterEach
    void close() {
        streams.destroy();
    }

    @Test
    void aNodeServesOnlySoManyStreamsWhateverTheTenants() {
        streams = new EventStreams(feed, LIMITS, (caller, scope) -> true);
        List<Caller> tenants = List.of(caller(), caller(), caller(), caller());

        // 3 + 3 + 2: the node's 8, no tenant over its 3
        for (int i = 0; i < 8; i++) {
            streams.open(tenants.get(i / 3), new FeedQuery(0, Set.of(), null, 100));
        }
        assertThat(streams.openStreams()).isEqualTo(8);

        assertThatThrownBy(() -> streams.open(tenants.get(3), new FeedQuery(0, Set.of(), null, 100)))
                .hasMessageContaining("this server already serves 8 event streams");
        assertThatThrownBy(() -> streams.open(tenants.get(0), new FeedQuery(0, Set.of(), null, 100)))
                .hasMessageContaining("server");
        assertThat(streams.openStreams()).isEqualTo(8);
        assertThat(streams.openStreams(tenants.get(3).tenantId())).isZero();
    }

    @Test
    void aTenantAtItsCapIsRefusedWhileTheNodeHasRoom() {
        streams = new EventStreams(feed, LIMITS, (caller, scope) -> true);
        Caller acme = caller();
        for (int i = 0; i < 3; i++) {
            streams.open(acme, new FeedQuery(0, Set.of(), null, 100));
        }
        assertThatThrownBy(() -> streams.open(acme, new FeedQuery(0, Set.of(), null, 100)))
                .hasMessageContaining("this tenant already has 3 event streams open");
        assertThat(streams.openStreams()).isEqualTo(3);
    }

    private static Caller caller() {
        return new Caller(new TenantId(UUID.randomUUID()), new Actor(UUID.randomUUID().toString()),
                Set.of(Scope.EVENTS_READ));
    }
}
