package dev.calibrate.app.console.connector;

import dev.calibrate.connectors.shopify.catalog.ShopifyIngestApi.ShopifySyncReport;

import java.time.Instant;
import java.util.List;

/**
 * The last catalog sync as the progress bar shows it. A sync does not know its total ahead of time, so a
 * queued or running one is an indeterminate bar that counts what it has read, and the page polls it.
 */
public record SyncProgress(String state, String mode, Instant requestedAt, Instant finishedAt, int products, int variants,
                           int created, int updated, int unchanged, int deactivated, List<String> warnings, String error)
        implements SyncState {

    static SyncProgress of(ShopifySyncReport sync) {
        return new SyncProgress(sync.state(), sync.mode(), sync.requestedAt(), sync.finishedAt(),
                SyncState.count(sync.products()), SyncState.count(sync.variants()), SyncState.count(sync.created()),
                SyncState.count(sync.updated()), SyncState.count(sync.unchanged()), SyncState.count(sync.deactivated()),
                sync.warnings() == null ? List.of() : sync.warnings(), sync.error());
    }
}
