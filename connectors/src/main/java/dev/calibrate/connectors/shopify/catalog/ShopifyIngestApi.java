package dev.calibrate.connectors.shopify.catalog;

import dev.calibrate.connectors.shopify.catalog.ShopifyIngests.IngestStatus;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

import java.time.Instant;
import java.util.List;

/**
 * The answer to a catalog ingest request and the ingest section of the status. Timestamps the ingest
 * has not reached yet are left out, never written as null.
 */
public final class ShopifyIngestApi {

    private ShopifyIngestApi() {
    }

    /**
     * The last (or running) catalog sync; before the first one only {@code state} is there, as
     * {@code NEVER}. {@code statusUrl} is in the answer to a sync request only.
     */
    public record ShopifySyncReport(
            @Schema(allowableValues = {"NEVER", "QUEUED", "RUNNING", "COMPLETED", "FAILED"}) String state,
            @Nullable @Schema(description = "auto, paged or bulk; an auto sync shows the mode it chose once it runs")
            String mode,
            @Nullable Instant requestedAt,
            @Nullable Instant startedAt,
            @Nullable Instant finishedAt,
            @Nullable Integer products,
            @Nullable Integer variants,
            @Nullable Integer created,
            @Nullable Integer updated,
            @Nullable Integer unchanged,
            @Nullable Integer deactivated,
            @Nullable List<String> warnings,
            @Nullable String error,
            @Nullable String statusUrl) {

        public static final ShopifySyncReport NEVER = new ShopifySyncReport("NEVER", null, null, null, null, null, null,
                null, null, null, null, null, null, null);

        public static ShopifySyncReport of(IngestStatus sync) {
            return new ShopifySyncReport(sync.state().name(), sync.mode(), sync.requestedAt(), sync.startedAt(),
                    sync.finishedAt(), sync.tally().products(), sync.tally().variants(), sync.tally().created(),
                    sync.tally().updated(), sync.tally().unchanged(), sync.tally().deactivated(), sync.warnings(),
                    sync.error(), null);
        }

        ShopifySyncReport withStatusUrl(String url) {
            return new ShopifySyncReport(state, mode, requestedAt, startedAt, finishedAt, products, variants, created,
                    updated, unchanged, deactivated, warnings, error, url);
        }
    }
}
