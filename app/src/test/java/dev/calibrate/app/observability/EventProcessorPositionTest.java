package dev.calibrate.app.observability;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With several nodes, a node that holds none of a processing group's segments does not know how far
 * the group is: its position gauge says so (NaN, left out of Prometheus' min and max across nodes)
 * instead of 0, which would report the whole event store as lag. That a node holding segments reports
 * the slowest of them is shown against a running application in {@link ObservabilityTest}.
 */
class EventProcessorPositionTest {

    @Test
    void aNodeHoldingNoSegmentReportsNoPosition() {
        assertThat(EventProcessorMetrics.position(Map.of())).isNaN();
    }
}
