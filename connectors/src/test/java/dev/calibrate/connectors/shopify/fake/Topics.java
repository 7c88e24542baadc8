package dev.calibrate.connectors.shopify.fake;

import java.util.Locale;

/** Webhook topic names: GraphQL enum ({@code PRODUCTS_UPDATE}) vs header form ({@code products/update}). */
final class Topics {

    private Topics() {
    }

    static String header(String enumName) {
        if (enumName.contains("/")) {
            return enumName;
        }
        int last = enumName.lastIndexOf('_');
        String lower = enumName.toLowerCase(Locale.ROOT);
        return last < 0 ? lower : lower.substring(0, last) + "/" + lower.substring(last + 1);
    }

    static String enumName(String topic) {
        return topic.replace('/', '_').toUpperCase(Locale.ROOT);
    }
}
