package dev.calibrate.connectors.shopify.fake;

import java.time.Instant;
import java.util.List;

/**
 * A bulk operation as the shop sees it now (snapshot).
 *
 * @param legacyId        numeric id
 * @param type            {@code QUERY} or {@code MUTATION}
 * @param status          {@code CREATED}, {@code RUNNING}, {@code COMPLETED}, {@code FAILED},
 *                        {@code CANCELING} or {@code CANCELED}
 * @param errorCode       why it failed, or null
 * @param query           the inner query or mutation document
 * @param objectCount     JSONL lines produced (query) or calls made (mutation) so far
 * @param rootObjectCount root objects produced so far (query) or calls made (mutation)
 * @param fileSize        result size in bytes once finished, else null
 * @param url             result JSONL URL on the fake once completed (null when a query found nothing)
 * @param partialDataUrl  what a failed operation produced, or null
 * @param createdAt       shop clock time it was created
 * @param completedAt     when it finished, or null
 * @param input           a mutation's JSONL lines of variables, as uploaded (empty for a query)
 */
public record FakeBulkOperation(long legacyId, String type, String status, String errorCode, String query,
                                long objectCount, long rootObjectCount, Long fileSize, String url,
                                String partialDataUrl, Instant createdAt, Instant completedAt, List<String> input) {

    /** {@code gid://shopify/BulkOperation/N}. */
    public String gid() {
        return Gids.of("BulkOperation", legacyId);
    }

    /** Whether it is still CREATED, RUNNING or CANCELING. */
    public boolean inProgress() {
        return status.equals("CREATED") || status.equals("RUNNING") || status.equals("CANCELING");
    }
}
