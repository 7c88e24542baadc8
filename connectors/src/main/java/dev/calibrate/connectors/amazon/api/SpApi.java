package dev.calibrate.connectors.amazon.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.connectors.amazon.AmazonMetrics;
import dev.calibrate.connectors.amazon.AmazonRegion;
import dev.calibrate.connectors.amazon.AmazonSettings;
import dev.calibrate.connectors.calls.CallPolicies;
import dev.calibrate.kernel.tenant.TenantId;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The Selling Partner API, read only: {@link #get} is the only call it offers, so nothing in this
 * connector can change anything on Amazon. Each seller and operation has its own client-side token
 * bucket at the rate and burst Amazon documents; 429 QuotaExceeded, 5xx and timeouts are retried with
 * jittered backoff, and a tenant's circuit breaker pauses its calls after repeated 5xx and timeouts.
 * The access token goes in {@code x-amz-access-token} and appears in no log line,
 * exception or metric.
 */
@Component
public class SpApi {

    private static final Logger log = LoggerFactory.getLogger(SpApi.class);

    /** The operations this connector calls, with their documented usage plan. */
    public enum Operation {
        SEARCH_LISTINGS_ITEMS("searchListingsItems", 5, 10),
        SEARCH_CATALOG_ITEMS("searchCatalogItems", 2, 2);

        private final String operationId;
        private final double rate;
        private final double burst;

        Operation(String operationId, double rate, double burst) {
            this.operationId = operationId;
            this.rate = rate;
            this.burst = burst;
        }

        public String operationId() {
            return operationId;
        }
    }

    /** Whose account to call, and with what. */
    public record Access(TenantId tenantId, String sellerId, AmazonRegion region, LwaCredentials credentials) {
        @Override
        public String toString() {
            return "Access[" + sellerId + "@" + region.wireName() + "]";
        }
    }

    /**
     * What this node saw of one tenant's account, for the status and the health component; the
     * circuit breaker is CLOSED while calls go through, OPEN while they are paused after repeated failures.
     */
    public record Health(Instant lastSuccessAt, Instant lastFailureAt, String lastFailure, String circuitBreaker) {
    }

    private record Calls(Instant lastSuccessAt, Instant lastFailureAt, String lastFailure) {
        static final Calls NONE = new Calls(null, null, null);
    }

    private final AmazonSettings settings;
    private final LwaTokens tokens;
    private final AmazonMetrics metrics;
    private final ObjectMapper json;
    private final Clock clock;
    private final HttpClient http;
    private final RetryConfig retryConfig;
    private final Map<String, RateBucket> buckets = new ConcurrentHashMap<>();
    private final Map<TenantId, Calls> calls = new ConcurrentHashMap<>();
    private final CircuitBreakerRegistry breakers;

    public SpApi(AmazonSettings settings, LwaTokens tokens, AmazonMetrics metrics, ObjectMapper json,
                 Optional<Clock> clock) {
        this.settings = settings;
        this.tokens = tokens;
        this.metrics = metrics;
        this.json = json;
        this.clock = clock.orElse(Clock.systemUTC());
        this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.retryConfig = RetryConfig.<JsonNode>custom()
                .maxAttempts(settings.maxAttempts())
                .retryOnException(e -> e instanceof SpApiException s && s.transientFailure())
                .intervalBiFunction(backoff())
                .build();
        this.breakers = CallPolicies.circuitBreakers(e -> e instanceof SpApiException s && s.kind() == SpApiException.Kind.UNAVAILABLE);
    }

    /**
     * GETs {@code path} with {@code query} (each value a list, sent comma-separated as Amazon's
     * {@code csv} collection format) and answers the JSON body, retrying transient failures. Throws
     * {@link SpApiException}, or {@link LwaException} when no access token could be had.
     */
    public JsonNode get(Access access, Operation operation, String path, Map<String, List<String>> query) {
        URI uri = URI.create(settings.spApiBase(access.region()) + path + queryString(query));
        RateBucket bucket = buckets.computeIfAbsent(access.sellerId() + "@" + access.region() + ":" + operation,
                key -> new RateBucket(operation.rate, operation.burst, System::nanoTime));
        Retry retry = Retry.of("amazon-" + operation.operationId, retryConfig);
        retry.getEventPublisher().onRetry(event -> {
            metrics.retried();
            log.info("Retrying SP-API {} for seller {} (attempt {}): {}", operation.operationId, access.sellerId(),
                    event.getNumberOfRetryAttempts() + 1, event.getLastThrowable().getMessage());
        });
        try {
            JsonNode body = Retry.decorateSupplier(retry, () -> attempt(access, operation, bucket, uri)).get();
            calls.compute(access.tenantId(), (t, seen) -> new Calls(clock.instant(), orNone(seen).lastFailureAt(),
                    orNone(seen).lastFailure()));
            return body;
        } catch (SpApiException | LwaException e) {
            calls.compute(access.tenantId(), (t, seen) -> new Calls(orNone(seen).lastSuccessAt(), clock.instant(),
                    e.getMessage()));
            throw e;
        }
    }

    public Health health(TenantId tenantId) {
        Calls seen = orNone(calls.get(tenantId));
        return new Health(seen.lastSuccessAt(), seen.lastFailureAt(), seen.lastFailure(),
                breakers.find(tenantId.toString()).map(b -> b.getState().name()).orElse("CLOSED"));
    }

    public void forget(TenantId tenantId) {
        calls.remove(tenantId);
        breakers.remove(tenantId.toString());
    }

    private static Calls orNone(Calls seen) {
        return seen == null ? Calls.NONE : seen;
    }

    /** One try: a token, a permission from the tenant's circuit breaker, a token of the bucket, the GET. */
    private JsonNode attempt(Access access, Operation operation, RateBucket bucket, URI uri) {
        String token = tokens.accessToken(access.tenantId(), access.credentials());
        CircuitBreaker breaker = breakers.circuitBreaker(access.tenantId().toString());
        if (!breaker.tryAcquirePermission()) {
            throw new SpApiException(SpApiException.Kind.CIRCUIT_OPEN, "calls to seller " + access.sellerId()
                    + " are paused after repeated failures (circuit breaker open)", null);
        }
        long started = System.nanoTime();
        try {
            JsonNode body = send(access, operation, bucket, uri, token);
            breaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            metrics.call(operation.operationId, "ok", Duration.ofNanos(System.nanoTime() - started));
            return body;
        } catch (SpApiException e) {
            breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, e);
            metrics.call(operation.operationId, e.kind().name().toLowerCase(), Duration.ofNanos(System.nanoTime() - started));
            throw e;
        }
    }

    private JsonNode send(Access access, Operation operation, RateBucket bucket, URI uri, String token) {
        try {
            bucket.acquire();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                    .timeout(settings.requestTimeout())
                    .header("Accept", "application/json")
                    .header("x-amz-access-token", token)
                    .GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            return interpret(access, operation, bucket, response);
        } catch (HttpTimeoutException e) {
            throw new SpApiException(SpApiException.Kind.UNAVAILABLE, "Amazon did not answer "
                    + operation.operationId + " within " + settings.requestTimeout().toSeconds() + " s", e);
        } catch (IOException e) {
            throw new SpApiException(SpApiException.Kind.UNAVAILABLE, "could not reach the Selling Partner API: "
                    + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpApiException(SpApiException.Kind.UNAVAILABLE, "interrupted while calling Amazon", e);
        }
    }

    private JsonNode interpret(Access access, Operation operation, RateBucket bucket, HttpResponse<String> response) {
        int status = response.statusCode();
        JsonNode body = parse(response.body());
        if (status == 200) {
            return body;
        }
        String detail = "HTTP " + status + ", " + errors(body);
        if (status == 429) {
            bucket.drain();
            metrics.quotaExceeded(operation.operationId);
            throw new SpApiException(SpApiException.Kind.QUOTA_EXCEEDED, "Amazon throttled "
                    + operation.operationId + " (" + detail + ")", null);
        }
        if (status >= 500) {
            throw new SpApiException(SpApiException.Kind.UNAVAILABLE, "Amazon failed " + operation.operationId
                    + " (" + detail + ")", null);
        }
        if (status == 401 || status == 403) {
            // the next call asks LWA for a new token, in case this one was revoked early
            tokens.forget(access.tenantId());
            throw new SpApiException(SpApiException.Kind.UNAUTHORIZED, "Amazon refused the access to seller "
                    + access.sellerId() + " (" + detail + ")", null);
        }
        throw new SpApiException(SpApiException.Kind.REJECTED, "Amazon rejected " + operation.operationId
                + " (" + detail + ")", null);
    }

    private JsonNode parse(String body) {
        try {
            JsonNode node = json.readTree(body == null || body.isBlank() ? "{}" : body);
            return node == null ? json.createObjectNode() : node;
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }

    private static String errors(JsonNode body) {
        JsonNode errors = body.path("errors");
        if (!errors.isArray() || errors.isEmpty()) {
            return "no error detail";
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode error : errors) {
            if (!text.isEmpty()) {
                text.append("; ");
            }
            text.append(error.path("code").asText()).append(": ").append(error.path("message").asText());
        }
        return text.toString();
    }

    static String queryString(Map<String, List<String>> query) {
        if (query.isEmpty()) {
            return "";
        }
        return query.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue().stream()
                        .map(v -> URLEncoder.encode(v, StandardCharsets.UTF_8)).collect(Collectors.joining(",")))
                .collect(Collectors.joining("&", "?", ""));
    }

    /**
     * QuotaExceeded: 0.5 s (a token of the slowest plan, 2/s), doubling per attempt up to 30 s, plus up
     * to 0.25 s of jitter; the bucket is drained as well, so the next calls also wait for Amazon's refill.
     * Other transient failures: {@link CallPolicies#backoffMillis}.
     */
    private static IntervalBiFunction<JsonNode> backoff() {
        return (attempt, outcome) -> {
            Throwable failure = outcome.isLeft() ? outcome.getLeft() : null;
            double jitter = ThreadLocalRandom.current().nextDouble();
            if (failure instanceof SpApiException s && s.kind() == SpApiException.Kind.QUOTA_EXCEEDED) {
                return (long) (Math.min(30_000, 500L << Math.min(attempt - 1, 6)) + jitter * 250);
            }
            return CallPolicies.backoffMillis(attempt);
        };
    }
}
