package dev.calibrate.app.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A webhook receiver on loopback, as a consumer runs one: one path per endpoint, answering what the
 * test says, and checking signatures the way the Standard Webhooks libraries do, independently of the
 * code that signs.
 */
final class Receiver implements AutoCloseable {

    private final WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    private final ObjectMapper mapper = new ObjectMapper();

    Receiver() {
        server.start();
    }

    /** A new path answering 204. */
    String newPath() {
        String path = "/hooks/" + UUID.randomUUID();
        answer(path, aResponse().withStatus(204));
        return path;
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    /** From now on the path answers this (the latest stub wins). */
    void answer(String path, ResponseDefinitionBuilder response) {
        server.stubFor(post(urlEqualTo(path)).willReturn(response));
    }

    List<LoggedRequest> requests(String path) {
        return server.findAll(postRequestedFor(urlEqualTo(path)));
    }

    JsonNode body(LoggedRequest request) {
        try {
            return mapper.readTree(request.getBodyAsString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The signatures of the request's webhook-signature header, without their {@code v1,}. */
    static List<String> signatures(LoggedRequest request) {
        return Arrays.stream(request.getHeader("webhook-signature").split(" "))
                .map(entry -> {
                    if (!entry.startsWith("v1,")) {
                        throw new AssertionError("not a v1 signature: " + entry);
                    }
                    return entry.substring(3);
                }).toList();
    }

    /** The Standard Webhooks signature of the request under {@code secret}, computed here. */
    static String expectedSignature(String secret, LoggedRequest request) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            String signed = request.getHeader("webhook-id") + "." + request.getHeader("webhook-timestamp") + "."
                    + request.getBodyAsString();
            return Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
