package dev.calibrate.app.console.catalog;

import dev.calibrate.app.console.FormErrors;
import dev.calibrate.app.console.Me;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.error.NotFound;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.query.catalog.ProductReadController;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;

import java.util.UUID;

/**
 * {@code /console/products}: the catalog searched and paged through the API's own list read, and a
 * product's page. Both need catalog:read, as the API's reads do.
 */
@Controller
@RequestMapping("/console/products")
class ProductsController {

    private final ProductReadController products;
    private final ProductPageReads pages;

    ProductsController(ProductReadController products, ProductPageReads pages) {
        this.products = products;
        this.pages = pages;
    }

    @GetMapping
    String list(@ModelAttribute("me") Me me, ProductSearch search, Model model, HttpServletResponse response) {
        Caller caller = me.require(Scope.CATALOG_READ);
        FormErrors errors = search.validate();
        ProductListView list = ProductListView.empty();
        if (errors.isEmpty()) {
            try {
                list = ProductListView.of(products.list(search.sku(), search.tag(), search.vendor(), search.q(),
                        search.activeFilter(), search.pageNumber(), ProductSearch.PAGE_SIZE, null, caller), search);
            } catch (InvalidInput invalid) {
                errors.add(invalid.field(), sentence(invalid.reason()));
            }
        }
        if (!errors.isEmpty()) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
        }
        model.addAttribute("search", search);
        model.addAttribute("errors", errors);
        model.addAttribute("list", list);
        return "console/catalog/products";
    }

    @GetMapping("/{id}")
    String product(@ModelAttribute("me") Me me, @PathVariable String id, Model model) {
        Caller caller = me.require(Scope.CATALOG_READ);
        model.addAttribute("product", pages.read(caller, productId(id)));
        return "console/catalog/product";
    }

    /** A malformed id names no product: the same 404 as an unknown one, or another tenant's. */
    private static UUID productId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFound("product");
        }
    }

    /** The API's "must be 0 or more" as a sentence next to the field. */
    static String sentence(String reason) {
        String text = reason == null || reason.isBlank() ? "is not valid" : reason.strip();
        return Character.toUpperCase(text.charAt(0)) + text.substring(1) + (text.endsWith(".") ? "" : ".");
    }
}
