package dev.calibrate.app.security.oidc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OIDC provider in one class, for tests: discovery, a JWKS with one RSA key, an authorization endpoint that
 * approves at once (redirecting back with a code and the state it was given) and a token endpoint that checks
 * the client's secret, the code and its PKCE verifier and answers an RS256 ID token carrying the nonce. Who the
 * next person is, and what is wrong with their token, a test says with {@link #next}.
 */
final class FakeOidcProvider implements AutoCloseable {

    static final String CLIENT_ID = "calibrate-console";
    static final String CLIENT_SECRET = "fake-provider-client-secret-0123456789";

    /**
     * The person the provider vouches for at the next authorization, and how the token lies, if it does.
     * {@code email} and {@code emailVerified} are left out of the token when null.
     */
    record Identity(String subject, String email, Boolean emailVerified, boolean rogueSignature, String audience,
                    String nonce, boolean deny, String issuer, boolean pastExpiry) {
        static Identity of(String subject, String email) {
            return new Identity(subject, email, true, false, null, null, false, null, false);
        }

        Identity fromIssuer(String other) {
            return new Identity(subject, email, emailVerified, rogueSignature, audience, nonce, deny, other, pastExpiry);
        }

        Identity expired() {
            return new Identity(subject, email, emailVerified, rogueSignature, audience, nonce, deny, issuer, true);
        }

        Identity unverified() {
            return new Identity(subject, email, false, rogueSignature, audience, nonce, deny, issuer, pastExpiry);
        }

        Identity withoutEmail() {
            return new Identity(subject, null, null, rogueSignature, audience, nonce, deny, issuer, pastExpiry);
        }

        Identity signedByAnotherKey() {
            return new Identity(subject, email, emailVerified, true, audience, nonce, deny, issuer, pastExpiry);
        }

        Identity forAudience(String other) {
            return new Identity(subject, email, emailVerified, rogueSignature, other, nonce, deny, issuer, pastExpiry);
        }

        Identity withNonce(String other) {
            return new Identity(subject, email, emailVerified, rogueSignature, audience, other, deny, issuer, pastExpiry);
        }

        Identity denied() {
            return new Identity(subject, email, emailVerified, rogueSignature, audience, nonce, true, issuer, pastExpiry);
        }
    }

    private record Pending(Identity identity, String nonce, String codeChallenge, String redirectUri) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final RSAKey key;
    private final RSAKey rogueKey;
    private final Map<String, Pending> codes = new ConcurrentHashMap<>();
    private volatile Identity next;
    private volatile Map<String, String> lastAuthorization = Map.of();
    private final Map<String, Duration> slow = new ConcurrentHashMap<>();
    private final AtomicInteger discoveries = new AtomicInteger();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    FakeOidcProvider() {
        try {
            key = new RSAKeyGenerator(2048).keyID("fake-1").generate();
            rogueKey = new RSAKeyGenerator(2048).keyID("fake-1").generate();
            server = HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/.well-known/openid-configuration", slowly(this::discovery));
        server.createContext("/jwks", slowly(exchange -> answer(exchange, 200,
                new JWKSet(key.toPublicJWK()).toString())));
        server.createContext("/authorize", slowly(this::authorize));
        server.createContext("/token", slowly(this::token));
        // a slow answer must not hold up the next request, as a real provider's would not
        server.setExecutor(threads);
        server.start();
    }

    String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** From now on the endpoint at {@code path} (e.g. "/token") answers only after {@code delay}; zero for at once. */
    void slow(String path, Duration delay) {
        if (delay.isZero()) {
            slow.remove(path);
        } else {
            slow.put(path, delay);
        }
    }

    /** How many times the discovery document was asked for. */
    int discoveries() {
        return discoveries.get();
    }

    private HttpHandler slowly(HttpHandler handler) {
        return exchange -> {
            if (exchange.getHttpContext().getPath().equals("/.well-known/openid-configuration")) {
                discoveries.incrementAndGet();
            }
            Duration delay = slow.get(exchange.getHttpContext().getPath());
            if (delay != null) {
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            handler.handle(exchange);
        };
    }

    void next(Identity identity) {
        this.next = identity;
    }

    /** The query of the last authorization request the provider received. */
    Map<String, String> lastAuthorization() {
        return lastAuthorization;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void discovery(HttpExchange exchange) throws IOException {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", issuer());
        document.put("authorization_endpoint", issuer() + "/authorize");
        document.put("token_endpoint", issuer() + "/token");
        document.put("jwks_uri", issuer() + "/jwks");
        document.put("response_types_supported", List.of("code"));
        document.put("subject_types_supported", List.of("public"));
        document.put("id_token_signing_alg_values_supported", List.of("RS256"));
        document.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic"));
        document.put("code_challenge_methods_supported", List.of("S256"));
        document.put("scopes_supported", List.of("openid", "email", "profile"));
        answer(exchange, 200, json.writeValueAsString(document));
    }

    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
        lastAuthorization = query;
        Identity identity = next;
        String redirectUri = query.get("redirect_uri");
        if (identity == null || redirectUri == null || !CLIENT_ID.equals(query.get("client_id"))) {
            answer(exchange, 400, "{\"error\":\"invalid_request\"}");
            return;
        }
        String state = URLEncoder.encode(query.getOrDefault("state", ""), StandardCharsets.UTF_8);
        if (identity.deny()) {
            redirect(exchange, redirectUri + "?error=access_denied&state=" + state);
            return;
        }
        String code = UUID.randomUUID().toString();
        codes.put(code, new Pending(identity, query.get("nonce"), query.get("code_challenge"), redirectUri));
        redirect(exchange, redirectUri + "?code=" + code + "&state=" + state);
    }

    private void token(HttpExchange exchange) throws IOException {
        String expected = "Basic " + Base64.getEncoder().encodeToString(
                (CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            answer(exchange, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        Map<String, String> body = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Pending pending = codes.remove(body.getOrDefault("code", ""));
        if (pending == null || !pending.redirectUri().equals(body.get("redirect_uri"))
                || !"authorization_code".equals(body.get("grant_type"))
                || pending.codeChallenge() == null || !pending.codeChallenge().equals(s256(body.get("code_verifier")))) {
            answer(exchange, 400, "{\"error\":\"invalid_grant\"}");
            return;
        }
        Map<String, Object> tokens = new LinkedHashMap<>();
        tokens.put("access_token", UUID.randomUUID().toString());
        tokens.put("token_type", "Bearer");
        tokens.put("expires_in", 300);
        tokens.put("scope", "openid email profile");
        tokens.put("id_token", idToken(pending));
        answer(exchange, 200, json.writeValueAsString(tokens));
    }

    private String idToken(Pending pending) {
        Identity identity = pending.identity();
        Instant now = identity.pastExpiry() ? Instant.now().minusSeconds(3600) : Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(identity.issuer() != null ? identity.issuer() : issuer())
                .subject(identity.subject())
                .audience(identity.audience() != null ? identity.audience() : CLIENT_ID)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .claim("nonce", identity.nonce() != null ? identity.nonce() : pending.nonce());
        if (identity.email() != null) {
            claims.claim("email", identity.email());
        }
        if (identity.emailVerified() != null) {
            claims.claim("email_verified", identity.emailVerified());
        }
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims.build());
            jwt.sign(new RSASSASigner(identity.rogueSignature() ? rogueKey : key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String s256(String verifier) {
        if (verifier == null) {
            return null;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> form(String encoded) {
        Map<String, String> values = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            values.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return values;
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().add("Location", URI.create(location).toString());
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
