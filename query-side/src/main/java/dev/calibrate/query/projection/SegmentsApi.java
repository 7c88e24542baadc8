package dev.calibrate.query.projection;

import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

import java.time.Instant;
import java.util.List;

/** Which node holds which segment of each event processor, and a segment given up for another node. */
public final class SegmentsApi {

    private SegmentsApi() {
    }

    public record ProcessorList(List<ProcessorView> items) {
    }

    @Schema(description = "A tracking event processor: its segments as the token store records them, for every node.")
    public record ProcessorView(
            @Schema(example = "catalog") String name,
            @Schema(description = "Whether it runs on the node that answered.") boolean running,
            @Schema(description = "Whether it is in an error state on the node that answered (retrying).") boolean error,
            List<SegmentView> segments) {
    }

    @Schema(description = "One segment of a processor.")
    public record SegmentView(
            @Schema(example = "1") int segment,
            @Schema(description = "The node holding its claim (Axon's node id, by default pid@host); null when no node "
                    + "does.", example = "4711@calibrate-2") @Nullable String owner,
            @Schema(description = "Whether the node that answered is the one processing it.") boolean here,
            @Schema(description = "When its claim was last renewed.") @Nullable Instant claimedAt,
            @Schema(description = "Only for a segment processed here: whether it has caught up with the event store.")
            @Nullable Boolean caughtUp) {
    }

    @Schema(description = "A segment this node gave up: no node of this kind claims it back before the time is over.")
    public record SegmentRelease(@Schema(example = "catalog") String processor, @Schema(example = "1") int segment,
                                 @Schema(example = "30") int seconds) {
    }
}
