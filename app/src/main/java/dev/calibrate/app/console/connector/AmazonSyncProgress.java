package dev.calibrate.app.console.connector;

import dev.calibrate.connectors.amazon.catalog.AmazonIngestApi.AmazonSyncReport;

import java.time.Instant;
import java.util.List;

/**
 * The last listings sync of the seller account as its progress box shows it, like {@link SyncProgress}
 * for Shopify: a sync does not know its total ahead of time, so a queued or running one is an
 * indeterminate bar that counts what it has read, and the page polls it.
 */
public record AmazonSyncProgress(String state, Instant finishedAt, int pages, int listings, int created,
                                 int updated, int unchanged, int removed, List<String> warnings, String error)
        implements SyncState {

    static AmazonSyncProgress of(AmazonSyncReport sync) {
        return new AmazonSyncProgress(sync.state(), sync.finishedAt(), SyncState.count(sync.pages()),
                SyncState.count(sync.listingsSeen()), SyncState.count(sync.created()), SyncState.count(sync.updated()),
                SyncState.count(sync.unchanged()), SyncState.count(sync.removed()),
                sync.warnings() == null ? List.of() : sync.warnings(), sync.error());
    }
}
