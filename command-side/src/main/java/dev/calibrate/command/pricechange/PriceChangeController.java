package dev.calibrate.command.pricechange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.command.pricechange.PriceChangeApi.PriceChangeApproval;
import dev.calibrate.command.pricechange.PriceChangeApi.PriceChangeDefinition;
import dev.calibrate.command.pricechange.PriceChangeApi.PreviewEdited;
import dev.calibrate.command.pricechange.PriceChangeApi.PreviewItemEdits;
import dev.calibrate.command.pricechange.PriceChangeApi.PriceChangeRejection;
import dev.calibrate.command.pricechange.PriceChangeApi.PriceChangeStatus;
import dev.calibrate.command.pricechange.PriceChangeApi.SavedRuleReference;
import dev.calibrate.command.pricing.RuleParser;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.error.NotFound;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.ApplyPriceChange;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.ApprovePriceChange;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.CancelPriceChange;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.Definition;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.DraftPriceChange;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.EditPreviewItems;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.EditPriceChange;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.ItemEditRequest;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PreviewRecorded;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RejectPriceChange;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RollbackPriceChange;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.SubmitPriceChange;
import dev.calibrate.kernel.pricechange.PriceChangeState;
import dev.calibrate.kernel.rule.RuleRef;
import dev.calibrate.kernel.rule.SavedRuleId;
import dev.calibrate.kernel.rule.SavedRuleMessages.ResolveSavedRule;
import dev.calibrate.kernel.rule.SavedRuleMessages.SavedRuleVersion;
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
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

/**
 * The price change lifecycle over HTTP: draft, edit, submit, approve/reject, cancel, apply, roll back.
 * Previewing and the pages of items are {@link PriceChangePreviewController}'s; the list and the
 * details of a change are read model queries (query side).
 */
@RestController
@RequestMapping(path = "/api/v1/price-changes", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Price changes", description = "Draft a rule, preview it, have another person approve it, apply it, "
        + "roll it back.")
public class PriceChangeController {

    private static final Instant LATEST = Instant.parse("+10000-01-01T00:00:00Z");

    private final CommandGateway commands;
    private final RuleParser rules;
    private final EventPositions positions;

    PriceChangeController(CommandGateway commands, SchemaRegistry schemas, EventPositions positions) {
        this.commands = commands;
        this.rules = new RuleParser(schemas);
        this.positions = positions;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope(Scope.PRICES_WRITE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "draftPriceChange", summary = "Draft a price change",
            description = "Stores a named rule as a DRAFT; nothing is evaluated until it is previewed.")
    public ResponseEntity<PriceChangeStatus> draft(@RequestBody PriceChangeDefinition body, Caller caller) {
        PriceChangeId id = PriceChangeId.random();
        commands.sendAndWait(new DraftPriceChange(id, caller.tenantId(), caller.actor(), definition(body, caller)));
        return ResponseEntity.created(URI.create("/api/v1/price-changes/" + id))
                .header(EventPositions.HEADER, Long.toString(positions.head()))
                .body(new PriceChangeStatus(id.toString(), PriceChangeState.DRAFT));
    }

    @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope(Scope.PRICES_WRITE)
    @Operation(operationId = "editPriceChange", summary = "Edit a draft or previewed change",
            description = "Replaces its definition; the change is a DRAFT again and its preview is void.")
    public ResponseEntity<PriceChangeStatus> edit(@PathVariable String id, @RequestBody PriceChangeDefinition body,
                                                  Caller caller) {
        PriceChangeId changeId = id(id);
        send(new EditPriceChange(changeId, caller.tenantId(), caller.actor(), definition(body, caller)));
        return written(changeId, PriceChangeState.DRAFT);
    }

    @PostMapping(path = "/{id}/preview/edits", consumes = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope(Scope.PRICES_WRITE)
    @Operation(operationId = "editPreviewItems", summary = "Exclude or override items of a previewed change",
            description = "Before approval (PREVIEWED or SUBMITTED): an excluded item is SKIPPED, an overridden "
                    + "one proposes the given price, checked against the guardrails again (BLOCKED if it breaks "
                    + "one). Each edit needs a reason; at most 1,000 in one request, all or none. The preview "
                    + "gets a new hash and the change is PREVIEWED: a submitted change is submitted again, and "
                    + "an approval names the new hash.")
    public ResponseEntity<PreviewEdited> editItems(@PathVariable String id, @RequestBody PreviewItemEdits body,
                                                   Caller caller) {
        PriceChangeId changeId = id(id);
        List<ItemEditRequest> edits = body.edits().stream()
                .map(e -> new ItemEditRequest(e.sku(), e.action(), e.price(), e.currency(), e.reason())).toList();
        PreviewRecorded recorded = send(new EditPreviewItems(changeId, caller.tenantId(), caller.actor(), edits));
        return ResponseEntity.ok().header(EventPositions.HEADER, Long.toString(positions.head()))
                .body(new PreviewEdited(changeId.toString(), PriceChangeState.PREVIEWED, recorded.previewHash(),
                        recorded.summary()));
    }

    @PostMapping("/{id}/submit")
    @RequiresScope(Scope.PRICES_WRITE)
    @Operation(operationId = "submitPriceChange", summary = "Submit a previewed change for approval")
    public ResponseEntity<PriceChangeStatus> submit(@PathVariable String id, Caller caller) {
        PriceChangeId changeId = id(id);
        send(new SubmitPriceChange(changeId, caller.tenantId(), caller.actor()));
        return written(changeId, PriceChangeState.SUBMITTED);
    }

    @PostMapping(path = "/{id}/approve", consumes = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope(Scope.PRICES_APPROVE)
    @Operation(operationId = "approvePriceChange", summary = "Approve a submitted change",
            description = "Someone other than its authors (whoever drafted it or edited its rule or items) approves "
                    + "the preview they looked at, named by its hash. "
                    + "A change over one of the policy's approval thresholds needs an approver with the admin role "
                    + "(403 for anyone else), or two distinct approvers: the first approval leaves it SUBMITTED, "
                    + "waiting for the second (409 when the first approver approves again). Over a threshold its "
                    + "author is refused (403) whatever the self-approval policy says.")
    public ResponseEntity<PriceChangeStatus> approve(@PathVariable String id, @RequestBody PriceChangeApproval body,
                                                     Caller caller) {
        PriceChangeId changeId = id(id);
        PriceChangeState state = send(new ApprovePriceChange(changeId, caller.tenantId(), caller.actor(),
                body.previewHash(), caller.has(Scope.ADMIN)));
        return written(changeId, state);
    }

    @PostMapping(path = "/{id}/reject", consumes = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope(Scope.PRICES_APPROVE)
    @Operation(operationId = "rejectPriceChange", summary = "Reject a submitted change, with a reason")
    public ResponseEntity<PriceChangeStatus> reject(@PathVariable String id, @RequestBody PriceChangeRejection body,
                                                    Caller caller) {
        PriceChangeId changeId = id(id);
        send(new RejectPriceChange(changeId, caller.tenantId(), caller.actor(), body.reason()));
        return written(changeId, PriceChangeState.REJECTED);
    }

    @PostMapping("/{id}/cancel")
    @RequiresScope(Scope.PRICES_WRITE)
    @Operation(operationId = "cancelPriceChange", summary = "Cancel a change that was not applied")
    public ResponseEntity<PriceChangeStatus> cancel(@PathVariable String id, Caller caller) {
        PriceChangeId changeId = id(id);
        send(new CancelPriceChange(changeId, caller.tenantId(), caller.actor()));
        return written(changeId, PriceChangeState.CANCELLED);
    }

    @PostMapping("/{id}/apply")
    @RequiresScope(Scope.PRICES_APPLY)
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(operationId = "applyPriceChange", summary = "Apply an approved change",
            description = "The change is SCHEDULED (it has a scheduleAt in the future) or APPLYING in the "
                    + "background; follow it at GET /api/v1/price-changes/{id}.")
    public ResponseEntity<PriceChangeStatus> apply(@PathVariable String id, Caller caller) {
        PriceChangeId changeId = id(id);
        PriceChangeState state = send(new ApplyPriceChange(changeId, caller.tenantId(), caller.actor()));
        return accepted(changeId, state);
    }

    @PostMapping("/{id}/rollback")
    @RequiresScope(Scope.PRICES_APPLY)
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(operationId = "rollbackPriceChange", summary = "Roll back an applied change",
            description = "Puts back the prices the change replaced, in the background; follow it at "
                    + "GET /api/v1/price-changes/{id}.")
    public ResponseEntity<PriceChangeStatus> rollback(@PathVariable String id, Caller caller) {
        PriceChangeId changeId = id(id);
        send(new RollbackPriceChange(changeId, caller.tenantId(), caller.actor()));
        return accepted(changeId, PriceChangeState.ROLLING_BACK);
    }

    /** An id that names no price change (none at all, or another kind of aggregate) reads like any unknown id. */
    private <R> R send(Object command) {
        try {
            return commands.sendAndWait(command);
        } catch (AggregateNotFoundException e) {
            throw new NotFound("price change");
        }
    }

    /**
     * The schema checked the shape; the rule's own grammar and the instants are checked here. A saved
     * rule's version is resolved by its aggregate, so a version saved a moment ago is found. A rule from a
     * client never carries a price table: only the import builds one (a saved rule was checked so when saved).
     */
    private Definition definition(PriceChangeDefinition body, Caller caller) {
        // an explicit "rule": null is no rule, as an absent one is
        JsonNode given = body.rule() == null || body.rule().isNull() ? null : body.rule();
        if ((given == null) == (body.ruleRef() == null)) {
            throw new InvalidInput(given == null ? "rule" : "ruleRef",
                    "give either a rule or a ruleRef to a saved rule, exactly one of the two");
        }
        JsonNode rule = given;
        RuleRef ruleRef = null;
        if (body.ruleRef() != null) {
            SavedRuleVersion saved = savedRule(body.ruleRef(), caller);
            rule = saved.rule();
            ruleRef = new RuleRef(saved.id(), saved.version(), saved.savedBy());
        }
        if (given != null) {
            rules.checkWritten(given, "rule");
        } else {
            rules.check(rule, "ruleRef");
        }
        return new Definition(body.name().trim(), rule, instant(body.scheduleAt(), "scheduleAt"),
                instant(body.expiresAt(), "expiresAt"), body.note(), ruleRef);
    }

    /** An unknown rule or version is a bad reference in this request, not a missing price change. */
    private SavedRuleVersion savedRule(SavedRuleReference reference, Caller caller) {
        SavedRuleId id;
        try {
            id = new SavedRuleId(UUID.fromString(reference.id()));
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("ruleRef.id", "must be a saved rule's id (a UUID)");
        }
        try {
            return commands.sendAndWait(new ResolveSavedRule(id, caller.tenantId(), reference.version()));
        } catch (SavedRuleNotFound.VersionNotFound e) {
            throw new InvalidInput("ruleRef.version", "saved rule " + id + " has no version " + reference.version());
        } catch (AggregateNotFoundException | SavedRuleNotFound e) {
            throw new InvalidInput("ruleRef.id", "names no saved rule of this tenant");
        }
    }

    /**
     * A scheduleAt or expiresAt: an ISO-8601 instant between 1970 and 9999 (PostgreSQL's timestamps, the read
     * models and the deadlines take it; a year such as +1000000 parses but no column holds it).
     */
    public static Instant instant(String value, String field) {
        if (value == null) {
            return null;
        }
        try {
            Instant instant = Instant.parse(value);
            if (instant.isBefore(Instant.EPOCH) || !instant.isBefore(LATEST)) {
                throw new InvalidInput(field, "must be between 1970 and 9999");
            }
            return instant;
        } catch (DateTimeParseException e) {
            throw new InvalidInput(field, "must be an ISO-8601 instant such as 2026-12-01T09:00:00Z");
        }
    }

    /** A malformed id can name no price change, so it reads as missing like an unknown one. */
    public static PriceChangeId id(String id) {
        try {
            return new PriceChangeId(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            throw new NotFound("price change");
        }
    }

    private ResponseEntity<PriceChangeStatus> written(PriceChangeId id, PriceChangeState state) {
        return ResponseEntity.ok().header(EventPositions.HEADER, Long.toString(positions.head()))
                .body(new PriceChangeStatus(id.toString(), state));
    }

    private ResponseEntity<PriceChangeStatus> accepted(PriceChangeId id, PriceChangeState state) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).header(EventPositions.HEADER, Long.toString(positions.head()))
                .body(new PriceChangeStatus(id.toString(), state));
    }
}
