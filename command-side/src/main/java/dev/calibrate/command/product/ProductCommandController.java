package dev.calibrate.command.product;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.DeactivateProduct;
import dev.calibrate.kernel.product.ProductMessages.UpsertOutcome;
import dev.calibrate.kernel.product.ProductMessages.UpsertProduct;
import dev.calibrate.kernel.product.ProductMessages.UpsertResult;
import dev.calibrate.kernel.product.ProductNotFound;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.schemas.SchemaRegistry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Writes to the catalog: upsert by SKU (one or a batch) and deactivate. */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
public class ProductCommandController {

    static final String UPSERT_SCHEMA = "ProductUpsert";
    static final String BATCH_SCHEMA = "ProductBatch";

    private final CommandGateway commands;
    private final SchemaRegistry schemas;
    private final ObjectMapper mapper;
    private final EventPositions positions;
    private final ProductBatchWriter batchWriter;

    public ProductCommandController(CommandGateway commands, SchemaRegistry schemas, ObjectMapper mapper,
                                    EventPositions positions, ProductBatchWriter batchWriter) {
        this.commands = commands;
        this.schemas = schemas;
        this.mapper = mapper;
        this.positions = positions;
        this.batchWriter = batchWriter;
    }

    @PostMapping(path = "/products", consumes = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope(Scope.CATALOG_WRITE)
    public ResponseEntity<Map<String, Object>> upsert(@RequestBody JsonNode body, Caller caller) {
        UpsertResult result = commands.sendAndWait(parse(body, caller));
        return ResponseEntity.status(result.outcome() == UpsertOutcome.CREATED ? HttpStatus.CREATED : HttpStatus.OK)
                .header(EventPositions.HEADER, Long.toString(positions.head()))
                .body(describe(result));
    }

    /**
     * Up to 1,000 upserts; each item is validated and answered on its own, so one bad item fails
     * only itself. Valid items are written in chunks, one transaction each.
     */
    @PostMapping(path = "/products:batch", consumes = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope(Scope.CATALOG_WRITE)
    public ResponseEntity<Map<String, Object>> batch(@RequestBody JsonNode body, Caller caller) {
        schemas.validate(BATCH_SCHEMA, body);
        List<Map<String, Object>> answers = new ArrayList<>();
        List<UpsertProduct> valid = new ArrayList<>();
        List<Map<String, Object>> validAnswers = new ArrayList<>();
        int index = 0;
        for (JsonNode item : body.get("items")) {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("index", index++);
            answer.put("sku", item.path("sku").isTextual() ? item.get("sku").asText() : null);
            answers.add(answer);
            try {
                UpsertProduct upsert = parse(item, caller);
                ProductRules.validate(upsert);
                valid.add(upsert);
                validAnswers.add(answer);
            } catch (InvalidInput invalid) {
                reject(answer, invalid);
            }
        }
        List<ProductBatchWriter.Outcome> outcomes = batchWriter.write(valid);
        for (int i = 0; i < outcomes.size(); i++) {
            ProductBatchWriter.Outcome outcome = outcomes.get(i);
            Map<String, Object> answer = validAnswers.get(i);
            if (outcome.result() != null) {
                answer.put("status", outcome.result().outcome() == UpsertOutcome.CREATED ? 201 : 200);
                answer.putAll(describe(outcome.result()));
            } else if (outcome.rejection() != null) {
                reject(answer, outcome.rejection());
            } else {
                answer.put("status", 500);
                answer.put("error", "the item could not be stored; retry it");
            }
        }
        long failed = answers.stream().filter(a -> (int) a.get("status") >= 400).count();
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("succeeded", answers.size() - failed);
        response.put("failed", failed);
        response.put("results", answers);
        return ResponseEntity.ok().header(EventPositions.HEADER, Long.toString(positions.head())).body(response);
    }

    private static void reject(Map<String, Object> answer, Rejection rejection) {
        answer.put("status", rejection.kind() == Rejection.Kind.NOT_FOUND ? 404 : 400);
        answer.put("error", rejection.getMessage());
        if (rejection instanceof InvalidInput invalid) {
            answer.put("errors", invalid.violations());
        }
    }

    @DeleteMapping("/products/{id}")
    @RequiresScope(Scope.CATALOG_WRITE)
    public ResponseEntity<Void> deactivate(@PathVariable UUID id, Caller caller) {
        ProductId productId = new ProductId(id);
        try {
            commands.sendAndWait(new DeactivateProduct(productId, caller.tenantId()));
        } catch (AggregateNotFoundException e) {
            throw new ProductNotFound();
        }
        return ResponseEntity.noContent().header(EventPositions.HEADER, Long.toString(positions.head())).build();
    }

    private UpsertProduct parse(JsonNode body, Caller caller) {
        schemas.validate(UPSERT_SCHEMA, body);
        try {
            return mapper.treeToValue(body, ProductRequest.class).toCommand(caller.tenantId());
        } catch (JsonProcessingException e) {
            throw new InvalidInput("(body)", "does not match the product shape");
        }
    }

    private static Map<String, Object> describe(UpsertResult result) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", result.productId().toString());
        body.put("outcome", result.outcome().name());
        body.put("version", result.version());
        return body;
    }
}
