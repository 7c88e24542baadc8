package dev.calibrate.connectors.shopify.connection;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Shopify's signature of OAuth redirects: the hex HMAC-SHA256, under the app's client secret, of every
 * query parameter except {@code hmac} (and the legacy {@code signature}), sorted by name and joined as
 * {@code k=v&k=v}.
 */
public final class QuerySignature {

    private QuerySignature() {
    }

    public static String message(Map<String, String> parameters) {
        return new TreeMap<>(parameters).entrySet().stream()
                .filter(e -> !e.getKey().equals("hmac") && !e.getKey().equals("signature"))
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&"));
    }

    public static String sign(Map<String, String> parameters, String secret) {
        return hmacHex(message(parameters), secret);
    }

    /** Constant-time check of the {@code hmac} parameter. */
    public static boolean verify(Map<String, String> parameters, String secret) {
        String presented = parameters.get("hmac");
        if (presented == null || secret == null || secret.isEmpty()) {
            return false;
        }
        byte[] expected = sign(parameters, secret).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, presented.toLowerCase().getBytes(StandardCharsets.US_ASCII));
    }

    static String hmacHex(String message, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }
}
