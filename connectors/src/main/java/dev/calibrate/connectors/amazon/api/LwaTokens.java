package dev.calibrate.connectors.amazon.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.connectors.amazon.AmazonMetrics;
import dev.calibrate.connectors.amazon.AmazonSettings;
import dev.calibrate.connectors.calls.CallPolicies;
import dev.calibrate.kernel.tenant.TenantId;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Login with Amazon: exchanges a refresh token for an access token (the {@code refresh_token} grant,
 * a form-urlencoded POST, the only request this connector sends that is not a GET, and it goes to
 * LWA, never to the Selling Partner API). Each tenant's token is kept until shortly before it
 * expires. An outage (no answer, 5xx) is retried a few times with backoff, briefly enough for a
 * connect request to wait on; a refusal never is. Neither the credentials nor the token appear in a
 * log line, exception or metric.
 */
@Component
public class LwaTokens {

    /** Attempts of one token exchange at most (fewer when {@code max-attempts} says so): about 1.5 s of waiting. */
    static final int MAX_ATTEMPTS = 3;

    /** An access token and when Amazon said it expires. */
    public record AccessToken(String value, Instant expiresAt) {
        @Override
        public String toString() {
            return "AccessToken[expires " + expiresAt + "]";
        }
    }

    private final AmazonSettings settings;
    private final AmazonMetrics metrics;
    private final ObjectMapper json;
    private final Clock clock;
    private final HttpClient http;
    private final Map<TenantId, AccessToken> cache = new ConcurrentHashMap<>();

    public LwaTokens(AmazonSettings settings, AmazonMetrics metrics, ObjectMapper json, Optional<Clock> clock) {
        this.settings = settings;
        this.metrics = metrics;
        this.json = json;
        this.clock = clock.orElse(Clock.systemUTC());
        this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The tenant's access token: the cached one while it has more than the margin left, else a new one. */
    public String accessToken(TenantId tenantId, LwaCredentials credentials) {
        AccessToken cached = cache.get(tenantId);
        if (cached != null && clock.instant().isBefore(cached.expiresAt().minus(settings.tokenMargin()))) {
            return cached.value();
        }
        AccessToken fresh = exchange(credentials);
        cache.put(tenantId, fresh);
        return fresh.value();
    }

    /** Keeps a token obtained elsewhere (the connect check) for the tenant. */
    public void remember(TenantId tenantId, AccessToken token) {
        cache.put(tenantId, token);
    }

    /** Drops the tenant's token: after a disconnect, a reconnect, or a token SP-API refused. */
    public void forget(TenantId tenantId) {
        cache.remove(tenantId);
    }

    /**
     * Asks LWA for a new access token. Throws {@link LwaException} when it refuses, or when it could
     * not be reached in any of the attempts.
     */
    public AccessToken exchange(LwaCredentials credentials) {
        int attempts = Math.min(MAX_ATTEMPTS, settings.maxAttempts());
        for (int attempt = 1; ; attempt++) {
            try {
                return exchangeOnce(credentials);
            } catch (LwaException e) {
                if (e.refused() || attempt >= attempts) {
                    throw e;
                }
                pause(CallPolicies.backoffMillis(attempt));
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LwaException.unavailable("interrupted while waiting to ask Login with Amazon again", e);
        }
    }

    private AccessToken exchangeOnce(LwaCredentials credentials) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", credentials.refreshToken());
        form.put("client_id", credentials.clientId());
        form.put("client_secret", credentials.clientSecret());
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(settings.lwaUri())
                    .timeout(settings.requestTimeout())
                    .header("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            metrics.tokenRequest("unavailable");
            throw LwaException.unavailable("could not reach Login with Amazon: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LwaException.unavailable("interrupted while asking Login with Amazon for a token", e);
        }
        JsonNode answer = parse(response.body());
        int status = response.statusCode();
        if (status == 200 && answer.hasNonNull("access_token")) {
            metrics.tokenRequest("ok");
            long seconds = answer.path("expires_in").asLong(3600);
            return new AccessToken(answer.get("access_token").asText(), clock.instant().plusSeconds(seconds));
        }
        if (status >= 400 && status < 500 && answer.hasNonNull("error")) {
            metrics.tokenRequest("refused");
            throw LwaException.refused(status, answer.get("error").asText(),
                    answer.path("error_description").asText("no description"));
        }
        metrics.tokenRequest("unavailable");
        throw LwaException.unavailable("Login with Amazon answered HTTP " + status + " without a token", null);
    }

    private JsonNode parse(String body) {
        try {
            JsonNode node = json.readTree(body == null || body.isBlank() ? "{}" : body);
            return node == null ? json.createObjectNode() : node;
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }
}
