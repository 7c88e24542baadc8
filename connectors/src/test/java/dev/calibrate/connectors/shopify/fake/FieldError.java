package dev.calibrate.connectors.shopify.fake;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A GraphQL error Shopify reports in {@code errors[]} for one field (bad arguments and the like),
 * with {@code extensions.code} and any extra extension entries.
 */
final class FieldError extends RuntimeException {

    final Map<String, Object> extensions;

    FieldError(String message, String code) {
        this(message, code, Map.of());
    }

    FieldError(String message, String code, Map<String, Object> more) {
        super(message);
        this.extensions = new LinkedHashMap<>();
        if (code != null) {
            extensions.put("code", code);
        }
        extensions.putAll(more);
    }
}
