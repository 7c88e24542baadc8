package dev.calibrate.query.catalog;

import dev.calibrate.kernel.error.ErrorResponses;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.message.Paging;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.kernel.tenant.TenantScope;
import dev.calibrate.query.catalog.ProductReadApi.ProductDetail;
import dev.calibrate.query.catalog.ProductReadApi.ProductPage;
import dev.calibrate.query.consistency.ReadModelProgress;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.UUID;

/**
 * The catalog as the read model holds it. With {@code X-Calibrate-Wait-For} a read waits until the
 * catalog has caught up with that event position (503 when it does not in time).
 */
@RestController
@Tag(name = "Catalog")
@RequestMapping(path = "/api/v1/products", produces = MediaType.APPLICATION_JSON_VALUE)
public class ProductReadController {

    private final TenantScope tenantScope;
    private final ReadModelProgress progress;
    private final ProductQueries queries;

    public ProductReadController(TenantScope tenantScope, ReadModelProgress progress, ProductQueries queries) {
        this.tenantScope = tenantScope;
        this.progress = progress;
        this.queries = queries;
    }

    @GetMapping
    @RequiresScope(Scope.CATALOG_READ)
    @Operation(operationId = "listProducts", summary = "List products with their current prices",
            description = "In SKU order; the filters combine, and a blank one means any. With q the total counts "
                    + "no further than 10,000 (totalExact false beyond it).")
    @ErrorResponses({503})
    public ProductPage list(@RequestParam(required = false) String sku,
                            @RequestParam(required = false) String tag,
                            @RequestParam(required = false) String vendor,
                            @Parameter(description = "Part of the title or SKU, case-insensitive; % and _ match themselves.")
                            @RequestParam(required = false) String q,
                            @RequestParam(required = false) Boolean active,
                            @RequestParam(defaultValue = "0") int page,
                            @RequestParam(defaultValue = "50") int size,
                            @RequestHeader(name = EventPositions.WAIT_HEADER, required = false) Long waitFor,
                            Caller caller) {
        Paging paging = Paging.of(page, size);
        progress.awaitPosition(CatalogProjection.NAME, waitFor);
        ProductQueries.Filter filter = new ProductQueries.Filter(blankToNull(sku), blankToNull(tag),
                blankToNull(vendor), blankToNull(q), active);
        return tenantScope.read(caller.tenantId(), () -> queries.list(filter, paging));
    }

    @GetMapping("/{id}")
    @RequiresScope(Scope.CATALOG_READ)
    @Operation(operationId = "getProduct", summary = "One product with its current prices and price history")
    @ErrorResponses({503})
    public ProductDetail get(@PathVariable UUID id,
                             @RequestHeader(name = EventPositions.WAIT_HEADER, required = false) Long waitFor,
                             Caller caller) {
        progress.awaitPosition(CatalogProjection.NAME, waitFor);
        return tenantScope.read(caller.tenantId(), () -> queries.get(new ProductId(id)));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
