package dev.calibrate.command.pricechange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.command.pricechange.PriceChangeApi.PriceChangeApproval;
import dev.calibrate.command.pricechange.PriceChangeApi.PriceChangeRejection;
import dev.calibrate.command.pricechange.PriceChangeApi.PriceChangeStatus;
import dev.calibrate.command.pricechange.PriceChangeItems.ChannelState;
import dev.calibrate.command.pricechange.PriceChangeItems.Outcome;
import dev.calibrate.command.pricechange.PriceChangeItems.Page;
import dev.calibrate.command.pricing.RuleParser;
import dev.calibrate.kernel.error.ErrorResponses;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.error.InvalidInput.Violation;
import dev.calibrate.kernel.error.NotFound;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.message.Paging;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.ApplyPriceChange;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.ApprovePriceChange;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.CancelPriceChange;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.Definition;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.DraftPriceChange;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.EditPriceChange;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PreviewRecorded;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RejectPriceChange;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RollbackPriceChange;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.SubmitPriceChange;
import dev.calibrate.kernel.pricechange.PriceChangeState;
import dev.calibrate.kernel.competitor.CompetitorMessages.AwaitCompetitors;
import dev.calibrate.kernel.product.ProductMessages.AwaitCatalog;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.schemas.SchemaRegistry;
import io.swagger.v3.oas.annotations.Operation;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.queryhandling.QueryExecutionException;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;

/**
 * The price change lifecycle over HTTP: draft, edit, preview, submit, approve/reject, cancel, apply,
 * roll back, and the pages of the preview and of the items' outcomes. The list and the details of
 * a change are read model queries (query side).
 */
@RestController
@RequestMapping(path = "/api/v1/price-changes", produces = MediaType.APPLICATION_JSON_VALUE)
public class PriceChangeController {

    static final String DEFINITION_SCHEMA = "PriceChangeDefinition";
    static final int DEFAULT_PAGE_SIZE = 50;
    static final String WAIT_FOR = "X-Calibrate-Wait-For";

    private final CommandGateway commands;
    private final SchemaRegistry schemas;
    private final RuleParser rules;
    private final EventPositions positions;
    private final PriceChangeItems items;
    private final PriceChangeHistory changes;
    private final QueryGateway queries;
    private final Previews previews;

    PriceChangeController(CommandGateway commands, SchemaRegistry schemas, EventPositions positions,
                          PriceChangeItems items, PriceChangeHistory changes, QueryGateway queries,
                          Previews previews) {
        this.commands = commands;
        this.schemas = schemas;
        this.rules = new RuleParser(schemas);
        this.positions = positions;
        this.items = items;
        this.changes = changes;
        this.queries = queries;
        this.previews = previews;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope(Scope.PRICES_WRITE)
    public ResponseEntity<Map<String, Object>> draft(@RequestBody JsonNode body, Caller caller) {
        PriceChangeId id = PriceChangeId.random();
        commands.sendAndWait(new DraftPriceChange(id, caller.tenantId(), caller.actor(), definition(body)));
        return ResponseEntity.created(URI.create("/api/v1/price-changes/" + id))
                .header(EventPositions.HEADER, Long.toString(positions.head()))
                .body(state(id, PriceChangeState.DRAFT));
    }

    /** Edits a DRAFT or PREVIEWED change; the preview is void afterwards. */
    @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope(Scope.PRICES_WRITE)
    public ResponseEntity<Map<String, Object>> edit(@PathVariable String id, @RequestBody JsonNode body, Caller caller) {
        PriceChangeId changeId = id(id);
        send(new EditPriceChange(changeId, caller.tenantId(), caller.actor(), definition(body)));
        return written(state(changeId, PriceChangeState.DRAFT));
    }

    @PostMapping("/{id}/preview")
    @RequiresScope(Scope.PRICES_WRITE)
    public ResponseEntity<Map<String, Object>> preview(@PathVariable String id, Caller caller,
                                                       @RequestParam(defaultValue = "" + DEFAULT_PAGE_SIZE) int size,
                                                       @RequestHeader(name = WAIT_FOR, required = false) Long waitFor) {
        PriceChangeId changeId = id(id);
        Paging.of(0, size);
        if (waitFor != null) {
            awaitReadModels(waitFor);
        }
        PreviewRecorded preview = previews.preview(changeId, caller.tenantId(), caller.actor());
        Page first = items.page(caller.tenantId(), changeId, null, null, null, 0, size);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", changeId.toString());
        body.put("state", PriceChangeState.PREVIEWED.name());
        body.put("previewHash", preview.previewHash());
        body.put("summary", preview.summary());
        body.putAll(page(first, 0, size));
        return written(body);
    }

    @GetMapping("/{id}/preview")
    @RequiresScope({Scope.PRICES_WRITE, Scope.PRICES_APPROVE, Scope.PRICES_APPLY, Scope.AUDIT_READ})
    public Map<String, Object> previewPage(@PathVariable String id, Caller caller,
                                           @RequestParam(required = false) String status,
                                           @RequestParam(defaultValue = "0") int page,
                                           @RequestParam(defaultValue = "" + DEFAULT_PAGE_SIZE) int size) {
        if (status != null && !List.of("CHANGE", "NO_CHANGE", "BLOCKED", "SKIPPED").contains(status)) {
            throw new InvalidInput("status", "must be one of CHANGE, NO_CHANGE, BLOCKED, SKIPPED");
        }
        Paging.of(page, size);
        return page(existing(items.page(caller.tenantId(), id(id), status, null, null, page, size), caller, id), page,
                size);
    }

    @GetMapping("/{id}/items")
    @RequiresScope({Scope.PRICES_WRITE, Scope.PRICES_APPROVE, Scope.PRICES_APPLY, Scope.AUDIT_READ})
    public Map<String, Object> itemPage(@PathVariable String id, Caller caller,
                                        @RequestParam(required = false) String outcome,
                                        @RequestParam(required = false) String channelState,
                                        @RequestParam(defaultValue = "0") int page,
                                        @RequestParam(defaultValue = "" + DEFAULT_PAGE_SIZE) int size) {
        Outcome filter = null;
        if (outcome != null) {
            filter = PriceChangeItems.outcome(outcome);
            if (filter == null) {
                throw new InvalidInput("outcome", "must be one of " + List.of(Outcome.values()));
            }
        }
        ChannelState syncFilter = null;
        if (channelState != null) {
            syncFilter = PriceChangeItems.channelState(channelState);
            if (syncFilter == null) {
                throw new InvalidInput("channelState", "must be one of " + List.of(ChannelState.values()));
            }
        }
        Paging.of(page, size);
        return page(existing(items.page(caller.tenantId(), id(id), null, filter, syncFilter, page, size), caller, id),
                page, size);
    }

    @PostMapping("/{id}/submit")
    @RequiresScope(Scope.PRICES_WRITE)
    public ResponseEntity<Map<String, Object>> submit(@PathVariable String id, Caller caller) {
        PriceChangeId changeId = id(id);
        send(new SubmitPriceChange(changeId, caller.tenantId(), caller.actor()));
        return written(state(changeId, PriceChangeState.SUBMITTED));
    }

    @PostMapping(path = "/{id}/approve", consumes = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope(Scope.PRICES_APPROVE)
    @Operation(operationId = "approvePriceChange", summary = "Approve a submitted change",
            description = "Someone other than its author approves the preview they looked at, named by its hash.")
    @ErrorResponses({409})
    public ResponseEntity<PriceChangeStatus> approve(@PathVariable String id, @RequestBody PriceChangeApproval body,
                                                     Caller caller) {
        PriceChangeId changeId = id(id);
        send(new ApprovePriceChange(changeId, caller.tenantId(), caller.actor(), body.previewHash()));
        return ResponseEntity.ok().header(EventPositions.HEADER, Long.toString(positions.head()))
                .body(new PriceChangeStatus(changeId.toString(), PriceChangeState.APPROVED));
    }

    @PostMapping(path = "/{id}/reject", consumes = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope(Scope.PRICES_APPROVE)
    @Operation(operationId = "rejectPriceChange", summary = "Reject a submitted change, with a reason")
    @ErrorResponses({409})
    public ResponseEntity<PriceChangeStatus> reject(@PathVariable String id, @RequestBody PriceChangeRejection body,
                                                    Caller caller) {
        PriceChangeId changeId = id(id);
        send(new RejectPriceChange(changeId, caller.tenantId(), caller.actor(), body.reason()));
        return ResponseEntity.ok().header(EventPositions.HEADER, Long.toString(positions.head()))
                .body(new PriceChangeStatus(changeId.toString(), PriceChangeState.REJECTED));
    }

    @PostMapping("/{id}/cancel")
    @RequiresScope(Scope.PRICES_WRITE)
    public ResponseEntity<Map<String, Object>> cancel(@PathVariable String id, Caller caller) {
        PriceChangeId changeId = id(id);
        send(new CancelPriceChange(changeId, caller.tenantId(), caller.actor()));
        return written(state(changeId, PriceChangeState.CANCELLED));
    }

    /** 202: the change is SCHEDULED, or APPLYING in the background; follow it at GET /price-changes/{id}. */
    @PostMapping("/{id}/apply")
    @RequiresScope(Scope.PRICES_APPLY)
    public ResponseEntity<Map<String, Object>> apply(@PathVariable String id, Caller caller) {
        PriceChangeId changeId = id(id);
        PriceChangeState state = send(new ApplyPriceChange(changeId, caller.tenantId(), caller.actor()));
        return accepted(state(changeId, state));
    }

    @PostMapping("/{id}/rollback")
    @RequiresScope(Scope.PRICES_APPLY)
    public ResponseEntity<Map<String, Object>> rollback(@PathVariable String id, Caller caller) {
        PriceChangeId changeId = id(id);
        send(new RollbackPriceChange(changeId, caller.tenantId(), caller.actor()));
        return accepted(state(changeId, PriceChangeState.ROLLING_BACK));
    }

    /**
     * Before the aggregate is locked: a preview waits for the read models it evaluates (the catalog and
     * the competitor prices), never while holding it.
     */
    private void awaitReadModels(long position) {
        try {
            queries.query(new AwaitCatalog(position), Boolean.class).join();
            queries.query(new AwaitCompetitors(position), Boolean.class).join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof CompletionException || cause instanceof QueryExecutionException) {
                cause = cause.getCause();
            }
            throw cause instanceof RuntimeException failure ? failure : e;
        }
    }

    /** An id that names no price change (none at all, or another kind of aggregate) reads like any unknown id. */
    private <R> R send(Object command) {
        try {
            return commands.sendAndWait(command);
        } catch (AggregateNotFoundException e) {
            throw new NotFound("price change");
        }
    }

    /** An empty page of a change that is not the caller's (or does not exist) is a 404, not an empty list. */
    private Page existing(Page page, Caller caller, String id) {
        if (page.total() == 0 && !changes.belongsTo(id(id), caller.tenantId())) {
            throw new NotFound("price change");
        }
        return page;
    }

    private Definition definition(JsonNode body) {
        schemas.validate(DEFINITION_SCHEMA, body);
        JsonNode rule = body.get("rule");
        try {
            rules.parse(rule);
        } catch (InvalidInput invalid) {
            throw new InvalidInput(invalid.violations().stream()
                    .map(v -> new Violation(v.field().equals("(body)") ? "rule" : "rule." + v.field(), v.message()))
                    .toList());
        }
        return new Definition(body.get("name").asText().trim(), rule, instant(body, "scheduleAt"),
                instant(body, "expiresAt"), body.path("note").isTextual() ? body.get("note").asText() : null);
    }

    private static Instant instant(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            return Instant.parse(value.asText());
        } catch (DateTimeParseException e) {
            throw new InvalidInput(field, "must be an ISO-8601 instant such as 2026-12-01T09:00:00Z");
        }
    }

    /** A malformed id can name no price change, so it reads as missing like an unknown one. */
    private static PriceChangeId id(String id) {
        try {
            return new PriceChangeId(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            throw new NotFound("price change");
        }
    }

    private static Map<String, Object> page(Page page, int number, int size) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", page.items());
        body.put("page", number);
        body.put("size", size);
        body.put("total", page.total());
        return body;
    }

    private static Map<String, Object> state(PriceChangeId id, PriceChangeState state) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id.toString());
        body.put("state", state.name());
        return body;
    }

    private ResponseEntity<Map<String, Object>> written(Map<String, Object> body) {
        return ResponseEntity.ok().header(EventPositions.HEADER, Long.toString(positions.head())).body(body);
    }

    private ResponseEntity<Map<String, Object>> accepted(Map<String, Object> body) {
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .header(EventPositions.HEADER, Long.toString(positions.head())).body(body);
    }
}
