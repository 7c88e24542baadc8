package dev.calibrate.connectors.shopify.fake;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The two HMAC-SHA256 signatures Shopify puts on what it sends an app, both keyed with the app's
 * client secret. Tests use them to sign requests the way Shopify would, or to check a signature.
 */
public final class ShopifySignatures {

    private ShopifySignatures() {
    }

    /** {@code X-Shopify-Hmac-Sha256} of a webhook: base64 HMAC-SHA256 of the raw body bytes. */
    public static String webhookHmac(String clientSecret, byte[] rawBody) {
        return Base64.getEncoder().encodeToString(hmac(clientSecret, rawBody));
    }

    /** {@code X-Shopify-Hmac-Sha256} of a webhook whose body is this UTF-8 text. */
    public static String webhookHmac(String clientSecret, String body) {
        return webhookHmac(clientSecret, body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The {@code hmac} query parameter of OAuth redirects and app URLs: hex HMAC-SHA256 of the other
     * parameters sorted by name and joined as {@code k=v&k=v} ({@code hmac} itself is left out).
     */
    public static String queryHmac(String clientSecret, Map<String, String> parameters) {
        return HexFormat.of().formatHex(hmac(clientSecret, signedQueryMessage(parameters).getBytes(StandardCharsets.UTF_8)));
    }

    /** The message {@link #queryHmac} signs, e.g. {@code code=…&shop=…&state=…&timestamp=…}. */
    public static String signedQueryMessage(Map<String, String> parameters) {
        return new TreeMap<>(parameters).entrySet().stream()
                .filter(entry -> !entry.getKey().equals("hmac") && !entry.getKey().equals("signature"))
                .map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining("&"));
    }

    static byte[] hmac(String secret, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
