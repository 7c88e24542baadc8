package dev.calibrate.command.product.floors;

import dev.calibrate.command.product.floors.BrandFloorApi.BrandFloorImportResult;
import dev.calibrate.command.product.floors.BrandFloorApi.BrandFloorsUpdate;
import dev.calibrate.command.product.floors.BrandFloorApi.BrandFloorsView;
import dev.calibrate.command.product.ingest.StoredProducts;
import dev.calibrate.kernel.error.ErrorResponses;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.error.InvalidInput.Violation;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.product.BrandFloors;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.SetBrandFloors;
import dev.calibrate.kernel.product.ProductNotFound;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A product's brand price floors per currency (MAP, PMAP, LRP; docs/pricing-rules.md): set one product's,
 * clear them, or import many from CSV. Written with the catalog's own scope, {@code catalog:write}, as
 * the rest of the product API.
 */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Catalog", description = "The products whose prices Calibrate manages.")
public class BrandFloorController {

    static final String CSV = "text/csv";

    private final CommandGateway commands;
    private final StoredProducts products;
    private final TransactionTemplate transaction;
    private final EventPositions positions;

    public BrandFloorController(CommandGateway commands, StoredProducts products,
                                PlatformTransactionManager transactionManager, EventPositions positions) {
        this.commands = commands;
        this.products = products;
        this.transaction = new TransactionTemplate(transactionManager);
        this.positions = positions;
    }

    @PutMapping(path = "/products/{id}/brand-floors/{currency}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope(Scope.CATALOG_WRITE)
    @Operation(operationId = "setBrandFloors", summary = "Set a product's brand floors in one currency",
            description = "Replaces the product's MAP, PMAP (with its window [from, until)) and LRP in the currency; "
                    + "at least one is required. Previews block a price below the floor in force when the tenant "
                    + "policy's enforceMap is on: the LRP, else an active PMAP, else the MAP.")
    public ResponseEntity<BrandFloorsView> set(@PathVariable UUID id, @PathVariable String currency,
                                               @RequestBody BrandFloorsUpdate body, Caller caller) {
        List<Violation> violations = new ArrayList<>();
        String code = BrandFloorRules.currency(currency, "currency", violations);
        BrandFloors floors = BrandFloorRules.floors(code, body.map(), body.pmap() == null ? null : body.pmap().amount(),
                body.pmap() == null ? null : body.pmap().from(), body.pmap() == null ? null : body.pmap().until(),
                body.lrp(), "", violations);
        if (!violations.isEmpty()) {
            throw new InvalidInput(violations);
        }
        ProductId productId = new ProductId(id);
        send(new SetBrandFloors(productId, caller.tenantId(), code, floors));
        return ResponseEntity.ok().header(EventPositions.HEADER, Long.toString(positions.head()))
                .body(BrandFloorsView.of(productId, floors));
    }

    @DeleteMapping("/products/{id}/brand-floors/{currency}")
    @RequiresScope(Scope.CATALOG_WRITE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "clearBrandFloors", summary = "Clear a product's brand floors in one currency",
            description = "204 whether or not the product had floors there.")
    public ResponseEntity<Void> clear(@PathVariable UUID id, @PathVariable String currency, Caller caller) {
        List<Violation> violations = new ArrayList<>();
        String code = BrandFloorRules.currency(currency, "currency", violations);
        if (!violations.isEmpty()) {
            throw new InvalidInput(violations);
        }
        send(new SetBrandFloors(new ProductId(id), caller.tenantId(), code, null));
        return ResponseEntity.noContent().header(EventPositions.HEADER, Long.toString(positions.head())).build();
    }

    @PostMapping(path = "/products/brand-floors:import", consumes = CSV)
    @ErrorResponses({500})
    @RequiresScope(Scope.CATALOG_WRITE)
    @Operation(operationId = "importBrandFloors", summary = "Set brand floors from a CSV",
            description = "Header `sku,currency,map,pmap,pmap_from,pmap_until,lrp`, then a row per product and "
                    + "currency (at most 10,000 rows, 1,000,000 characters); a row with every floor empty clears "
                    + "them. All or nothing: the whole file is checked, every SKU must name a product, and any "
                    + "problem answers 400 naming each bad line, with nothing written; the rows are then written "
                    + "in one transaction, so a failure while writing (a 500) leaves none written and the file can be "
                    + "sent again.")
    public ResponseEntity<BrandFloorImportResult> importCsv(@RequestBody(required = false) String csv,
                                                            Caller caller) {
        List<BrandFloorCsv.Row> rows = BrandFloorCsv.parse(csv);
        Set<String> known = products.existing(rows.stream()
                .map(row -> ProductId.forSku(caller.tenantId(), row.sku()).toString()).toList());
        List<Violation> unknown = new ArrayList<>();
        for (BrandFloorCsv.Row row : rows) {
            if (!known.contains(ProductId.forSku(caller.tenantId(), row.sku()).toString())) {
                unknown.add(new Violation("line " + row.line() + ": sku", "no product has this SKU"));
            }
        }
        if (!unknown.isEmpty()) {
            throw new InvalidInput(unknown.subList(0, Math.min(unknown.size(), BrandFloorCsv.MAX_VIOLATIONS)));
        }
        // one transaction for the file: each command's events join it, so a failure on any row (the database,
        // a product changed under us) rolls back every row before it too, and the answer is an error
        Integer changed = transaction.execute(tx -> {
            int did = 0;
            for (BrandFloorCsv.Row row : rows) {
                if (Boolean.TRUE.equals(send(new SetBrandFloors(ProductId.forSku(caller.tenantId(), row.sku()),
                        caller.tenantId(), row.currency(), row.floors())))) {
                    did++;
                }
            }
            return did;
        });
        return ResponseEntity.ok().header(EventPositions.HEADER, Long.toString(positions.head()))
                .body(new BrandFloorImportResult(rows.size(), changed == null ? 0 : changed));
    }

    private Boolean send(SetBrandFloors command) {
        try {
            return commands.sendAndWait(command);
        } catch (AggregateNotFoundException e) {
            throw new ProductNotFound();
        }
    }
}
