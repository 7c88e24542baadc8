package dev.calibrate.connectors.shopify.fake;

/** Shopify global ids ({@code gid://shopify/Type/N}) and back. */
final class Gids {

    private Gids() {
    }

    static String of(String type, long id) {
        return "gid://shopify/" + type + "/" + id;
    }

    static String product(long id) {
        return of("Product", id);
    }

    static String variant(long id) {
        return of("ProductVariant", id);
    }

    /** The numeric id of {@code gid} when it names a {@code type}; -1 otherwise. */
    static long parse(String gid, String type) {
        String prefix = "gid://shopify/" + type + "/";
        if (gid == null || !gid.startsWith(prefix)) {
            return -1;
        }
        String rest = gid.substring(prefix.length());
        int query = rest.indexOf('?');
        if (query >= 0) {
            rest = rest.substring(0, query);
        }
        try {
            return Long.parseLong(rest);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The type part of a gid, e.g. {@code Product}; null when it is not a Shopify gid. */
    static String type(String gid) {
        if (gid == null || !gid.startsWith("gid://shopify/")) {
            return null;
        }
        String rest = gid.substring("gid://shopify/".length());
        int slash = rest.indexOf('/');
        return slash < 0 ? null : rest.substring(0, slash);
    }
}
