package dev.calibrate.app.console.connector;

import dev.calibrate.connectors.shopify.catalog.ShopifyIngestApi.ShopifySyncReport;

import java.time.Instant;
import java.util.List;

/**
 * The last catalog sync as the progress bar shows it. A sync does not know its total ahead of time, so a
 * queued or running one is an indeterminate bar that counts what it has read, and the page polls it.
 */
public record SyncProgress(String state, String mode, Instant requestedAt, Instant finishedAt, int products, int variants,
                    int created, int updated, int unchanged, int deactivated, List<String> warnings, String error) {

    static SyncProgress of(ShopifySyncReport sync) {
        return new SyncProgress(sync.state(), sync.mode(), sync.requestedAt(), sync.finishedAt(), n(sync.products()),
                n(sync.variants()), n(sync.created()), n(sync.updated()), n(sync.unchanged()), n(sync.deactivated()),
                sync.warnings() == null ? List.of() : sync.warnings(), sync.error());
    }

    public boolean running() {
        return "QUEUED".equals(state) || "RUNNING".equals(state);
    }

    public boolean never() {
        return "NEVER".equals(state);
    }

    public String badge() {
        switch (state) {
            case "COMPLETED":
                return "ok";
            case "FAILED":
                return "bad";
            case "NEVER":
                return "";
            default:
                return "warn";
        }
    }

    private static int n(Integer value) {
        return value == null ? 0 : value;
    }
}
