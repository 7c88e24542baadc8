package dev.calibrate.command.rule;

import dev.calibrate.command.pricing.RuleParser;
import dev.calibrate.command.rule.SavedRuleApi.SavedRuleCreate;
import dev.calibrate.command.rule.SavedRuleApi.SavedRuleRevision;
import dev.calibrate.command.rule.SavedRuleApi.SavedRuleSwitched;
import dev.calibrate.command.rule.SavedRuleApi.SavedRuleWritten;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.rule.SavedRuleId;
import dev.calibrate.kernel.rule.SavedRuleMessages.CreateSavedRule;
import dev.calibrate.kernel.rule.SavedRuleMessages.DisableSavedRule;
import dev.calibrate.kernel.rule.SavedRuleMessages.EnableSavedRule;
import dev.calibrate.kernel.rule.SavedRuleMessages.ReviseSavedRule;
import dev.calibrate.kernel.rule.SavedRuleNotFound;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.schemas.SchemaRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.UUID;

/** Saves named pricing rules, in versions, and enables or disables them; reading them is the query side's. */
@RestController
@RequestMapping(path = "/api/v1/rules", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Saved rules", description = "Named pricing rules kept in versions, which a price change can reference "
        + "instead of embedding a rule.")
public class SavedRuleController {

    private final CommandGateway commands;
    private final RuleParser rules;
    private final EventPositions positions;

    SavedRuleController(CommandGateway commands, SchemaRegistry schemas, EventPositions positions) {
        this.commands = commands;
        this.rules = new RuleParser(schemas);
        this.positions = positions;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope(Scope.PRICES_WRITE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "createSavedRule", summary = "Save a named rule (version 1, disabled)",
            description = "The rule is checked as a price change's is. A new rule is disabled: enabling it takes "
                    + "an admin. A price change can reference it (ruleRef) whether enabled or not.")
    public ResponseEntity<SavedRuleWritten> create(@RequestBody SavedRuleCreate body, Caller caller) {
        rules.checkWritten(body.rule(), "rule");
        SavedRuleId id = SavedRuleId.random();
        commands.sendAndWait(new CreateSavedRule(id, caller.tenantId(), caller.actor(), body.name(), body.rule()));
        return ResponseEntity.created(URI.create("/api/v1/rules/" + id))
                .header(EventPositions.HEADER, Long.toString(positions.head()))
                .body(new SavedRuleWritten(id.toString(), 1));
    }

    @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope(Scope.PRICES_WRITE)
    @Operation(operationId = "reviseSavedRule", summary = "Save a new version of a rule",
            description = "The name and rule become the next version; the versions before stay as they were. "
                    + "expectedVersion must be the latest version: an edit of an older one is a 409 naming the "
                    + "currentVersion.")
    public ResponseEntity<SavedRuleWritten> revise(@PathVariable String id, @RequestBody SavedRuleRevision body,
                                                   Caller caller) {
        SavedRuleId ruleId = id(id);
        rules.checkWritten(body.rule(), "rule");
        int version = send(new ReviseSavedRule(ruleId, caller.tenantId(), caller.actor(), body.expectedVersion(),
                body.name(), body.rule()));
        return ResponseEntity.ok().header(EventPositions.HEADER, Long.toString(positions.head()))
                .body(new SavedRuleWritten(ruleId.toString(), version));
    }

    @PostMapping("/{id}/enable")
    @RequiresScope(Scope.ADMIN)
    @Operation(operationId = "enableSavedRule", summary = "Enable a saved rule",
            description = "Recorded (who, when) in the audit log; enabling an enabled rule records nothing.")
    public ResponseEntity<SavedRuleSwitched> enable(@PathVariable String id, Caller caller) {
        SavedRuleId ruleId = id(id);
        boolean enabled = send(new EnableSavedRule(ruleId, caller.tenantId(), caller.actor()));
        return switched(ruleId, enabled);
    }

    @PostMapping("/{id}/disable")
    @RequiresScope(Scope.ADMIN)
    @Operation(operationId = "disableSavedRule", summary = "Disable a saved rule",
            description = "Recorded (who, when) in the audit log; price changes that reference it keep their rule.")
    public ResponseEntity<SavedRuleSwitched> disable(@PathVariable String id, Caller caller) {
        SavedRuleId ruleId = id(id);
        boolean enabled = send(new DisableSavedRule(ruleId, caller.tenantId(), caller.actor()));
        return switched(ruleId, enabled);
    }

    private ResponseEntity<SavedRuleSwitched> switched(SavedRuleId id, boolean enabled) {
        return ResponseEntity.ok().header(EventPositions.HEADER, Long.toString(positions.head()))
                .body(new SavedRuleSwitched(id.toString(), enabled));
    }

    /** An id that names no saved rule (none at all, or another kind of aggregate) reads like any unknown id. */
    private <R> R send(Object command) {
        try {
            return commands.sendAndWait(command);
        } catch (AggregateNotFoundException e) {
            throw new SavedRuleNotFound();
        }
    }

    /** A malformed id can name no saved rule, so it reads as missing like an unknown one. */
    public static SavedRuleId id(String id) {
        try {
            return new SavedRuleId(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            throw new SavedRuleNotFound();
        }
    }
}
