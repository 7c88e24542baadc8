package dev.calibrate.app.audit.verify;

import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

/** What a verification of a range of the log found. */
@Schema(description = "The result of recomputing a range of the tenant's audit log from the stored events.")
public record VerifyReport(
        @Schema(description = "The first leaf index checked.", example = "0") long from,
        @Schema(description = "One past the last leaf index checked.", example = "1000") long to,
        @Schema(description = "True when every leaf, subtree and checkpoint in the range matches the stored events.")
        boolean ok,
        @Schema(description = "Checkpoints whose size falls in (from, to] that were checked.", example = "1")
        int checkpointsChecked,
        @Schema(description = "How many problems were found.", example = "0") int problems,
        @Nullable @Schema(description = "The first problem, by leaf index; null when ok.") AuditFinding firstProblem) {

    /** One thing that does not match, where. */
    public record AuditFinding(
            @Schema(description = "The leaf index where it was found.", example = "41") long leafIndex,
            @Schema(description = "The event store position there (null for a checkpoint of a tree whose last leaf is gone).",
                    example = "1042") @Nullable Long position,
            @Nullable @Schema(description = "The event sealed or found there.") String eventId,
            @Schema(description = "What does not match.") String reason) {
    }
}
