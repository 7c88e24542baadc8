package dev.calibrate.connectors.shopify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Shopify's meters: calls per operation and outcome, query cost, throttled answers, retries, and how
 * long an applied price takes to reach the shop. Tagged by operation, never by shop or tenant (that
 * would grow without bound); per-shop state is in the health component.
 */
@Component
public class ShopifyMetrics {

    private final MeterRegistry registry;
    private final DistributionSummary cost;
    private final Counter throttled;
    private final Counter retries;
    private final Timer confirmationLatency;

    public ShopifyMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.cost = DistributionSummary.builder("calibrate.shopify.query.cost")
                .description("Actual cost of Shopify GraphQL calls, in points").register(registry);
        this.throttled = Counter.builder("calibrate.shopify.throttled")
                .description("Shopify answers that said THROTTLED (HTTP 200 or 429)").register(registry);
        this.retries = Counter.builder("calibrate.shopify.retries")
                .description("Shopify calls retried after throttling, 5xx or timeouts").register(registry);
        this.confirmationLatency = Timer.builder("calibrate.shopify.sync.latency")
                .description("From a price being set in Calibrate to Shopify confirming it")
                .publishPercentiles(0.5, 0.95, 0.99).register(registry);
    }

    public void call(String operation, String outcome, Duration took) {
        Timer.builder("calibrate.shopify.calls").description("Shopify GraphQL calls")
                .tag("operation", operation).tag("outcome", outcome).register(registry).record(took);
    }

    public void cost(double actual) {
        cost.record(actual);
    }

    public void throttled() {
        throttled.increment();
    }

    public void retried() {
        retries.increment();
    }

    /** A webhook delivery: {@code outcome} processed, queued, duplicate, stale, ignored or rejected. */
    public void webhook(String topic, String outcome) {
        Counter.builder("calibrate.shopify.webhooks").description("Shopify webhook deliveries by topic and outcome")
                .tag("topic", topic).tag("outcome", outcome).register(registry).increment();
    }

    public void confirmed(Duration sinceSet) {
        confirmationLatency.record(sinceSet);
    }

    /** Prices the write-back decided: {@code synced}, {@code failed}, {@code retried} (a transient failure). */
    public void delivered(String outcome, int count) {
        if (count > 0) {
            Counter.builder("calibrate.shopify.deliveries").description("Prices written back to Shopify, by outcome")
                    .tag("outcome", outcome).register(registry).increment(count);
        }
    }

    /** Bulk mutations: {@code started}, {@code completed}, {@code failed}, {@code busy} (another one was running). */
    public void bulkOperation(String event) {
        Counter.builder("calibrate.shopify.bulk.mutations").description("Bulk price mutations, by what happened")
                .tag("event", event).register(registry).increment();
    }
}
