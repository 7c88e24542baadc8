package dev.calibrate.command.competitor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.command.competitor.CompetitorApi.CompetitorObservationBatch;
import dev.calibrate.command.competitor.CompetitorApi.CompetitorObservationBatchResult;
import dev.calibrate.command.competitor.CompetitorApi.CompetitorRegistration;
import dev.calibrate.command.competitor.CompetitorApi.RegisteredCompetitor;
import dev.calibrate.kernel.competitor.CompetitorId;
import dev.calibrate.kernel.competitor.CompetitorMessages.FindProductRefs;
import dev.calibrate.kernel.competitor.CompetitorMessages.ProductRef;
import dev.calibrate.kernel.competitor.CompetitorMessages.RecordObservations;
import dev.calibrate.kernel.competitor.CompetitorMessages.RegisterCompetitor;
import dev.calibrate.kernel.competitor.CompetitorNotFound;
import dev.calibrate.kernel.competitor.ObservationBatchId;
import dev.calibrate.kernel.error.ErrorResponses;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.AwaitCatalog;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.queryhandling.QueryExecutionException;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletionException;

/** Registers competitors and takes in batches of the prices seen at them. */
@RestController
@RequestMapping(path = "/api/v1/competitors", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Competitors", description = "Competitors and the prices seen at them.")
public class CompetitorCommandController {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final EventPositions positions;
    private final Clock clock;

    public CompetitorCommandController(CommandGateway commands, QueryGateway queries, EventPositions positions,
                                       Clock clock) {
        this.commands = commands;
        this.queries = queries;
        this.positions = positions;
        this.clock = clock;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope(Scope.COMPETITORS_WRITE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "registerCompetitor", summary = "Register a competitor by its domain",
            description = "The domain is a host name, unique per tenant; registering it twice is a 409.")
    public ResponseEntity<RegisteredCompetitor> register(@RequestBody CompetitorRegistration body, Caller caller) {
        String domain = body.domain().trim().toLowerCase(Locale.ROOT);
        CompetitorId id = CompetitorId.forDomain(caller.tenantId(), domain);
        commands.sendAndWait(new RegisterCompetitor(id, caller.tenantId(), body.name(), domain));
        return ResponseEntity.status(HttpStatus.CREATED)
                .header(EventPositions.HEADER, Long.toString(positions.head()))
                .body(new RegisteredCompetitor(id.toString(), body.name().trim(), domain));
    }

    /**
     * Up to 5,000 observations, each checked and answered on its own; the accepted ones (and which
     * items were rejected, and why) are recorded as one batch in one transaction. With
     * {@code X-Calibrate-Wait-For}, SKUs are looked up once the catalog has reached that position,
     * so products written just before are known.
     */
    @PostMapping(path = "/{id}/observations", consumes = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope(Scope.COMPETITORS_WRITE)
    @Operation(operationId = "recordCompetitorObservations", summary = "Record prices seen at a competitor",
            description = "Up to 5,000 observations, each checked and answered on its own. With "
                    + "X-Calibrate-Wait-For, SKUs are looked up once the catalog has reached that position.")
    @ErrorResponses({503})
    public ResponseEntity<CompetitorObservationBatchResult> observe(
            @PathVariable UUID id, @RequestBody CompetitorObservationBatch body,
            @RequestHeader(name = EventPositions.WAIT_HEADER, required = false) Long waitFor, Caller caller) {
        CompetitorId competitorId = new CompetitorId(id);
        Instant now = clock.instant();
        List<ObservationItems.Parsed> parsed = new ArrayList<>();
        int index = 0;
        for (JsonNode item : body.observations()) {
            parsed.add(ObservationItems.parse(index++, item, now));
        }
        if (waitFor != null) {
            ask(new AwaitCatalog(waitFor), Boolean.class);
        }
        ObservationItems.Outcome outcome = ObservationItems.resolve(parsed, products(caller, parsed));
        ObservationBatchId batchId = ObservationBatchId.random();
        try {
            commands.sendAndWait(new RecordObservations(competitorId, caller.tenantId(), batchId, parsed.size(),
                    outcome.accepted(), outcome.rejected()));
        } catch (AggregateNotFoundException e) {
            throw new CompetitorNotFound();
        }
        return ResponseEntity.ok().header(EventPositions.HEADER, Long.toString(positions.head()))
                .body(new CompetitorObservationBatchResult(batchId.toString(), competitorId.toString(),
                        outcome.accepted().size(), parsed.size() - outcome.accepted().size(), outcome.answers()));
    }

    /** The tenant's products among those the well-formed items name, in one query. */
    private List<ProductRef> products(Caller caller, List<ObservationItems.Parsed> items) {
        List<ProductId> ids = items.stream().filter(ObservationItems.Parsed::valid)
                .map(ObservationItems.Parsed::productId).filter(Objects::nonNull).distinct().toList();
        List<String> skus = items.stream().filter(ObservationItems.Parsed::valid)
                .map(ObservationItems.Parsed::sku).filter(Objects::nonNull).distinct().toList();
        if (ids.isEmpty() && skus.isEmpty()) {
            return List.of();
        }
        try {
            return queries.query(new FindProductRefs(caller.tenantId(), ids, skus),
                    ResponseTypes.multipleInstancesOf(ProductRef.class)).join();
        } catch (CompletionException e) {
            throw unwrapped(e);
        }
    }

    private <T> T ask(Object query, Class<T> type) {
        try {
            return queries.query(query, type).join();
        } catch (CompletionException e) {
            throw unwrapped(e);
        }
    }

    private static RuntimeException unwrapped(CompletionException e) {
        Throwable cause = e.getCause();
        while (cause instanceof CompletionException || cause instanceof QueryExecutionException) {
            cause = cause.getCause();
        }
        return cause instanceof RuntimeException failure ? failure : e;
    }
}
