package dev.calibrate.command.pricechange.run;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The chunk settings a run is cut by: bounded, so one run cannot hold a whole catalog in memory. */
class RunChunksTest {

    @Test
    void takesChunksOfOneToFiveThousandItemsOnOneToSixteenLanes() {
        assertThat(new RunChunks(1, 1, Duration.ZERO).size()).isEqualTo(1);
        assertThat(new RunChunks(5_000, 16, Duration.ZERO).lanes()).isEqualTo(16);
    }

    @Test
    void refusesAnEmptyOrOversizedChunk() {
        assertThatThrownBy(() -> new RunChunks(0, 2, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not 0");
        assertThatThrownBy(() -> new RunChunks(5_001, 2, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not 5001");
    }

    @Test
    void refusesNoLanesOrTooMany() {
        assertThatThrownBy(() -> new RunChunks(2_000, 0, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not 0");
        assertThatThrownBy(() -> new RunChunks(2_000, 17, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not 17");
    }

    @Test
    void givesWayToRequestsForNoTimeUpToAMinute() {
        assertThat(new RunChunks(2_000, 2, Duration.ZERO).giveWay()).isEqualTo(Duration.ZERO);
        assertThat(new RunChunks(2_000, 2, Duration.ofMinutes(1)).giveWay()).isEqualTo(Duration.ofMinutes(1));
        assertThatThrownBy(() -> new RunChunks(2_000, 2, Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not PT-0.001S");
        assertThatThrownBy(() -> new RunChunks(2_000, 2, Duration.ofSeconds(61)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not PT1M1S");
        assertThatThrownBy(() -> new RunChunks(2_000, 2, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
