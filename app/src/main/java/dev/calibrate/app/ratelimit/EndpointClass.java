package dev.calibrate.app.ratelimit;

/**
 * Reads are GET, HEAD and OPTIONS, and every GraphQL request (the schema has no mutation); writes are
 * every other method. Each has buckets of its own, so that a burst of reads
 * never stops a write and the other way round.
 */
public enum EndpointClass {
    READ, WRITE;

    static EndpointClass of(String method, String path) {
        return "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method) || "/graphql".equals(path)
                ? READ : WRITE;
    }

    String wireName() {
        return this == READ ? "read" : "write";
    }
}
