package dev.calibrate.app.ratelimit;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Settings the limiter cannot keep are refused at start-up. */
class RateLimitSettingsTest {

    @Test
    void aBurstMustRefillWithinTheHourAfterWhichIdleRowsAreDeleted() {
        assertThat(new RateLimitSettings.Buckets(1, 3600, 1, 3600).of(EndpointClass.READ).burst()).isEqualTo(3600);
        assertThatIllegalArgumentException().isThrownBy(() -> new RateLimitSettings.Buckets(1, 3601, 1, 1))
                .withMessageContaining("within an hour");
        assertThatIllegalArgumentException().isThrownBy(() -> new RateLimitSettings.Buckets(1, 1, 0.001, 4))
                .withMessageContaining("within an hour");
    }

    @Test
    void theLeaseTimeoutMustBePositive() {
        RateLimitSettings.Buckets buckets = new RateLimitSettings.Buckets(50, 200, 10, 50);
        assertThatIllegalArgumentException().isThrownBy(() -> new RateLimitSettings(true, buckets, buckets, buckets,
                0.1, Duration.ofSeconds(1), Duration.ZERO)).withMessageContaining("lease-timeout");
    }
}
