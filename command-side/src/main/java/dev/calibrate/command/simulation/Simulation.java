package dev.calibrate.command.simulation;

import dev.calibrate.kernel.rule.SavedRuleId;
import dev.calibrate.kernel.tenant.TenantId;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

/** A simulation as it is started: which rule version, over which days of which time zone, asked when and by whom. */
public record Simulation(UUID id, TenantId tenantId, SavedRuleId ruleId, int version, String currency, LocalDate from,
                  LocalDate to, ZoneId zone, String requestedBy, Instant startedAt) {

    public enum State { RUNNING, DONE, FAILED, STOPPED }

    public int days() {
        return (int) (to.toEpochDay() - from.toEpochDay()) + 1;
    }

    /**
     * The instant the day is evaluated at: its last microsecond (what was in effect when the day ended), or the
     * moment the simulation was asked for when the day has not ended yet (today).
     */
    public Instant evaluatedAt(LocalDate day) {
        Instant end = day.plusDays(1).atStartOfDay(zone).toInstant().minusNanos(1_000);
        return end.isAfter(startedAt) ? startedAt : end;
    }
}
