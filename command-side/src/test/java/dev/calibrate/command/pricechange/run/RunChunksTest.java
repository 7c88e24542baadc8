package dev.calibrate.command.pricechange.run;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The chunk settings a run is cut by: bounded, so one run cannot hold a whole catalog in memory. */
class RunChunksTest {

    @Test
    void takesChunksOfOneToFiveThousandItemsOnOneToSixteenLanes() {
        assertThat(new RunChunks(1, 1).size()).isEqualTo(1);
        assertThat(new RunChunks(5_000, 16).lanes()).isEqualTo(16);
    }

    @Test
    void refusesAnEmptyOrOversizedChunk() {
        assertThatThrownBy(() -> new RunChunks(0, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not 0");
        assertThatThrownBy(() -> new RunChunks(5_001, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not 5001");
    }

    @Test
    void refusesNoLanesOrTooMany() {
        assertThatThrownBy(() -> new RunChunks(2_000, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not 0");
        assertThatThrownBy(() -> new RunChunks(2_000, 17)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not 17");
    }
}
