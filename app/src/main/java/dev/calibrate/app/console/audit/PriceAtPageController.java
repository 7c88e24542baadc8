package dev.calibrate.app.console.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.app.console.FormErrors;
import dev.calibrate.app.console.Me;
import dev.calibrate.app.console.catalog.Display;
import dev.calibrate.app.console.catalog.ExplainView;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.query.consistency.ReadTimedOut;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.query.audit.AuditApi.PriceSettingEvent;
import dev.calibrate.query.audit.AuditApi.ProductPriceAt;
import dev.calibrate.query.audit.PriceAtController;
import dev.calibrate.query.catalog.ProductReadController;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;

import java.util.UUID;

/**
 * {@code /console/audit/price-at}: what a product cost at an instant and which event set it, through
 * the API's price-at read (catalog:read or audit:read, as there). A SKU is looked up in the catalog,
 * which needs catalog:read; an id needs nothing more.
 */
@Controller
class PriceAtPageController {

    /** The answer as the page shows it. */
    public record PriceAtView(UUID productId, String currency, String at, String amount, String compareAt,
                              String event, String setAt, String actor, String source, UUID changeId,
                              String action, ExplainView explain) {
    }

    private final PriceAtController priceAt;
    private final ProductReadController products;
    private final ObjectMapper mapper;

    PriceAtPageController(PriceAtController priceAt, ProductReadController products, ObjectMapper mapper) {
        this.priceAt = priceAt;
        this.products = products;
        this.mapper = mapper;
    }

    @GetMapping("/console/audit/price-at")
    String page(@ModelAttribute("me") Me me, PriceAtForm form, Model model, HttpServletResponse response) {
        Caller caller = me.require(Scope.CATALOG_READ, Scope.AUDIT_READ);
        FormErrors errors = new FormErrors();
        PriceAtView answer = null;
        String notFound = null;
        String timedOut = null;
        if (form.asked()) {
            errors = form.validate();
            UUID productId = errors.isEmpty() ? productId(form.product(), caller, errors) : null;
            if (errors.isEmpty()) {
                try {
                    answer = view(priceAt.priceAt(productId, form.currency(),
                            AuditSearch.instant(form.at()).toString(), caller));
                } catch (InvalidInput invalid) {
                    errors.add(invalid.field(), AuditPagesController.capitalized(invalid.reason()));
                } catch (Rejection rejection) {
                    if (rejection.kind() != Rejection.Kind.NOT_FOUND) {
                        throw rejection;
                    }
                    notFound = "The product had no " + form.currency() + " price at that time, or there is no such product.";
                } catch (ReadTimedOut slow) {
                    timedOut = "Reading the product's events back to that time took too long; try again in a moment.";
                }
            }
        }
        if (!errors.isEmpty()) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
        } else if (notFound != null) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
        } else if (timedOut != null) {
            response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
            response.setHeader("Retry-After", "1");
        }
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("answer", answer);
        model.addAttribute("notFound", notFound);
        model.addAttribute("timedOut", timedOut);
        return "console/audit/price-at";
    }

    /** The product's id as typed, or the one its SKU names in the catalog; null (with an error) when neither. */
    private UUID productId(String product, Caller caller, FormErrors errors) {
        try {
            return UUID.fromString(product);
        } catch (IllegalArgumentException notAnId) {
            if (!caller.has(Scope.CATALOG_READ)) {
                errors.add("product", "Enter the product's id: looking up a SKU needs the catalog:read permission.");
                return null;
            }
            var page = products.list(product, null, null, null, null, 0, 1, null, caller);
            if (page.items().isEmpty()) {
                errors.add("product", "No product has this SKU.");
                return null;
            }
            return page.items().get(0).id();
        }
    }

    private PriceAtView view(ProductPriceAt price) {
        PriceSettingEvent setBy = price.setBy();
        return new PriceAtView(price.productId(), price.currency(), Display.at(price.at()), price.amount(),
                price.compareAt(), setBy.type(), Display.at(setBy.timestamp()), setBy.actor(), setBy.source(),
                setBy.priceChangeId() == null ? null : UUID.fromString(setBy.priceChangeId()), setBy.action(),
                ExplainView.of(setBy.explain(), mapper));
    }
}
