package dev.calibrate.connectors.amazon;

/** The connector's URLs that its answers point at (a connect or ingest answer links to the status). */
public final class AmazonPaths {

    public static final String STATUS = "/api/v1/connectors/amazon/status";

    private AmazonPaths() {
    }
}
