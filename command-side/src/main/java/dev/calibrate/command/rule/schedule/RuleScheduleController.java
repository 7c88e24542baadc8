package dev.calibrate.command.rule.schedule;

import dev.calibrate.command.pricechange.TenantPolicies;
import dev.calibrate.command.rule.SavedRuleController;
import dev.calibrate.command.rule.schedule.RuleScheduleApi.RuleScheduleRemoved;
import dev.calibrate.command.rule.schedule.RuleScheduleApi.RuleScheduleRequest;
import dev.calibrate.command.rule.schedule.RuleScheduleApi.RuleScheduleWritten;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.rule.SavedRuleId;
import dev.calibrate.kernel.rule.SavedRuleMessages.ScheduleSavedRule;
import dev.calibrate.kernel.rule.SavedRuleMessages.UnscheduleSavedRule;
import dev.calibrate.kernel.rule.SavedRuleNotFound;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

/** Gives a saved rule a recurring schedule, or takes it away: an admin's decision, recorded on the rule. */
@RestController
@RequestMapping(path = "/api/v1/rules/{id}/schedule", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Saved rules")
public class RuleScheduleController {

    private final CommandGateway commands;
    private final EventPositions positions;
    private final ScheduleLimits limits;
    private final TenantPolicies policies;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    RuleScheduleController(CommandGateway commands, EventPositions positions, ScheduleLimits limits,
                           TenantPolicies policies, JdbcTemplate jdbc, Clock clock) {
        this.commands = commands;
        this.positions = positions;
        this.limits = limits;
        this.policies = policies;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @PutMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope(Scope.ADMIN)
    @Operation(operationId = "scheduleSavedRule", summary = "Set a saved rule's recurring schedule",
            description = "At each time of the cron, in the tenant's time zone, while the rule is enabled, a price "
                    + "change is drafted from the rule's latest version and previewed; it waits for approval like "
                    + "any other, and whoever saved that version counts as its author. At most one run an interval "
                    + "(calibrate.rules.schedules.min-interval, an hour by default; else a 400 naming cron) and so many "
                    + "scheduled rules a tenant (a 409). Replaces the rule's schedule; recorded in the audit log.")
    public ResponseEntity<RuleScheduleWritten> schedule(@PathVariable String id, @RequestBody RuleScheduleRequest body,
                                                        Caller caller) {
        SavedRuleId ruleId = SavedRuleController.id(id);
        RuleCron cron = RuleCron.parse(body.cron(), limits.minInterval());
        String name = name(body.name());
        Integer others = jdbc.queryForObject("""
                SELECT count(*) FROM scheduled_tasks WHERE task_name = ? AND task_instance LIKE ? AND task_instance <> ?""",
                Integer.class, RuleSchedules.TASK_NAME, caller.tenantId() + ":%",
                RuleSchedules.instanceId(caller.tenantId(), ruleId));
        if (others != null && others >= limits.perTenant()) {
            throw new TooManySchedules(limits.perTenant());
        }
        send(new ScheduleSavedRule(ruleId, caller.tenantId(), caller.actor(), cron.expression(), name));
        ZoneId zone = policies.timeZone(caller.tenantId());
        Instant next = cron.nextAfter(clock.instant(), zone);
        return ResponseEntity.ok().header(EventPositions.HEADER, Long.toString(positions.head()))
                .body(new RuleScheduleWritten(ruleId.toString(), cron.expression(), name, zone.getId(), next,
                        next == null ? null : next.atZone(zone).toString()));
    }

    @DeleteMapping
    @RequiresScope(Scope.ADMIN)
    @Operation(operationId = "unscheduleSavedRule", summary = "Remove a saved rule's recurring schedule",
            description = "No run drafts anything after it; drafts already made stay. Recorded in the audit log; "
                    + "removing no schedule records nothing.")
    public ResponseEntity<RuleScheduleRemoved> unschedule(@PathVariable String id, Caller caller) {
        SavedRuleId ruleId = SavedRuleController.id(id);
        send(new UnscheduleSavedRule(ruleId, caller.tenantId(), caller.actor()));
        return ResponseEntity.ok().header(EventPositions.HEADER, Long.toString(positions.head()))
                .body(new RuleScheduleRemoved(ruleId.toString(), false));
    }

    private static String name(String name) {
        if (name == null) {
            return null;
        }
        if (name.isBlank()) {
            throw new InvalidInput("name", "must not be blank; leave it out to name drafts after the rule");
        }
        return name.strip();
    }

    private void send(Object command) {
        try {
            commands.sendAndWait(command);
        } catch (AggregateNotFoundException e) {
            throw new SavedRuleNotFound();
        }
    }
}
