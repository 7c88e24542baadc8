package dev.calibrate.command.product.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.command.product.ProductRules;
import dev.calibrate.command.product.ingest.ProductBatchWriter;
import dev.calibrate.command.product.web.ProductApi.ProductBatch;
import dev.calibrate.command.product.web.ProductApi.ProductBatchItemResult;
import dev.calibrate.command.product.web.ProductApi.ProductBatchResult;
import dev.calibrate.command.product.web.ProductApi.ProductUpsert;
import dev.calibrate.command.product.web.ProductApi.ProductUpsertResult;
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
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Writes to the catalog: upsert by SKU (one or a batch) and deactivate. */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Catalog", description = "The products whose prices Calibrate manages.")
public class ProductCommandController {

    private static final String ITEM_SCHEMA = "ProductUpsert";

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
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "upsertProduct", summary = "Create or update a product by SKU",
            description = "201 with outcome CREATED for a new SKU; 200 with outcome UPDATED or UNCHANGED for a "
                    + "known one.")
    // two successes, so both are named; @ResponseStatus alone would document only 201
    @ApiResponse(responseCode = "201", description = "A new product was created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = ProductUpsertResult.class)))
    @ApiResponse(responseCode = "200", description = "A known product was updated, or was already so",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = ProductUpsertResult.class)))
    public ResponseEntity<ProductUpsertResult> upsert(@RequestBody ProductUpsert body, Caller caller) {
        UpsertResult result = commands.sendAndWait(body.toCommand(caller.tenantId()));
        return ResponseEntity.status(result.outcome() == UpsertOutcome.CREATED ? HttpStatus.CREATED : HttpStatus.OK)
                .header(EventPositions.HEADER, Long.toString(positions.head()))
                .body(ProductUpsertResult.of(result));
    }

    /**
     * Each item is validated and answered on its own, so one bad item fails only itself. Valid items are
     * written in chunks, one transaction each.
     */
    @PostMapping(path = "/products:batch", consumes = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope(Scope.CATALOG_WRITE)
    @Operation(operationId = "upsertProductBatch", summary = "Create or update up to 1,000 products",
            description = "Each item is checked and answered on its own (with the status it would have had "
                    + "alone), so one bad item fails only itself.")
    public ResponseEntity<ProductBatchResult> batch(@RequestBody ProductBatch body, Caller caller) {
        int count = body.items().size();
        ProductBatchItemResult[] results = new ProductBatchItemResult[count];
        String[] skus = new String[count];
        List<UpsertProduct> valid = new ArrayList<>();
        List<Integer> validIndexes = new ArrayList<>();
        for (int index = 0; index < count; index++) {
            JsonNode item = body.items().get(index);
            skus[index] = item.path("sku").isTextual() ? item.get("sku").asText() : null;
            try {
                UpsertProduct upsert = item(item, caller);
                ProductRules.validate(upsert);
                valid.add(upsert);
                validIndexes.add(index);
            } catch (InvalidInput invalid) {
                results[index] = refused(index, skus[index], invalid);
            }
        }
        List<ProductBatchWriter.Outcome> outcomes = batchWriter.write(valid);
        for (int i = 0; i < outcomes.size(); i++) {
            ProductBatchWriter.Outcome outcome = outcomes.get(i);
            int index = validIndexes.get(i);
            UpsertResult result = outcome.result();
            if (result != null) {
                results[index] = new ProductBatchItemResult(index, skus[index],
                        result.outcome() == UpsertOutcome.CREATED ? 201 : 200, result.productId().toString(),
                        result.outcome(), result.version(), null, null);
            } else if (outcome.rejection() != null) {
                results[index] = refused(index, skus[index], outcome.rejection());
            } else {
                results[index] = new ProductBatchItemResult(index, skus[index], 500, null, null, null,
                        "the item could not be stored; retry it", null);
            }
        }
        long failed = Arrays.stream(results).filter(r -> r.status() >= 400).count();
        return ResponseEntity.ok().header(EventPositions.HEADER, Long.toString(positions.head()))
                .body(new ProductBatchResult(count - failed, failed, List.of(results)));
    }

    @DeleteMapping("/products/{id}")
    @RequiresScope(Scope.CATALOG_WRITE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "deactivateProduct", summary = "Deactivate a product")
    public ResponseEntity<Void> deactivate(@PathVariable UUID id, Caller caller) {
        ProductId productId = new ProductId(id);
        try {
            commands.sendAndWait(new DeactivateProduct(productId, caller.tenantId()));
        } catch (AggregateNotFoundException e) {
            throw new ProductNotFound();
        }
        return ResponseEntity.noContent().header(EventPositions.HEADER, Long.toString(positions.head())).build();
    }

    /**
     * A batch item is checked against the single upsert's schema here, not before binding: the batch
     * body is valid with bad items in it, and each bad item gets its own answer.
     */
    private UpsertProduct item(JsonNode item, Caller caller) {
        schemas.validate(ITEM_SCHEMA, item);
        try {
            return mapper.treeToValue(item, ProductUpsert.class).toCommand(caller.tenantId());
        } catch (JsonProcessingException e) {
            throw new InvalidInput("(body)", "does not match the product shape");
        }
    }

    private static ProductBatchItemResult refused(int index, String sku, Rejection rejection) {
        int status = switch (rejection.kind()) {
            case NOT_FOUND -> 404;
            case FORBIDDEN -> 403;
            default -> 400;
        };
        return new ProductBatchItemResult(index, sku, status,
                null, null, null, rejection.getMessage(),
                rejection instanceof InvalidInput invalid ? invalid.violations() : null);
    }
}
