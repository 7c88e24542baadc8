package dev.calibrate.query.feed;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

import java.time.Instant;
import java.util.List;

/** What the event feed answers: CloudEvents 1.0 in the JSON event format, plus where to resume. */
public final class FeedApi {

    private FeedApi() {
    }

    /**
     * One stored event as a CloudEvent (JSON format, structured mode). {@code position} is an extension
     * attribute: the event's place in the tenant's order, to resume after.
     */
    @Schema(description = "A CloudEvents 1.0 event (JSON format) with the position extension.")
    public record CloudEvent(
            @Schema(example = "1.0") String specversion,
            @Schema(description = "The event id, the same on every delivery of the event.",
                    example = "5f0c8a5e-2b7d-4d8f-9a1e-3c6b2d1f0e9a") String id,
            @Schema(example = "/tenants/6f1c7a52-0b7e-4d43-9a53-3f9f0e0c2a11") String source,
            @Schema(description = "dev.calibrate.<EventType>.v<major schema version>.",
                    example = "dev.calibrate.ProductPriceChanged.v2") String type,
            @Schema(description = "The id of the aggregate the event belongs to (a product, a price change, ...).")
            String subject,
            @Schema(description = "When the event happened; absent only on an undecodable event whose stored "
                    + "timestamp cannot be read either.", requiredMode = Schema.RequiredMode.NOT_REQUIRED)
            @Nullable Instant time,
            @Schema(example = "application/json") String datacontenttype,
            @Schema(description = "The JSON Schema of data: /api/v1/schemas/{name}/{version}; absent for a type "
                    + "no schema of this release describes (an undecodable event's, say).",
                    example = "/api/v1/schemas/ProductPriceChanged/2.0.0",
                    requiredMode = Schema.RequiredMode.NOT_REQUIRED) @Nullable String dataschema,
            @Schema(description = "The event's payload, upcast to the schema's current version; null when "
                    + "this server cannot decode it (calibrateerror says so).")
            @JsonInclude(JsonInclude.Include.ALWAYS) JsonNode data,
            @Schema(description = "The event's place in the tenant's order: pass it as after= (or Last-Event-ID) "
                    + "to resume after it.", example = "1042") long position,
            @Schema(description = "An extension attribute, only on an event served without its data: why. "
                    + "undecodable: the stored payload cannot be read as its type (or the type is unknown to "
                    + "this release). The event is still served in its place, so that none is skipped.",
                    allowableValues = {"undecodable"}, requiredMode = Schema.RequiredMode.NOT_REQUIRED)
            @Nullable String calibrateerror) {
    }

    /**
     * A page of the feed. {@code next} is where the next request resumes, never null: a cursor bound to the
     * tenant and the filter the page was read with ({@link FeedCursors}).
     */
    public record EventPage(List<CloudEvent> items,
                            @Schema(description = "Pass as after= to read on, with the same types and subject "
                                    + "(another filter is a 400: it would skip what this one left out). Opaque; "
                                    + "it resumes after the last event when the page is full, otherwise after "
                                    + "what the page looked at (up to the safe horizon or the scan window).",
                                    example = "1042.kT3nq0cB0x1yVYz8F2aH7Q")
                            String next) {
    }
}
