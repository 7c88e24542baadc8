package dev.calibrate.command.competitor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.kernel.competitor.CompetitorId;
import dev.calibrate.kernel.competitor.CompetitorMessages.FindProductRefs;
import dev.calibrate.kernel.competitor.CompetitorMessages.ProductRef;
import dev.calibrate.kernel.competitor.CompetitorMessages.RecordObservations;
import dev.calibrate.kernel.competitor.CompetitorMessages.RegisterCompetitor;
import dev.calibrate.kernel.competitor.CompetitorNotFound;
import dev.calibrate.kernel.competitor.ObservationBatchId;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.AwaitCatalog;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.schemas.SchemaRegistry;
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
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletionException;

/** Registers competitors and takes in batches of the prices seen at them. */
@RestController
@RequestMapping(path = "/api/v1/competitors", produces = MediaType.APPLICATION_JSON_VALUE)
public class CompetitorCommandController {

    static final String REGISTRATION_SCHEMA = "CompetitorRegistration";
    static final String BATCH_SCHEMA = "CompetitorObservationBatch";

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final SchemaRegistry schemas;
    private final EventPositions positions;
    private final Clock clock;

    public CompetitorCommandController(CommandGateway commands, QueryGateway queries, SchemaRegistry schemas,
                                       EventPositions positions, Clock clock) {
        this.commands = commands;
        this.queries = queries;
        this.schemas = schemas;
        this.positions = positions;
        this.clock = clock;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope(Scope.COMPETITORS_WRITE)
    public ResponseEntity<Map<String, Object>> register(@RequestBody JsonNode body, Caller caller) {
        schemas.validate(REGISTRATION_SCHEMA, body);
        String domain = body.get("domain").asText().trim().toLowerCase(Locale.ROOT);
        CompetitorId id = CompetitorId.forDomain(caller.tenantId(), domain);
        commands.sendAndWait(new RegisterCompetitor(id, caller.tenantId(), body.get("name").asText(), domain));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", id.toString());
        answer.put("name", body.get("name").asText().trim());
        answer.put("domain", domain);
        return ResponseEntity.status(HttpStatus.CREATED)
                .header(EventPositions.HEADER, Long.toString(positions.head())).body(answer);
    }

    /**
     * Up to 5,000 observations, each checked and answered on its own; the accepted ones (and which
     * items were rejected, and why) are recorded as one batch in one transaction. With
     * {@code X-Calibrate-Wait-For}, SKUs are looked up once the catalog has reached that position,
     * so products written just before are known.
     */
    @PostMapping(path = "/{id}/observations", consumes = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope(Scope.COMPETITORS_WRITE)
    public ResponseEntity<Map<String, Object>> observe(@PathVariable UUID id, @RequestBody JsonNode body,
                                                       @RequestHeader(name = EventPositions.WAIT_HEADER, required = false) Long waitFor,
                                                       Caller caller) {
        schemas.validate(BATCH_SCHEMA, body);
        CompetitorId competitorId = new CompetitorId(id);
        Instant now = clock.instant();
        List<ObservationItems.Parsed> parsed = new ArrayList<>();
        int index = 0;
        for (JsonNode item : body.get("observations")) {
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
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("batchId", batchId.toString());
        answer.put("competitorId", competitorId.toString());
        answer.put("accepted", outcome.accepted().size());
        answer.put("rejected", parsed.size() - outcome.accepted().size());
        answer.put("results", outcome.answers());
        return ResponseEntity.ok().header(EventPositions.HEADER, Long.toString(positions.head())).body(answer);
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
