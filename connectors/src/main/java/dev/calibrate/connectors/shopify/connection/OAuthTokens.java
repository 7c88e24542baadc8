package dev.calibrate.connectors.shopify.connection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.connectors.shopify.ShopifySettings;
import dev.calibrate.connectors.shopify.connection.ShopifyConnections.Credentials;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Shopify's token endpoint ({@code POST https://{shop}/admin/oauth/access_token}): exchanges an
 * authorization code for an expiring offline token, and a refresh token for a new one.
 */
@Component
public class OAuthTokens {

    private final ShopifySettings settings;
    private final ObjectMapper json;
    private final Clock clock;
    private final HttpClient http;

    public OAuthTokens(ShopifySettings settings, ObjectMapper json, Optional<Clock> clock) {
        this.settings = settings;
        this.json = json;
        this.clock = clock.orElse(Clock.systemUTC());
        this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).build();
    }

    /** Shopify refused the exchange or could not be reached; the message is safe to show. */
    public static final class TokenRequestFailed extends RuntimeException {
        private final boolean refused;

        TokenRequestFailed(String message, boolean refused) {
            super(message);
            this.refused = refused;
        }

        /** True when Shopify answered and said no (bad code, revoked refresh token), false when it did not answer. */
        public boolean refused() {
            return refused;
        }
    }

    public Credentials exchange(String shop, String code) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("client_id", settings.clientId());
        body.put("client_secret", settings.clientSecret());
        body.put("code", code);
        // asks for an expiring offline token (with a refresh token) instead of a non-expiring one
        body.put("expiring", 1);
        return request(shop, body);
    }

    public Credentials refresh(String shop, String refreshToken) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("client_id", settings.clientId());
        body.put("client_secret", settings.clientSecret());
        body.put("grant_type", "refresh_token");
        body.put("refresh_token", refreshToken);
        return request(shop, body);
    }

    private Credentials request(String shop, Map<String, Object> body) {
        URI url = URI.create(settings.shopUrl(shop) + "/admin/oauth/access_token");
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(url).timeout(settings.requestTimeout())
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new TokenRequestFailed("could not reach " + shop + " for an access token: " + e.getClass().getSimpleName(), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenRequestFailed("interrupted while asking " + shop + " for an access token", false);
        }
        JsonNode answer;
        try {
            answer = json.readTree(response.body());
        } catch (IOException e) {
            answer = json.createObjectNode();
        }
        if (response.statusCode() != 200 || !answer.hasNonNull("access_token")) {
            String reason = answer.path("error_description").asText(answer.path("error").asText(answer.path("errors").asText("")));
            throw new TokenRequestFailed("Shopify refused the token request for " + shop + " (HTTP "
                    + response.statusCode() + (reason.isBlank() ? "" : ": " + reason) + ")", response.statusCode() < 500);
        }
        Instant now = clock.instant();
        return new Credentials(answer.get("access_token").asText(), null,
                answer.hasNonNull("refresh_token") ? answer.get("refresh_token").asText() : null,
                answer.hasNonNull("expires_in") ? now.plusSeconds(answer.get("expires_in").asLong()) : null,
                answer.hasNonNull("refresh_token_expires_in")
                        ? now.plusSeconds(answer.get("refresh_token_expires_in").asLong()) : null);
    }
}
