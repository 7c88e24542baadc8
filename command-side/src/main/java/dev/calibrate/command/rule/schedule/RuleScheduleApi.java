package dev.calibrate.command.rule.schedule;

import dev.calibrate.schemas.RequestSchema;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

import java.time.Instant;

/** The bodies a saved rule's schedule endpoints take and answer; requests are checked against their JSON Schemas first. */
public final class RuleScheduleApi {

    private RuleScheduleApi() {
    }

    /**
     * A recurring schedule: {@code cron} in five fields (minute hour day month weekday) or six (seconds first),
     * read in the tenant's time zone; {@code name}, if given, names the drafts instead of the rule's name.
     */
    @RequestSchema("RuleScheduleRequest")
    public record RuleScheduleRequest(@Schema(example = "30 2 * * 1-5") String cron,
                                      @Nullable @Schema(example = "Nightly repricing") String name) {
    }

    /** The schedule as recorded (the cron in six fields) and its next run, in the tenant's time zone and in UTC. */
    public record RuleScheduleWritten(@Schema(example = "6a0c1f7e-2b3d-4e5f-8a9b-0c1d2e3f4a5b") String id,
                                      @Schema(example = "0 30 2 * * 1-5") String cron, @Nullable String name,
                                      @Schema(example = "Europe/Berlin") String timeZone,
                                      @Nullable @Schema(example = "2026-12-07T01:30:00Z") Instant nextRunAt,
                                      @Nullable @Schema(example = "2026-12-07T02:30+01:00[Europe/Berlin]")
                                      String nextRunLocal) {
    }

    /** The rule has no schedule any more. */
    public record RuleScheduleRemoved(@Schema(example = "6a0c1f7e-2b3d-4e5f-8a9b-0c1d2e3f4a5b") String id,
                                      boolean scheduled) {
    }
}
