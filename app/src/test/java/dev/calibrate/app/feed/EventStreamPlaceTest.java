package dev.calibrate.app.feed;

import dev.calibrate.app.concurrency.TenantRequestGate;
import dev.calibrate.app.feed.FeedSteps.FeedTenant;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.kernel.tenant.TenantId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An open event stream holds none of its tenant's places for requests at once (TenantRequestLimitHttpTest): it is
 * answered asynchronously, and its place is given back once its handler has returned.
 */
class EventStreamPlaceTest extends IntegrationTest {

    @Autowired
    TenantRequestGate gate;

    @Test
    void aTenantWithOnePlaceIsServedWhileItsStreamIsOpen() {
        FeedTenant acme = new FeedSteps(api).tenant("Stream place " + UUID.randomUUID());
        gate.limitTenant(new TenantId(UUID.fromString(acme.id())), new TenantRequestGate.Limits(1, 0, Duration.ZERO));

        try (SseClient stream = SseClient.open(port, acme.reader().token(), "", null)) {
            assertThat(stream.status()).isEqualTo(200);
            for (int i = 0; i < 3; i++) {
                assertThat(api.get("/api/v1/events?limit=10", acme.reader().token()).status())
                        .as("read %d while the stream is open", i).isEqualTo(200);
            }
        }
    }
}
