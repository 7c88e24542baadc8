package dev.calibrate.app.webhooks.sending;

import dev.calibrate.app.webhooks.WebhookSettings;
import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.tenant.TenantId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bound on pings and URL checks: per tenant, per node, and every slot given back. */
class OnDemandCallsTest {

    private static OnDemandCalls calls(int node, int perTenant) {
        return new OnDemandCalls(new WebhookSettings(false, 20, 2000, Duration.ofSeconds(5), Duration.ofHours(24),
                List.of(Duration.ofSeconds(5)), Duration.ofHours(1), Duration.ofSeconds(1), 4, 2, 100, null, node,
                perTenant, 2));
    }

    @Test
    void aSecondCallOfTheSameTenantIsATooManyRequests() {
        OnDemandCalls calls = calls(4, 1);
        TenantId acme = TenantId.random();
        String answer = calls.run(acme, () -> {
            assertThatThrownBy(() -> calls.run(acme, () -> "again")).isInstanceOf(OnDemandCalls.Busy.class)
                    .hasMessageContaining("at most 1 webhook ping")
                    .satisfies(busy -> {
                        assertThat(((Rejection) busy).kind()).isEqualTo(Rejection.Kind.TOO_MANY_REQUESTS);
                        assertThat(((Rejection) busy).retryAfter()).contains(Duration.ofSeconds(1));
                    });
            return calls.run(TenantId.random(), () -> "another tenant is not held up");
        });
        assertThat(answer).isEqualTo("another tenant is not held up");
        assertThat(calls.run(acme, () -> "after")).isEqualTo("after");
        assertThat(calls.tenantsRunning()).isZero();
    }

    @Test
    void theNodeRunsAtMostItsLimitWhateverTheTenants() {
        OnDemandCalls calls = calls(2, 1);
        TenantId first = TenantId.random();
        calls.run(first, () -> calls.run(TenantId.random(), () -> {
            TenantId third = TenantId.random();
            assertThatThrownBy(() -> calls.run(third, () -> "third")).isInstanceOf(OnDemandCalls.Busy.class)
                    .hasMessageContaining("too many webhook pings");
            return null;
        }));
        assertThat(calls.tenantsRunning()).as("the refused tenant holds no slot either").isZero();
        assertThat(calls.run(TenantId.random(), () -> "room again")).isEqualTo("room again");
    }

    @Test
    void aFailingCallGivesItsSlotBack() {
        OnDemandCalls calls = calls(1, 1);
        TenantId acme = TenantId.random();
        assertThatThrownBy(() -> calls.run(acme, () -> {
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(calls.run(acme, () -> "again")).isEqualTo("again");
        assertThat(calls.tenantsRunning()).isZero();
    }

    @Test
    void limitsBelowOneAreRefusedAtStartup() {
        assertThatThrownBy(() -> calls(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> calls(4, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
