package dev.calibrate.connectors.shopify.fake;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FakeShopifyCostBucketTest {

    private final FakeClock clock = new FakeClock(Instant.parse("2026-07-01T12:00:00Z"));
    private final CostBucket bucket = new CostBucket(clock);

    @Test
    void a_standard_shop_starts_with_a_full_bucket_of_twenty_seconds_of_restore() {
        assertThat(bucket.status()).isEqualTo(new CostBucket.ThrottleStatus(2000, 2000, 100));
    }

    @Test
    void charges_the_requested_cost_and_refunds_what_was_not_used() {
        assertThat(bucket.tryCharge(252)).isTrue();
        bucket.refund(252 - 52);

        assertThat(bucket.status().currentlyAvailable()).isEqualTo(1948);
    }

    @Test
    void refuses_a_query_costing_more_than_is_available_and_charges_nothing() {
        bucket.drain(1900);

        assertThat(bucket.tryCharge(101)).isFalse();
        assertThat(bucket.status().currentlyAvailable()).isEqualTo(100);
        assertThat(bucket.tryCharge(100)).isTrue();
    }

    @Test
    void refills_continuously_at_the_restore_rate_up_to_the_maximum() {
        bucket.drain(2000);

        clock.advance(Duration.ofMillis(1500));
        assertThat(bucket.status().currentlyAvailable()).isCloseTo(150, within(1e-9));

        clock.advance(Duration.ofMillis(5));
        assertThat(bucket.status().currentlyAvailable()).isCloseTo(150.5, within(1e-9));

        clock.advance(Duration.ofMinutes(5));
        assertThat(bucket.status().currentlyAvailable()).isEqualTo(2000);
    }

    @Test
    void tells_how_long_until_a_cost_fits_which_is_the_deficit_over_the_restore_rate() {
        bucket.drain(2000);

        assertThat(bucket.timeUntil(250)).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void a_plus_plan_has_a_bucket_of_twenty_thousand_restoring_a_thousand_a_second() {
        bucket.plan(1000);
        bucket.drain(20_000);
        clock.advance(Duration.ofSeconds(2));

        assertThat(bucket.status()).isEqualTo(new CostBucket.ThrottleStatus(20_000, 2000, 1000));
    }
}
