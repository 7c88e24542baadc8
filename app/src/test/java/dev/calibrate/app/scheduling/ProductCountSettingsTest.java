package dev.calibrate.app.scheduling;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The recount's interval is 1 minute to 24 hours: 0 would recount every tenant on every poll. */
class ProductCountSettingsTest {

    @Test
    void anIntervalFromOneMinuteToADayIsTaken() {
        assertThat(new ProductCountSettings(Duration.ofMinutes(1)).recountInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(new ProductCountSettings(Duration.ofHours(24)).recountInterval()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void anIntervalOutsideIsRefusedNamingTheSetting() {
        for (Duration wrong : new Duration[]{Duration.ZERO, Duration.ofSeconds(59), Duration.ofHours(24).plusSeconds(1),
                Duration.ofMinutes(-5)}) {
            assertThatThrownBy(() -> new ProductCountSettings(wrong)).as(wrong.toString())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("calibrate.catalog.recount-interval");
        }
    }
}
