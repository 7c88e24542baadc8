package dev.calibrate.app.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

import java.util.List;

/** The bodies the dead-letter API answers. Timestamps are Axon's, as its queue stores them. */
public final class AdminDeadLetterApi {

    private AdminDeadLetterApi() {
    }

    /** Why the handler failed: the exception's type and message. */
    public record DeadLetterCause(String type, @Nullable String message) {
    }

    /** One parked event; {@code aggregate…} only for an event an aggregate applied. */
    public record DeadLetter(
            String id,
            String processingGroup,
            String sequenceId,
            long sequenceIndex,
            String eventId,
            @Schema(example = "ProductCreated") String eventType,
            @Schema(example = "dev.calibrate.kernel.product.ProductMessages$ProductCreated") String payloadType,
            @Nullable String aggregateType,
            @Nullable String aggregateId,
            @Nullable Long aggregateSequenceNumber,
            String eventTimestamp,
            DeadLetterCause cause,
            String enqueuedAt,
            String lastTouched,
            @Nullable String processingStarted,
            @Schema(description = "Axon's diagnostics metadata; empty when there is none")
            JsonNode diagnostics) {
    }

    /** {@code sequences}: how many sequences (events of one entity, in order) the letters block. */
    public record DeadLetterPage(List<DeadLetter> items, int page, int size, long total, long sequences) {
    }

    /** How many of the group's blocked sequences went through, and how many letters are left. */
    public record DeadLetterRetry(String processingGroup, int sequences, int succeeded, int failed, long remaining) {
    }
}
