package dev.calibrate.query.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the audit reads answer: the audit log, a product's stored events, and the price it had at an instant. */
public final class AuditApi {

    private AuditApi() {
    }

    /** A page of the audit log, newest first, with the cursors to the pages beside it. */
    public record AuditEntryPage(
            List<AuditEntry> items,
            @Schema(description = "The offset page asked for (deprecated paging); 0 when paging by cursor.") int page,
            int size,
            @Schema(description = "How many entries match, counted no further than 10,000.") long total,
            @Schema(description = "false when total stopped counting at 10,000: more entries match.")
            boolean totalExact,
            @Nullable @Schema(description = "Pass as after= for the older entries; null on the oldest page.")
            String next,
            @Nullable @Schema(description = "Pass as before= for the newer entries; null on the newest page.")
            String previous) {
    }

    /** One domain event as the audit log keeps it: what happened to which entity, by whom, in which request. */
    public record AuditEntry(
            String eventId, @Schema(description = "The event's global position in the event store.") long position,
            UUID tenantId, @Schema(example = "product") String entityType, String entityId,
            @Schema(description = "The event's type, e.g. ProductPriceChanged.") String action,
            @Schema(example = "5f0c8a5e-2b7d-4d8f-9a1e-3c6b2d1f0e9a") String actor,
            @Nullable String correlationId, @Nullable String requestId,
            @Nullable @Schema(description = "How a price change computed the price this event set, step by step.")
            JsonNode explain,
            Instant at) {
    }

    /** A page of a product's events in order, straight from the event store. */
    public record ProductEventHistory(UUID productId, List<StoredProductEvent> events,
                                      @Nullable @Schema(description = "Pass as after= for the next page; absent on the "
                                              + "last.", example = "41") Long next) {
    }

    public record StoredProductEvent(
            @Schema(example = "ProductPriceChanged") String type, long sequence, Instant timestamp, String eventId,
            @Nullable String actor,
            @Schema(description = "The event's metadata: tenant, actor, correlation, causation and request ids.")
            JsonNode metadata,
            @Schema(description = "The event as stored; its JSON Schema is /api/v1/schemas/{type}/{version}.")
            JsonNode payload) {
    }

    /** What the product cost in one currency at an instant, and the event that set that price. */
    public record ProductPriceAt(UUID productId, @Schema(example = "USD") String currency, Instant at,
                                 @Schema(example = "19.99") String amount, @Nullable String compareAt,
                                 PriceSettingEvent setBy) {
    }

    /**
     * The event that set the price: an observed price names its source; a price change's names the
     * change, the action (APPLY or ROLLBACK) and its explain trace.
     */
    public record PriceSettingEvent(
            @Schema(example = "ProductPriceChanged") String type, long sequence, Instant timestamp, String eventId,
            @Nullable String actor, @Nullable String source, @Nullable String priceChangeId,
            @Nullable @Schema(allowableValues = {"APPLY", "ROLLBACK"}) String action,
            @Nullable @Schema(description = "How the price change computed this price, step by step.")
            JsonNode explain) {
    }
}
