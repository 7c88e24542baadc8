package dev.calibrate.connectors.shopify;

/** The connector's URLs that its answers point at (a connect or ingest answer links to the status). */
public final class ShopifyPaths {

    public static final String STATUS = "/api/v1/connectors/shopify/status";

    private ShopifyPaths() {
    }
}
