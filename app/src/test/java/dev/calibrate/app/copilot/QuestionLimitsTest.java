package dev.calibrate.app.copilot;

import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.tenant.TenantId;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The copilot's per-tenant limits on their own: what they refuse, and that they forget idle tenants. */
class QuestionLimitsTest {

    private static final CopilotSettings SETTINGS = new CopilotSettings(Duration.ofSeconds(5), 1000,
            DataSize.ofKilobytes(4), DataSize.ofMegabytes(2), 30, 1,
            new CopilotSettings.Db("", "calibrate_copilot", "", true, 3, Duration.ofSeconds(1), Duration.ofSeconds(5)),
            new CopilotSettings.Llm("", "", "", Duration.ofSeconds(20), 1000, "0", CopilotSettings.Llm.TokenLimit.MAX_TOKENS));

    @Test
    void tenThousandTenantsAskingOnceAreForgottenOnceTheirMinuteHasPassed() {
        MovableClock clock = new MovableClock(Instant.parse("2026-12-04T10:00:00Z"));
        QuestionRate rate = new QuestionRate(SETTINGS, clock);

        for (int i = 0; i < 10_000; i++) {
            rate.take(new TenantId(UUID.randomUUID()));
        }
        assertThat(rate.tenantsHeld()).isEqualTo(10_000);

        clock.advance(Duration.ofSeconds(61));
        rate.take(new TenantId(UUID.randomUUID()));

        assertThat(rate.tenantsHeld()).isEqualTo(1);
    }

    @Test
    void forgettingIdleTenantsDoesNotForgetATenantsQuestionsOfTheMinute() {
        MovableClock clock = new MovableClock(Instant.parse("2026-12-04T10:00:00Z"));
        QuestionRate rate = new QuestionRate(SETTINGS, clock);
        TenantId busy = new TenantId(UUID.randomUUID());

        clock.advance(Duration.ofSeconds(30));
        for (int i = 0; i < 30; i++) {
            rate.take(busy);
        }
        clock.advance(Duration.ofSeconds(45));
        rate.take(new TenantId(UUID.randomUUID()));

        assertThat(rate.tenantsHeld()).isEqualTo(2);
        assertThatThrownBy(() -> rate.take(busy)).isInstanceOfSatisfying(Rejection.class,
                r -> assertThat(r.kind()).isEqualTo(Rejection.Kind.TOO_MANY_REQUESTS));
    }

    @Test
    void oneQuestionOfATenantAtOnceAndNoEntryForATenantWithNoneInFlight() {
        QuestionsInFlight inFlight = new QuestionsInFlight(SETTINGS);
        TenantId tenant = new TenantId(UUID.randomUUID());
        TenantId other = new TenantId(UUID.randomUUID());

        inFlight.acquire(tenant);
        assertThatThrownBy(() -> inFlight.acquire(tenant)).isInstanceOfSatisfying(Rejection.class, r -> {
            assertThat(r.kind()).isEqualTo(Rejection.Kind.TOO_MANY_REQUESTS);
            assertThat(r.retryAfter()).contains(Duration.ofSeconds(1));
        });
        inFlight.acquire(other);
        inFlight.release(tenant);
        inFlight.release(other);

        assertThat(inFlight.tenantsInFlight()).isZero();
        inFlight.acquire(tenant);
        assertThat(inFlight.tenantsInFlight()).isEqualTo(1);
    }

    private static final class MovableClock extends Clock {

        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
