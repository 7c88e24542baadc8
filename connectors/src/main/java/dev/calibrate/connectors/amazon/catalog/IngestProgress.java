package dev.calibrate.connectors.amazon.catalog;

import dev.calibrate.connectors.amazon.catalog.AmazonIngests.Tally;
import dev.calibrate.kernel.product.ProductMessages.UpsertOutcome;
import dev.calibrate.kernel.tenant.TenantId;

import java.util.List;

/**
 * How far a running ingest got, written to {@code amazon_sync} as it grows so the status shows it. The
 * reading thread counts pages and the writing one upserts, so each count and its write are one step.
 */
final class IngestProgress {

    private final AmazonIngests ingests;
    private final TenantId tenantId;
    private Tally tally = Tally.NONE;

    IngestProgress(AmazonIngests ingests, TenantId tenantId) {
        this.ingests = ingests;
        this.tenantId = tenantId;
    }

    synchronized Tally tally() {
        return tally;
    }

    synchronized void page(int listed) {
        record(tally.page(listed));
    }

    synchronized void wrote(List<UpsertOutcome> outcomes) {
        Tally now = tally;
        for (UpsertOutcome outcome : outcomes) {
            now = now.wrote(outcome);
        }
        record(now);
    }

    synchronized void removed() {
        record(tally.removedOne());
    }

    private void record(Tally now) {
        tally = now;
        ingests.progress(tenantId, now);
    }
}
