package dev.calibrate.app.copilot;

import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.tenant.TenantId;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The copilot's questions in flight on their own: what they refuse, and that they forget idle tenants. */
class QuestionLimitsTest {

    private static final CopilotSettings SETTINGS = new CopilotSettings(Duration.ofSeconds(5), 1000,
            DataSize.ofKilobytes(4), DataSize.ofMegabytes(2), 30, 1,
            new CopilotSettings.Db("", "calibrate_copilot", "", true, 3, Duration.ofSeconds(1), Duration.ofSeconds(5)),
            new CopilotSettings.Llm("", "", "", Duration.ofSeconds(20), 1000, "0", CopilotSettings.Llm.TokenLimit.MAX_TOKENS));

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
}
