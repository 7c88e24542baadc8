package dev.calibrate.app.messaging;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The event store's settings refuse, at start-up, a cache or a fetch that would bound nothing or hold too much,
 * and a gap timeout too short for any transaction or too long to bound a processor's memory of gaps.
 */
class EventStoreSettingsTest {

    @Test
    void boundsWithinTheirRangesAreTaken() {
        EventStoreSettings settings = new EventStoreSettings(1, 10_000, Duration.ofSeconds(60));
        assertThat(settings.sharedEvents()).isEqualTo(1);
        assertThat(settings.fetchBatchSize()).isEqualTo(10_000);
        assertThat(new EventStoreSettings(1_000_000, 1, Duration.ofSeconds(60)).sharedEvents()).isEqualTo(1_000_000);
    }

    @Test
    void aSharedCacheOfNoEventOrOfMoreThanAMillionIsRefused() {
        assertThatThrownBy(() -> new EventStoreSettings(0, 1000, Duration.ofSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shared-events");
        assertThatThrownBy(() -> new EventStoreSettings(1_000_001, 1000, Duration.ofSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shared-events");
    }

    @Test
    void aFetchOfNoEventOrOfMoreThanTenThousandIsRefused() {
        assertThatThrownBy(() -> new EventStoreSettings(50_000, 0, Duration.ofSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fetch-batch-size");
        assertThatThrownBy(() -> new EventStoreSettings(50_000, 10_001, Duration.ofSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fetch-batch-size");
    }

    @Test
    void aGapTimeoutUnderATenthOfASecondOrOverAnHourIsRefused() {
        assertThat(new EventStoreSettings(1, 1, Duration.ofMillis(100)).gapTimeout()).isEqualTo(Duration.ofMillis(100));
        assertThat(new EventStoreSettings(1, 1, Duration.ofHours(1)).gapTimeout()).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> new EventStoreSettings(50_000, 1000, Duration.ofMillis(99)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gap-timeout");
        assertThatThrownBy(() -> new EventStoreSettings(50_000, 1000, Duration.ofMinutes(61)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gap-timeout");
    }
}
