package dev.calibrate.connectors.amazon;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Amazon's meters: SP-API calls per operation and outcome, 429 QuotaExceeded answers, retries, Login
 * with Amazon token requests, and sync durations. Tagged by operation or outcome, never by seller or
 * tenant; per-seller state is in the health component.
 */
@Component
public class AmazonMetrics {

    private final MeterRegistry registry;
    private final Counter retries;

    public AmazonMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.retries = Counter.builder("calibrate.amazon.retries")
                .description("SP-API calls retried after 429 QuotaExceeded, 5xx or timeouts").register(registry);
    }

    public void call(String operation, String outcome, Duration took) {
        Timer.builder("calibrate.amazon.calls").description("Selling Partner API calls")
                .tag("operation", operation).tag("outcome", outcome).register(registry).record(took);
    }

    public void quotaExceeded(String operation) {
        Counter.builder("calibrate.amazon.quota.exceeded").description("SP-API answers 429 QuotaExceeded")
                .tag("operation", operation).register(registry).increment();
    }

    public void retried() {
        retries.increment();
    }

    /** A Login with Amazon token request: {@code ok}, {@code refused} or {@code unavailable}. */
    public void tokenRequest(String outcome) {
        Counter.builder("calibrate.amazon.lwa.tokens").description("Login with Amazon token requests, by outcome")
                .tag("outcome", outcome).register(registry).increment();
    }

    /** A catalog sync ended: {@code completed} or {@code failed}. */
    public void ingest(String outcome, Duration took) {
        Timer.builder("calibrate.amazon.sync.duration").description("Amazon catalog syncs, by outcome")
                .tag("outcome", outcome).register(registry).record(took);
    }
}
