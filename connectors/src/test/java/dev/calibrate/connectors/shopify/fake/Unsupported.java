package dev.calibrate.connectors.shopify.fake;

/**
 * Thrown when a request uses something of the real API the fake does not implement. The fake
 * answers with a GraphQL error coded {@code FAKE_UNSUPPORTED} and records it in
 * {@link FakeShopify#unsupported()}, so a gap in the fake is never mistaken for Shopify behaviour.
 */
final class Unsupported extends RuntimeException {
    Unsupported(String what) {
        super("FakeShopify does not support " + what);
    }
}
