package dev.calibrate.app.shopify;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.ShopifyFake;
import dev.calibrate.connectors.shopify.fake.FakeShop;
import dev.calibrate.connectors.shopify.fake.FakeShopify;
import dev.calibrate.connectors.shopify.fake.ShopifySignatures;
import org.springframework.web.util.UriComponentsBuilder;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public app's install as a merchant's browser goes through it: Shopify's signed install request
 * to Calibrate, the consent screen at the (fake) shop, and the signed callback back to Calibrate.
 */
final class InstallFlow {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final int port;
    private final ObjectMapper mapper;

    InstallFlow(int port, ObjectMapper mapper) {
        this.port = port;
        this.mapper = mapper;
    }

    /** {@code parameters} plus a current timestamp, signed with the app's client secret like Shopify's requests. */
    Map<String, String> signed(Map<String, String> parameters) {
        Map<String, String> query = new LinkedHashMap<>(parameters);
        query.put("timestamp", Long.toString(Instant.now().getEpochSecond()));
        query.put("hmac", ShopifySignatures.queryHmac(FakeShopify.DEFAULT_CLIENT_SECRET, query));
        return query;
    }

    /** The same query signed again, after a parameter was changed. */
    Map<String, String> resigned(Map<String, String> query) {
        Map<String, String> copy = new LinkedHashMap<>(query);
        copy.remove("hmac");
        copy.put("hmac", ShopifySignatures.queryHmac(FakeShopify.DEFAULT_CLIENT_SECRET, copy));
        return copy;
    }

    URI installUri(Map<String, String> query) {
        return URI.create("http://127.0.0.1:" + port + "/connectors/shopify/install?" + encode(query));
    }

    URI callbackUri(Map<String, String> query) {
        return URI.create("http://127.0.0.1:" + port + "/connectors/shopify/callback?" + encode(query));
    }

    /** Calibrate's answer to Shopify's install request: the shop's consent screen, with a state. */
    URI install(FakeShop shop) throws Exception {
        HttpResponse<String> redirect = get(installUri(signed(Map.of("shop", shop.domain()))));
        assertThat(redirect.statusCode()).as(redirect.body()).isEqualTo(302);
        URI authorize = URI.create(redirect.headers().firstValue("Location").orElseThrow());
        assertThat(query(authorize)).containsEntry("client_id", FakeShopify.DEFAULT_CLIENT_ID)
                .containsEntry("redirect_uri", "http://127.0.0.1:" + port + "/connectors/shopify/callback")
                .containsKey("state");
        return authorize;
    }

    /** The consent screen an App Store install opens: Shopify's own, so no state of Calibrate's. */
    URI appStoreConsent(FakeShop shop) {
        return URI.create(ShopifyFake.server().baseUri() + "/" + shop.domain() + "/admin/oauth/authorize"
                + "?client_id=" + FakeShopify.DEFAULT_CLIENT_ID + "&redirect_uri="
                + URLEncoder.encode("http://127.0.0.1:" + port + "/connectors/shopify/callback", StandardCharsets.UTF_8));
    }

    /** The merchant approves at the shop, which redirects back to Calibrate's callback. */
    URI consent(URI authorize) throws Exception {
        HttpResponse<String> approved = get(authorize);
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(302);
        return URI.create(approved.headers().firstValue("Location").orElseThrow());
    }

    Api.Response callback(URI callback) throws Exception {
        return response(get(callback));
    }

    Api.Response consentAndCallback(URI authorize) throws Exception {
        return callback(consent(authorize));
    }

    static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    Api.Response response(HttpResponse<String> http) {
        return new Api.Response(http.statusCode(), http.headers().map(), http.body(), mapper);
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> query = new LinkedHashMap<>();
        UriComponentsBuilder.fromUri(uri).build().getQueryParams().forEach((k, v) ->
                query.put(k, URLDecoder.decode(v.get(0), StandardCharsets.UTF_8)));
        return query;
    }

    static String encode(Map<String, String> query) {
        return query.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
