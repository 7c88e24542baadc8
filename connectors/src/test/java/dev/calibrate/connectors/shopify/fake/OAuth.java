package dev.calibrate.connectors.shopify.fake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Shopify's OAuth endpoints for one shop.
 * <ul>
 *   <li>{@code GET /{shop}/admin/oauth/authorize?client_id&scope&redirect_uri&state}: the merchant
 *       approves at once; answers 302 to {@code redirect_uri?code&hmac&host&shop&state&timestamp},
 *       signed with the client secret like the real redirect.</li>
 *   <li>{@code POST /{shop}/admin/oauth/access_token} (JSON or form body): exchanges a single-use
 *       {@code code} ({@code client_id}, {@code client_secret}, {@code code}) or a refresh token
 *       ({@code grant_type=refresh_token}, {@code refresh_token}) for an expiring offline token:
 *       {@code {access_token, scope, expires_in: 3600, refresh_token, refresh_token_expires_in}}.
 *       Refreshing retires the old access and refresh tokens.</li>
 * </ul>
 */
final class OAuth {

    private final FakeShopify server;

    OAuth(FakeShopify server) {
        this.server = server;
    }

    void authorize(HttpExchange exchange, FakeShop shop) throws IOException {
        Map<String, String> query = parseForm(exchange.getRequestURI().getRawQuery());
        String clientId = query.get("client_id");
        String redirectUri = query.get("redirect_uri");
        if (!server.clientId().equals(clientId) || redirectUri == null) {
            FakeShopify.respond(exchange, 400, "text/html; charset=utf-8",
                    "<html><body><h1>Oauth error invalid_request: The client_id or redirect_uri is not valid</h1></body></html>");
            return;
        }
        String code = shop.issueOAuthCode(clientId, query.getOrDefault("scope", "read_products,write_products"));
        Map<String, String> callback = new LinkedHashMap<>();
        callback.put("code", code);
        callback.put("host", Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("admin.shopify.com/store/" + shop.domain().split("\\.")[0]).getBytes(StandardCharsets.UTF_8)));
        callback.put("shop", shop.domain());
        if (query.get("state") != null) {
            callback.put("state", query.get("state"));
        }
        callback.put("timestamp", String.valueOf(server.clock().instant().getEpochSecond()));
        callback.put("hmac", ShopifySignatures.queryHmac(server.clientSecret(), callback));
        StringBuilder location = new StringBuilder(redirectUri).append(redirectUri.contains("?") ? '&' : '?');
        callback.forEach((name, value) -> location.append(name).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)).append('&'));
        location.setLength(location.length() - 1);
        exchange.getResponseHeaders().set("Location", URI.create(location.toString()).toString());
        FakeShopify.respond(exchange, 302, "text/html; charset=utf-8", "<html><body>You are being redirected.</body></html>");
    }

    void accessToken(HttpExchange exchange, FakeShop shop) throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            FakeShopify.respond(exchange, 405, "application/json", "{\"errors\":\"Method Not Allowed\"}");
            return;
        }
        Map<String, String> params = parseForm(exchange.getRequestURI().getRawQuery());
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String contentType = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
        if (contentType.startsWith("application/json")) {
            try {
                Json.readMap(body).forEach((key, value) -> params.put(key, value == null ? null : value.toString()));
            } catch (RuntimeException e) {
                oauthError(exchange, 400, "invalid_request", "The request body is not valid JSON");
                return;
            }
        } else {
            params.putAll(parseForm(body));
        }
        if (!server.clientId().equals(params.get("client_id")) || !server.clientSecret().equals(params.get("client_secret"))) {
            oauthError(exchange, 401, "invalid_client", "Client authentication failed: unknown client_id or wrong client_secret");
            return;
        }
        String grantType = params.getOrDefault("grant_type", "authorization_code");
        AccessTokens.Grant grant;
        switch (grantType) {
            case "authorization_code" -> {
                grant = params.get("code") == null ? null : shop.tokens().redeem(params.get("code"), params.get("client_id"));
                if (grant == null) {
                    oauthError(exchange, 400, "invalid_request", "The authorization code was not found or was already used");
                    return;
                }
            }
            case "refresh_token" -> {
                grant = params.get("refresh_token") == null ? null : shop.tokens().refresh(params.get("refresh_token"));
                if (grant == null) {
                    oauthError(exchange, 400, "invalid_grant", "The refresh token is invalid, expired or already used");
                    return;
                }
            }
            default -> {
                oauthError(exchange, 400, "unsupported_grant_type", "Unsupported grant_type " + grantType);
                return;
            }
        }
        ObjectNode answer = Json.object()
                .put("access_token", grant.accessToken())
                .put("scope", grant.scope())
                .put("expires_in", grant.expiresIn())
                .put("refresh_token", grant.refreshToken())
                .put("refresh_token_expires_in", grant.refreshExpiresIn());
        FakeShopify.respond(exchange, 200, "application/json", answer.toString());
    }

    private static void oauthError(HttpExchange exchange, int status, String error, String description) throws IOException {
        FakeShopify.respond(exchange, status, "application/json",
                Json.object().put("error", error).put("error_description", description).toString());
    }

    static Map<String, String> parseForm(String encoded) {
        Map<String, String> values = new LinkedHashMap<>();
        if (encoded == null || encoded.isBlank()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            values.put(name, value);
        }
        return values;
    }
}
