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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    private static final Logger log = LoggerFactory.getLogger(ProductCommandController.class);
    static final String UPSERT_SCHEMA = "ProductUpsert";
    static final String BATCH_SCHEMA = "ProductBatch";

    private final CommandGateway commands;
    private final SchemaRegistry schemas;
    private final ObjectMapper mapper;
    private final EventPositions positions;

    public ProductCommandController(CommandGateway commands, SchemaRegistry schemas, ObjectMapper mapper,
                                    EventPositions positions) {
        this.commands = commands;
        this.schemas = schemas;
        this.mapper = mapper;
        this.positions = positions;
    }

    @PostMapping(path = "/products", consumes = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope(Scope.CATALOG_WRITE)
    public ResponseEntity<Map<String, Object>> upsert(@RequestBody JsonNode body, Caller caller) {
        UpsertResult result = commands.sendAndWait(parse(body, caller));
        return ResponseEntity.status(result.outcome() == UpsertOutcome.CREATED ? HttpStatus.CREATED : HttpStatus.OK)
                .header(EventPositions.HEADER, Long.toString(positions.head()))
                .body(describe(result));
    }

    /** Up to 1,000 upserts; each item is validated and answered on its own, so one bad item fails only itself. */
    @PostMapping(path = "/products:batch", consumes = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope(Scope.CATALOG_WRITE)
    public ResponseEntity<Map<String, Object>> batch(@RequestBody JsonNode body, Caller caller) {
        schemas.validate(BATCH_SCHEMA, body);
        List<Map<String, Object>> results = new ArrayList<>();
        int failed = 0;
        int index = 0;
        for (JsonNode item : body.get("items")) {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("index", index++);
            answer.put("sku", item.path("sku").isTextual() ? item.get("sku").asText() : null);
            try {
                UpsertResult result = commands.sendAndWait(parse(item, caller));
                answer.put("status", result.outcome() == UpsertOutcome.CREATED ? 201 : 200);
                answer.putAll(describe(result));
            } catch (Rejection rejection) {
                failed++;
                answer.put("status", rejection.kind() == Rejection.Kind.NOT_FOUND ? 404 : 400);
                answer.put("error", rejection.getMessage());
                if (rejection instanceof InvalidInput invalid) {
                    answer.put("errors", invalid.violations());
                }
            } catch (RuntimeException e) {
                failed++;
                log.warn("Batch item {} failed", index - 1, e);
                answer.put("status", 500);
                answer.put("error", "the item could not be stored; retry it");
            }
            results.add(answer);
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("succeeded", results.size() - failed);
        response.put("failed", failed);
        response.put("results", results);
        return ResponseEntity.ok().header(EventPositions.HEADER, Long.toString(positions.head())).body(response);
    }

    @DeleteMapping("/products/{id}")
    @RequiresScope(Scope.CATALOG_WRITE)
    public ResponseEntity<Void> deactivate(@PathVariable UUID id, Caller caller) {
        ProductId productId = new ProductId(id);
        try {
            commands.sendAndWait(new DeactivateProduct(productId, caller.tenantId()));
        } catch (AggregateNotFoundException e) {
            throw new ProductNotFound(productId);
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
