package dev.calibrate.command.simulation;

import dev.calibrate.command.pricechange.TenantPolicies;
import dev.calibrate.command.rule.SavedRuleController;
import dev.calibrate.command.simulation.SimulationApi.RuleSimulationRequest;
import dev.calibrate.command.simulation.SimulationApi.SimulationItemPage;
import dev.calibrate.command.simulation.SimulationApi.SimulationStarted;
import dev.calibrate.command.simulation.SimulationApi.SimulationView;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.error.ErrorResponses;
import dev.calibrate.kernel.rule.SavedRuleId;
import dev.calibrate.kernel.rule.SavedRuleMessages.ResolveSavedRule;
import dev.calibrate.kernel.rule.SavedRuleMessages.SavedRuleVersion;
import dev.calibrate.kernel.rule.SavedRuleNotFound;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * Simulates a saved rule over past days (docs/saved-rules.md#simulation): what it would have proposed each
 * day, with no price change, product or event written. Starting one takes {@code prices:write}; reading its
 * results takes what reading rules takes.
 */
@RestController
@RequestMapping(path = "/api/v1/rules", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Saved rules")
public class SimulationController {

    private final CommandGateway commands;
    private final Simulations simulations;
    private final SimulationReads reads;
    private final TenantPolicies policies;
    private final Clock clock;

    SimulationController(CommandGateway commands, Simulations simulations, SimulationReads reads,
                         TenantPolicies policies, Clock clock) {
        this.commands = commands;
        this.simulations = simulations;
        this.reads = reads;
        this.policies = policies;
        this.clock = clock;
    }

    @PostMapping(path = "/{id}/simulate", consumes = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope(Scope.PRICES_WRITE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(operationId = "simulateSavedRule", summary = "Replay a saved rule over past days, in the background",
            description = "Each calendar day from `from` to `to` (both included, in the tenant's time zone, at most "
                    + "90 days, `to` at the latest today, `from` at most two years back) is evaluated as of its end, "
                    + "over the catalog's prices and the competitor prices as they were then. Nothing a merchant "
                    + "sees is written: no price change, no product, no event. A tenant runs one simulation at a "
                    + "time (a second is a 409); a node runs a few at once and queues none (when all are busy, a "
                    + "429 with Retry-After, and nothing is stored). Needs `prices:write`; reading the results "
                    + "takes what reading rules takes. Answers 202 with the simulation's location, to poll.",
            responses = @ApiResponse(responseCode = "202", description = "Started; poll the Location.",
                    headers = @Header(name = HttpHeaders.LOCATION, description = "The simulation, to poll",
                            schema = @Schema(type = "string")),
                    content = @Content(schema = @Schema(implementation = SimulationStarted.class))))
    @ErrorResponses(429)
    public ResponseEntity<SimulationStarted> simulate(@PathVariable String id, @RequestBody RuleSimulationRequest body,
                                                      Caller caller) {
        SavedRuleId ruleId = SavedRuleController.id(id);
        ZoneId zone = policies.timeZone(caller.tenantId());
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, zone);
        LocalDate from = date(body.from(), "from");
        LocalDate to = date(body.to(), "to");
        if (to.isAfter(today)) {
            throw new InvalidInput("to", "is in the future: the latest day to simulate is today, " + today + " in "
                    + zone);
        }
        LocalDate earliest = today.minusDays(simulations.limits().lookBack().toDays());
        if (from.isBefore(earliest)) {
            throw new InvalidInput("from", "is too far back: the earliest day to simulate is " + earliest);
        }
        if (from.isAfter(to)) {
            throw new InvalidInput("from", "must not be after to (" + to + ")");
        }
        int max = simulations.limits().maxDays();
        if (to.toEpochDay() - from.toEpochDay() + 1 > max) {
            throw new InvalidInput("to", "a simulation covers at most " + max + " days: the latest to for this from is "
                    + from.plusDays(max - 1));
        }
        SavedRuleVersion saved = resolve(ruleId, caller, body.version());
        Simulation simulation = simulations.start(caller.tenantId(), saved, from, to, zone, caller.actor().id(), now);
        return ResponseEntity.accepted()
                .location(URI.create("/api/v1/rules/" + ruleId + "/simulations/" + simulation.id()))
                .body(new SimulationStarted(simulation.id().toString(), ruleId.toString(), saved.version(),
                        simulation.days()));
    }

    @GetMapping("/{id}/simulations/{simulationId}")
    @RequiresScope({Scope.PRICES_WRITE, Scope.PRICES_APPROVE, Scope.PRICES_APPLY, Scope.AUDIT_READ})
    @Operation(operationId = "getRuleSimulation", summary = "A simulation's state, progress and days",
            description = "RUNNING while it runs (daysDone of daysTotal), then DONE, STOPPED (over its budget or its "
                    + "item limit, its node shutting down, or its node lost: the days done are kept, reason says "
                    + "which) or FAILED.")
    public SimulationView simulation(@PathVariable String id,
                                     @PathVariable @Parameter(schema = @Schema(type = "string", format = "uuid"))
                                     String simulationId, Caller caller) {
        return reads.view(caller.tenantId(), SavedRuleController.id(id), simulationId(simulationId),
                clock.instant().minus(simulations.staleAfter()));
    }

    @GetMapping("/{id}/simulations/{simulationId}/days/{date}/items")
    @RequiresScope({Scope.PRICES_WRITE, Scope.PRICES_APPROVE, Scope.PRICES_APPLY, Scope.AUDIT_READ})
    @Operation(operationId = "listRuleSimulationItems", summary = "A simulated day's changed and blocked items",
            description = "The items of a day done that the rule would have changed (CHANGE) or a guardrail or floor "
                    + "blocked (BLOCKED), in SKU order: each one's price then, the price the rule would have "
                    + "proposed, its reasons, and the lowest fresh competitor price then. Unchanged and skipped items "
                    + "are not stored: the day's counts cover them. A date outside the simulation's range, or not "
                    + "done yet, is a 404.")
    public SimulationItemPage items(@PathVariable String id,
                                    @PathVariable @Parameter(schema = @Schema(type = "string", format = "uuid"))
                                    String simulationId,
                                    @PathVariable @Parameter(schema = @Schema(type = "string", format = "date"))
                                    String date,
                                    @RequestParam(required = false) String after,
                                    @RequestParam(defaultValue = "100")
                                    @Parameter(schema = @Schema(type = "integer", minimum = "1", maximum = "500",
                                            defaultValue = "100")) int size,
                                    Caller caller) {
        if (size < 1 || size > 500) {
            throw new InvalidInput("size", "must be between 1 and 500");
        }
        return reads.items(caller.tenantId(), SavedRuleController.id(id), simulationId(simulationId),
                date(date, "date"), after, size, clock.instant().minus(simulations.staleAfter()));
    }

    private SavedRuleVersion resolve(SavedRuleId id, Caller caller, Integer version) {
        try {
            return commands.sendAndWait(new ResolveSavedRule(id, caller.tenantId(), version));
        } catch (AggregateNotFoundException e) {
            throw new SavedRuleNotFound();
        }
    }

    private static LocalDate date(String value, String field) {
        if (value == null) {
            throw new InvalidInput(field, "is required: a date such as 2026-11-30");
        }
        try {
            if (!value.matches("\\d{4}-\\d{2}-\\d{2}")) throw new DateTimeParseException("not yyyy-mm-dd", value, 0);
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidInput(field, "must be a date such as 2026-11-30");
        }
    }

    private static UUID simulationId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("simulationId", "must be a simulation id (a UUID)");
        }
    }
}
