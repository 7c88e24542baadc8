package dev.calibrate.app.messaging.axonserver;

import java.util.List;

/**
 * What the {@code axonserver} profile switches off, because it reads PostgreSQL's event table in ways Axon
 * Server's API has no counterpart for: the paths that answer 503, the GraphQL fields that answer an error, and
 * why (docs/operations.md#axon-server-profile).
 */
enum UnavailableFeature {

    EVENT_FEED("the event feed and its stream", "page the event table by position below PostgreSQL's safe horizon",
            List.of(), "/api/v1/events", "/api/v1/events/stream"),
    WEBHOOKS("webhooks", "deliver what the event feed reads", List.of(), "/api/v1/webhooks", "/api/v1/webhooks/**"),
    AUDIT_SEALING("audit checkpoints, proofs, verification and export",
            "hash and read back the event table's rows by their global index", List.of(),
            "/api/v1/audit/export", "/api/v1/audit/verify", "/api/v1/audit/checkpoints",
            "/api/v1/audit/checkpoints/**", "/api/v1/audit/proofs/**"),
    PRODUCT_HISTORY("product history, price-at and provenance",
            "read a product's events by time window and tenant with SQL",
            List.of("Query.priceProvenance", "Product.provenance"),
            "/api/v1/products/*/history", "/api/v1/products/*/price-at", "/api/v1/products/*/provenance"),
    ANOMALIES("anomalies", "read the histories of a page of products in one SQL query", List.of(),
            "/api/v1/anomalies");

    private final String what;
    private final String because;
    private final List<String> graphQlFields;
    private final List<String> paths;

    UnavailableFeature(String what, String because, List<String> graphQlFields, String... paths) {
        this.what = what;
        this.because = because;
        this.graphQlFields = graphQlFields;
        this.paths = List.of(paths);
    }

    /** {@code Type.field}: the GraphQL fields that answer the same. */
    List<String> graphQlFields() {
        return graphQlFields;
    }

    List<String> paths() {
        return paths;
    }

    String detail() {
        return what + " is not available under the axonserver profile: it would " + because
                + ", and the events are in Axon Server (docs/operations.md#axon-server-profile)";
    }
}
