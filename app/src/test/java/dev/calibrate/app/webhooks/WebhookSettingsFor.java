package dev.calibrate.app.webhooks;

import java.time.Duration;
import java.util.List;

/** Settings for tests of the sending parts without an application. */
public final class WebhookSettingsFor {

    private WebhookSettingsFor() {
    }

    public static WebhookSettings sending(boolean allowInsecure, Duration timeout) {
        return sending(allowInsecure, timeout, null);
    }

    /** With a deadline for a whole request; null: the default, twice the timeout. */
    public static WebhookSettings sending(boolean allowInsecure, Duration timeout, Duration deadline) {
        return new WebhookSettings(allowInsecure, 20, 2000, timeout, Duration.ofHours(24),
                List.of(Duration.ofSeconds(5)), Duration.ofHours(1), Duration.ofSeconds(1), 4, 2, 100, deadline, 4, 1,
                2);
    }

    /** Name lookups on a pool of {@code workers + maxOnDemand} threads, {@code lookupsPerTenant} of one tenant. */
    public static WebhookSettings lookups(boolean allowInsecure, Duration timeout, int workers, int maxOnDemand,
                                          int lookupsPerTenant) {
        return new WebhookSettings(allowInsecure, 20, 2000, timeout, Duration.ofHours(24),
                List.of(Duration.ofSeconds(5)), Duration.ofHours(1), Duration.ofSeconds(1), workers, 2, 100, null,
                maxOnDemand, 1, lookupsPerTenant);
    }
}
