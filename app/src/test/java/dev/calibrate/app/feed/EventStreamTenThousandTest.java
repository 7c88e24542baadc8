package dev.calibrate.app.feed;

import dev.calibrate.app.support.IntegrationTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The size: 10,000 events followed through random disconnects (-Pslow; EventStreamTest runs 4,000). */
@Tag("slow")
class EventStreamTenThousandTest extends IntegrationTest {

    @Test
    void resumingOverTenThousandEventsLosesAndReordersNothing() {
        EventStreamTest.resumeThroughRandomDisconnects(new FeedSteps(api), port, 5);
    }
}
