package dev.calibrate.connectors.shopify.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calibrate.connectors.calls.CallPolicies;
import dev.calibrate.connectors.shopify.api.ShopifyAnswers.Answer;
import dev.calibrate.connectors.shopify.ShopifyMetrics;
import dev.calibrate.connectors.shopify.ShopifySettings;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Calls a shop's Admin GraphQL API: paces itself from the cost bucket, retries throttled answers,
 * 5xx and timeouts with jittered exponential backoff (but not a call larger than the shop's whole
 * bucket, which no wait lets through: {@link ShopifyException.Kind#EXCEEDS_BUCKET}), and stops calling a shop whose circuit breaker
 * opened after repeated failures. Documents are files under {@code shopify/graphql/} on the
 * classpath (a test validates each against the real Admin schema). The access token goes in a header
 * and appears in no log line, exception or metric.
 */
@Component
public class ShopifyGraphQl {

    private static final Logger log = LoggerFactory.getLogger(ShopifyGraphQl.class);
    private static final Pattern OPERATION = Pattern.compile("^\\s*(query|mutation)\\s+(\\w+)", Pattern.MULTILINE);

    private final HttpClient http;
    private final ShopifySettings settings;
    private final ShopifyMetrics metrics;
    private final ObjectMapper json;
    private final Clock clock;
    private final CircuitBreakerRegistry breakers;
    /** The same for every call; each call gets its own Retry (its listener names the call). */
    private final RetryConfig retryConfig;
    private final Map<String, ShopHealth> shops = new ConcurrentHashMap<>();
    private final Map<String, String> documents = new ConcurrentHashMap<>();
    /** The cost Shopify last asked for each kind of call: what the next such call is paced for. */
    private final CallCosts costs = new CallCosts();
    private final ShopifyAnswers answers;

    public ShopifyGraphQl(ShopifySettings settings, ShopifyMetrics metrics, ObjectMapper json,
                          Optional<Clock> clock) {
        this.settings = settings;
        this.metrics = metrics;
        this.json = json;
        this.clock = clock.orElse(Clock.systemUTC());
        this.answers = new ShopifyAnswers(json, this.clock, costs, metrics);
        this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.retryConfig = RetryConfig.<JsonNode>custom()
                .maxAttempts(settings.maxAttempts())
                .retryOnException(e -> e instanceof ShopifyException s && s.transientFailure())
                .intervalBiFunction(backoff())
                .build();
        this.breakers = CallPolicies.circuitBreakers(e -> e instanceof ShopifyException s && s.kind() == ShopifyException.Kind.UNAVAILABLE);
    }

    /** A shop and the token to call it with. */
    public record ShopAccess(String shop, String accessToken) {
        @Override
        public String toString() {
            return "ShopAccess[" + shop + "]";
        }
    }

    /** The text of {@code shopify/graphql/{name}.graphql}. */
    public String document(String name) {
        return documents.computeIfAbsent(name, n -> {
            try (InputStream in = ShopifyGraphQl.class.getResourceAsStream("/shopify/graphql/" + n + ".graphql")) {
                if (in == null) {
                    throw new IllegalArgumentException("no GraphQL document shopify/graphql/" + n + ".graphql");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * Runs document {@code name} with {@code variables} and answers its {@code data}, retrying transient
     * failures. Throws {@link ShopifyException} when it does not succeed.
     */
    public JsonNode execute(ShopAccess access, String name, Map<String, ?> variables) {
        String document = document(name);
        ShopHealth shop = health(access.shop());
        Retry retry = Retry.of("shopify-" + name, retryConfig);
        retry.getEventPublisher().onRetry(event -> {
            metrics.retried();
            log.info("Retrying Shopify {} for {} (attempt {}): {}", name, access.shop(),
                    event.getNumberOfRetryAttempts() + 1, event.getLastThrowable().getMessage());
        });
        try {
            return Retry.decorateSupplier(retry, () -> attempt(access, shop, name, document, variables)).get();
        } catch (ShopifyException e) {
            shop.failed(clock.instant(), e);
            throw e;
        }
    }

    /** Per-shop state this node holds (throttle, breaker, last success); created on first use. */
    public ShopHealth health(String shop) {
        return shops.computeIfAbsent(shop, s -> new ShopHealth(s, clock, breakers.circuitBreaker(s)));
    }

    public Collection<ShopHealth> knownShops() {
        return shops.values();
    }

    public void forget(String shop) {
        shops.remove(shop);
        breakers.remove(shop);
    }

    private JsonNode attempt(ShopAccess access, ShopHealth shop, String name, String document, Map<String, ?> variables) {
        CircuitBreaker breaker = shop.breaker();
        if (!breaker.tryAcquirePermission()) {
            throw new ShopifyException(ShopifyException.Kind.CIRCUIT_OPEN, "calls to " + access.shop()
                    + " are paused after repeated failures (circuit breaker open)", 0,
                    CallNotPermittedException.createCallNotPermittedException(breaker));
        }
        long started = System.nanoTime();
        double reserved = costs.expected(name, variables);
        ThrottleStatus reported = null;
        try {
            shop.throttle().acquire(reserved);
            Answer answer = send(access, name, document, variables);
            reported = answer.throttle();
            JsonNode data = answer.dataOrThrow();
            breaker.onResult(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS, data);
            shop.succeeded(clock.instant());
            metrics.call(name, "ok", Duration.ofNanos(System.nanoTime() - started));
            return data;
        } catch (ShopifyException e) {
            breaker.onError(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS, e);
            if (e.kind() == ShopifyException.Kind.THROTTLED) {
                metrics.throttled();
            }
            metrics.call(name, e.kind().name().toLowerCase(), Duration.ofNanos(System.nanoTime() - started));
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            breaker.releasePermission();
            throw new ShopifyException(ShopifyException.Kind.UNAVAILABLE, "interrupted while waiting for Shopify's cost bucket", 0, e);
        } finally {
            shop.throttle().settle(reserved, reported);
        }
    }

    private Answer send(ShopAccess access, String name, String document, Map<String, ?> variables) {
        ObjectNode request = json.createObjectNode();
        request.put("query", document);
        request.set("variables", json.valueToTree(variables == null ? Map.of() : variables));
        Matcher operation = OPERATION.matcher(document);
        if (operation.find()) {
            request.put("operationName", operation.group(2));
        }
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(settings.graphqlUrl(access.shop()))
                            .timeout(settings.requestTimeout())
                            .header("Content-Type", "application/json")
                            .header("Accept", "application/json")
                            .header("X-Shopify-Access-Token", access.accessToken())
                            .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(request)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new ShopifyException(ShopifyException.Kind.UNAVAILABLE, "Shopify did not answer " + name + " within "
                    + settings.requestTimeout().toSeconds() + " s", 0, e);
        } catch (IOException e) {
            throw new ShopifyException(ShopifyException.Kind.UNAVAILABLE, "could not reach " + access.shop() + ": "
                    + e.getClass().getSimpleName(), 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ShopifyException(ShopifyException.Kind.UNAVAILABLE, "interrupted while calling Shopify", 0, e);
        }
        return answers.interpret(access.shop(), name, variables, response);
    }

    /**
     * Throttled: wait for the deficit to refill (what Shopify's own guidance says), plus jitter.
     * Other transient failures: {@link CallPolicies#backoffMillis}.
     */
    private static IntervalBiFunction<JsonNode> backoff() {
        return (attempt, outcome) -> {
            Throwable failure = outcome.isLeft() ? outcome.getLeft() : null;
            double jitter = ThreadLocalRandom.current().nextDouble();
            if (failure instanceof ShopifyException s && s.kind() == ShopifyException.Kind.THROTTLED) {
                return (long) (s.retryAfterSeconds() * 1000 + 50 + jitter * 250);
            }
            return CallPolicies.backoffMillis(attempt);
        };
    }
}
