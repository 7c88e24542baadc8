package dev.calibrate.app.console.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.app.console.FormErrors;
import dev.calibrate.app.console.Me;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.error.NotFound;
import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.product.ProductNotFound;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.query.provenance.ProvenanceController;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.UUID;

/**
 * {@code /console/products/{id}/provenance}: "Why this price", the API's provenance of one price (live,
 * or at an instant typed into the page), with the same scope check: catalog:read or audit:read.
 */
@Controller
class ProvenancePageController {

    private final ProvenanceController provenance;
    private final ObjectMapper mapper;

    ProvenancePageController(ProvenanceController provenance, ObjectMapper mapper) {
        this.provenance = provenance;
        this.mapper = mapper;
    }

    @GetMapping("/console/products/{id}/provenance")
    String page(@ModelAttribute("me") Me me, @PathVariable String id,
                @RequestParam(defaultValue = "") String currency, @RequestParam(defaultValue = "") String at,
                Model model, HttpServletResponse response) {
        Caller caller = me.require(Scope.CATALOG_READ, Scope.AUDIT_READ);
        UUID productId = productId(id);
        FormErrors errors = new FormErrors();
        ProvenanceView answer = null;
        String notice = null;
        try {
            answer = ProvenanceView.of(provenance.provenance(productId, currency.strip(), at.strip(), caller), mapper);
        } catch (InvalidInput invalid) {
            errors.add(invalid.field(), ProductsController.sentence(invalid.reason()));
            response.setStatus(HttpStatus.BAD_REQUEST.value());
        } catch (ProductNotFound unknown) {
            throw unknown;
        } catch (Rejection rejection) {
            if (rejection.kind() == Rejection.Kind.NOT_FOUND) {
                response.setStatus(HttpStatus.NOT_FOUND.value());
            } else if (rejection.kind() == Rejection.Kind.OVER_BUDGET) {
                response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
            } else {
                throw rejection;
            }
            notice = ProductsController.sentence(rejection.getMessage());
        }
        model.addAttribute("productId", productId);
        model.addAttribute("currency", currency);
        model.addAttribute("at", at);
        model.addAttribute("errors", errors);
        model.addAttribute("answer", answer);
        model.addAttribute("notice", notice);
        return "console/catalog/provenance";
    }

    /** A malformed id names no product: the same 404 as an unknown one, or another tenant's. */
    private static UUID productId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFound("product");
        }
    }
}
