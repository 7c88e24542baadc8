package dev.calibrate.app.messaging;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The event store's settings refuse, at start-up, a cache or a fetch that would bound nothing or hold too much. */
class EventStoreSettingsTest {

    @Test
    void boundsWithinTheirRangesAreTaken() {
        EventStoreSettings settings = new EventStoreSettings(1, 10_000);
        assertThat(settings.sharedEvents()).isEqualTo(1);
        assertThat(settings.fetchBatchSize()).isEqualTo(10_000);
        assertThat(new EventStoreSettings(1_000_000, 1).sharedEvents()).isEqualTo(1_000_000);
    }

    @Test
    void aSharedCacheOfNoEventOrOfMoreThanAMillionIsRefused() {
        assertThatThrownBy(() -> new EventStoreSettings(0, 1000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shared-events");
        assertThatThrownBy(() -> new EventStoreSettings(1_000_001, 1000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shared-events");
    }

    @Test
    void aFetchOfNoEventOrOfMoreThanTenThousandIsRefused() {
        assertThatThrownBy(() -> new EventStoreSettings(50_000, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fetch-batch-size");
        assertThatThrownBy(() -> new EventStoreSettings(50_000, 10_001))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fetch-batch-size");
    }
}
