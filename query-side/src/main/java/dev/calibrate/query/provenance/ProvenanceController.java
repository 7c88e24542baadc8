package dev.calibrate.query.provenance;

import dev.calibrate.kernel.error.ErrorResponses;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.query.provenance.ProvenanceApi.PriceProvenance;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.UUID;

/** Why a product's price is what it is, in one call: for catalog readers and auditors alike. */
@RestController
@Tag(name = "Audit")
public class ProvenanceController {

    private final PriceProvenances provenances;

    public ProvenanceController(PriceProvenances provenances) {
        this.provenances = provenances;
    }

    @GetMapping(path = "/api/v1/products/{id}/provenance", produces = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope({Scope.AUDIT_READ, Scope.CATALOG_READ})
    @Operation(operationId = "getProductPriceProvenance", summary = "Why a product's price is what it is",
            description = "For the live price in a currency, or the price at an instant: the event that set it, the "
                    + "price change behind it (rule, preview hash, author, approver, run, the explain trace and its "
                    + "inputs) or the source and ingest that observed it, what each channel made of it, any open "
                    + "drift, and the price before. Computed from the product's events up to the instant, read "
                    + "newest first (at most " + ProductStreamWindow.MAX_EVENTS + "); 404 when the product did not "
                    + "exist yet or had no price in the currency, 422 when the price was set further back than that.")
    @ErrorResponses({422})
    public PriceProvenance provenance(@PathVariable UUID id,
                                      @Parameter(description = "ISO-4217 code, required.", example = "USD")
                                      @RequestParam(required = false) String currency,
                                      @Parameter(description = "An ISO-8601 instant; absent for the live price.",
                                              example = "2026-11-26T10:00:00Z")
                                      @RequestParam(required = false) String at, Caller caller) {
        return provenances.of(caller, new ProductId(id), ProvenanceArguments.currency("currency", currency),
                ProvenanceArguments.instant("at", at));
    }
}
