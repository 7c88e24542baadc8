package dev.calibrate.connectors.shopify.fake;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FakeShopifyOAuthTest {

    private static final String CLIENT_ID = "calibrate-app";
    private static final String CLIENT_SECRET = "hush";

    private final FakeClock clock = new FakeClock(Instant.parse("2026-07-01T09:00:00Z"));
    private final FakeShopify shopify = new FakeShopify(clock).oauthApp(CLIENT_ID, CLIENT_SECRET);
    private final FakeShop shop = shopify.addShop("oauth-shop.myshopify.com", "shpat_static", "CAD");

    @AfterEach
    void stop() {
        shopify.close();
    }

    @Test
    void a_code_is_exchanged_once_for_an_expiring_token_that_works_on_the_admin_api() {
        String code = shop.issueOAuthCode(CLIENT_ID);

        TestClient.Answer first = tokenRequest(Map.of("client_id", CLIENT_ID, "client_secret", CLIENT_SECRET, "code", code));
        TestClient.Answer again = tokenRequest(Map.of("client_id", CLIENT_ID, "client_secret", CLIENT_SECRET, "code", code));

        assertThat(first.status()).isEqualTo(200);
        JsonNode token = first.json();
        assertThat(token.get("access_token").asText()).startsWith("shpat_");
        assertThat(token.get("scope").asText()).isEqualTo("read_products,write_products");
        assertThat(token.get("expires_in").asInt()).isEqualTo(3600);
        assertThat(token.get("refresh_token").asText()).isNotBlank();
        assertThat(token.get("refresh_token_expires_in").asLong()).isPositive();
        assertThat(graphQlStatus(token.get("access_token").asText())).isEqualTo(200);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.json().get("error").asText()).isEqualTo("invalid_request");
    }

    @Test
    void a_wrong_client_secret_is_refused_and_does_not_use_up_the_code() {
        String code = shop.issueOAuthCode(CLIENT_ID);

        TestClient.Answer wrong = tokenRequest(Map.of("client_id", CLIENT_ID, "client_secret", "guess", "code", code));
        TestClient.Answer right = formTokenRequest("client_id=" + CLIENT_ID + "&client_secret=" + CLIENT_SECRET + "&code=" + code);

        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().get("error").asText()).isEqualTo("invalid_client");
        assertThat(right.status()).as("form-encoded bodies work too").isEqualTo(200);
    }

    @Test
    void refreshing_retires_the_old_tokens_and_issues_working_new_ones() {
        JsonNode issued = tokenRequest(Map.of("client_id", CLIENT_ID, "client_secret", CLIENT_SECRET,
                "code", shop.issueOAuthCode(CLIENT_ID))).json();
        String refreshToken = issued.get("refresh_token").asText();

        JsonNode refreshed = tokenRequest(Map.of("client_id", CLIENT_ID, "client_secret", CLIENT_SECRET,
                "grant_type", "refresh_token", "refresh_token", refreshToken)).json();
        TestClient.Answer reused = tokenRequest(Map.of("client_id", CLIENT_ID, "client_secret", CLIENT_SECRET,
                "grant_type", "refresh_token", "refresh_token", refreshToken));

        assertThat(graphQlStatus(issued.get("access_token").asText())).isEqualTo(401);
        assertThat(graphQlStatus(refreshed.get("access_token").asText())).isEqualTo(200);
        assertThat(refreshed.get("refresh_token").asText()).isNotEqualTo(refreshToken);
        assertThat(reused.status()).isEqualTo(400);
    }

    @Test
    void tokens_expire_after_an_hour_or_when_the_test_says_so_and_refresh_still_works() {
        JsonNode issued = tokenRequest(Map.of("client_id", CLIENT_ID, "client_secret", CLIENT_SECRET,
                "code", shop.issueOAuthCode(CLIENT_ID))).json();
        String token = issued.get("access_token").asText();

        clock.advance(Duration.ofMinutes(59));
        assertThat(graphQlStatus(token)).isEqualTo(200);
        clock.advance(Duration.ofMinutes(2));
        assertThat(graphQlStatus(token)).isEqualTo(401);

        shop.expireAccessTokens();
        assertThat(graphQlStatus(shop.accessToken())).isEqualTo(401);
        JsonNode refreshed = tokenRequest(Map.of("client_id", CLIENT_ID, "client_secret", CLIENT_SECRET,
                "grant_type", "refresh_token", "refresh_token", issued.get("refresh_token").asText())).json();
        assertThat(graphQlStatus(refreshed.get("access_token").asText())).isEqualTo(200);
    }

    @Test
    void authorize_redirects_to_the_app_with_a_signed_single_use_code() {
        URI authorize = URI.create(shopify.baseUrlTemplate().replace("{shop}", shop.domain())
                + "/admin/oauth/authorize?client_id=" + CLIENT_ID + "&scope=read_products,write_products"
                + "&redirect_uri=https://app.example/auth/callback&state=nonce-123");

        TestClient.Answer redirect = TestClient.get(authorize);

        assertThat(redirect.status()).isEqualTo(302);
        URI location = URI.create(redirect.response().headers().firstValue("Location").orElseThrow());
        assertThat(location.toString()).startsWith("https://app.example/auth/callback?");
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : location.getRawQuery().split("&")) {
            String[] parts = pair.split("=", 2);
            query.put(parts[0], java.net.URLDecoder.decode(parts[1], java.nio.charset.StandardCharsets.UTF_8));
        }
        assertThat(query).containsEntry("shop", shop.domain()).containsEntry("state", "nonce-123").containsKeys("code", "timestamp", "host");
        assertThat(query.get("hmac")).isEqualTo(ShopifySignatures.queryHmac(CLIENT_SECRET, query));
        assertThat(tokenRequest(Map.of("client_id", CLIENT_ID, "client_secret", CLIENT_SECRET, "code", query.get("code"))).status())
                .isEqualTo(200);
    }

    private TestClient.Answer tokenRequest(Map<String, String> body) {
        try {
            return TestClient.send(HttpRequest.newBuilder(tokenUri()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(TestClient.JSON.writeValueAsString(body))).build());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private TestClient.Answer formTokenRequest(String form) {
        return TestClient.send(HttpRequest.newBuilder(tokenUri()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    private URI tokenUri() {
        return URI.create(shopify.baseUri() + "/" + shop.domain() + "/admin/oauth/access_token");
    }

    private int graphQlStatus(String token) {
        return new TestClient(shop.graphQlUri("2026-07"), token).graphQl("{ shop { name } }").status();
    }
}
