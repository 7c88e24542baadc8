package dev.calibrate.command.catalog;

import dev.calibrate.kernel.tenant.TenantId;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * The latest changes handled, of any tenant, at most {@code maxCount} of them and about
 * {@code maxBytes} of heap, oldest dropped first. A transaction that took its global index early but
 * committed late reaches the preview catalog's processor and the read model at different times: the
 * processor may have handled it before a tenant's rebuild began while the read model, already past
 * that index, has not yet filled the gap. Each rebuild applies these again (only past each product's
 * version, so whatever the read model did show changes nothing). Not thread-safe: its owner guards it.
 */
final class RecentChanges {

    private record Recent(TenantId tenantId, CatalogChange change, long bytes) {
    }

    private final int maxCount;
    private final long maxBytes;
    private final ArrayDeque<Recent> changes = new ArrayDeque<>();
    private long bytes;

    RecentChanges(int maxCount, long maxBytes) {
        this.maxCount = maxCount;
        this.maxBytes = maxBytes;
    }

    void add(TenantId tenantId, CatalogChange change) {
        long size = change.estimatedBytes();
        while (!changes.isEmpty() && (changes.size() >= maxCount || bytes + size > maxBytes)) {
            bytes -= changes.removeFirst().bytes();
        }
        changes.addLast(new Recent(tenantId, change, size));
        bytes += size;
    }

    /** The tenant's changes still held, oldest first. */
    void forEachOf(TenantId tenantId, Consumer<CatalogChange> each) {
        changes.stream().filter(recent -> tenantId.equals(recent.tenantId())).forEach(recent -> each.accept(recent.change()));
    }

    int size() {
        return changes.size();
    }

    long estimatedBytes() {
        return bytes;
    }
}
