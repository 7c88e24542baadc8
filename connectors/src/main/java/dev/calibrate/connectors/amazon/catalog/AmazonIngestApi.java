package dev.calibrate.connectors.amazon.catalog;

import dev.calibrate.connectors.amazon.catalog.AmazonIngests.IngestStatus;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

import java.time.Instant;
import java.util.List;

/**
 * The answer to an ingest request and the ingest section of the status. Timestamps the ingest has not
 * reached yet are left out, never written as null.
 */
public final class AmazonIngestApi {

    private AmazonIngestApi() {
    }

    /**
     * The last (or running) listings sync; before the first one only {@code state} is there, as
     * {@code NEVER}. {@code statusUrl} is in the answer to a sync request only.
     */
    public record AmazonSyncReport(
            @Schema(allowableValues = {"NEVER", "QUEUED", "RUNNING", "COMPLETED", "FAILED"}) String state,
            @Nullable Instant requestedAt,
            @Nullable Instant startedAt,
            @Nullable Instant finishedAt,
            @Nullable Integer pages,
            @Nullable Integer listingsSeen,
            @Nullable Integer productsUpserted,
            @Nullable Integer created,
            @Nullable Integer updated,
            @Nullable Integer unchanged,
            @Nullable Integer removed,
            @Nullable List<String> warnings,
            @Nullable String error,
            @Nullable Instant lastSuccessAt,
            @Nullable Instant lastFailureAt,
            @Nullable String statusUrl) {

        public static final AmazonSyncReport NEVER = new AmazonSyncReport("NEVER", null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null);

        public static AmazonSyncReport of(IngestStatus sync) {
            AmazonIngests.Tally tally = sync.tally();
            return new AmazonSyncReport(sync.state().name(), sync.requestedAt(), sync.startedAt(), sync.finishedAt(),
                    tally.pages(), tally.listings(), tally.created() + tally.updated(), tally.created(),
                    tally.updated(), tally.unchanged(), tally.removed(), sync.warnings(), sync.error(),
                    sync.lastSuccessAt(), sync.lastFailureAt(), null);
        }

        AmazonSyncReport withStatusUrl(String url) {
            return new AmazonSyncReport(state, requestedAt, startedAt, finishedAt, pages, listingsSeen,
                    productsUpserted, created, updated, unchanged, removed, warnings, error, lastSuccessAt,
                    lastFailureAt, url);
        }
    }
}
