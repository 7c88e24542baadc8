package dev.calibrate.app.console.competitor;

import dev.calibrate.app.console.FormErrors;
import dev.calibrate.app.console.Me;
import dev.calibrate.app.console.Paged;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.query.competitor.CompetitorReadApi.PricePositionPage;
import dev.calibrate.query.competitor.CompetitorReadController;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.Locale;

/**
 * {@code /console/competitors/price-position}: where our prices stand among the competitors', with the
 * price-position API's filters (tag, vendor, currency, freshness); competitors:read.
 */
@Controller
@RequestMapping("/console/competitors/price-position")
class PricePositionConsoleController {

    static final int PAGE_SIZE = 50;

    private final CompetitorReadController reads;

    PricePositionConsoleController(CompetitorReadController reads) {
        this.reads = reads;
    }

    /** The filters as typed; kept as text so a bad one is shown next to its field, not refused by binding. */
    public record Filters(String tag, String vendor, String currency, String maxAgeHours) {
    }

    @GetMapping
    String page(@ModelAttribute("me") Me me, @ModelAttribute("filters") Filters filters,
                @RequestParam(defaultValue = "0") int page, Model model, HttpServletResponse response) {
        Caller caller = me.require(Scope.COMPETITORS_READ);
        FormErrors errors = FormErrors.none();
        PricePositionPage found = null;
        try {
            String currency = blankToNull(filters.currency());
            found = reads.pricePosition(blankToNull(filters.tag()), blankToNull(filters.vendor()),
                    currency == null ? null : currency.toUpperCase(Locale.ROOT), hours(filters.maxAgeHours()),
                    Math.max(0, Math.min(page, 1000)), PAGE_SIZE, null, caller);
        } catch (InvalidInput e) {
            errors = FormErrors.of(e);
            response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
        }
        model.addAttribute("errors", errors);
        model.addAttribute("positions", found);
        model.addAttribute("rows", found == null ? null
                : new Paged<>(found.items(), found.page(), found.size(), found.total()));
        return "console/competitors/price-position";
    }

    private static Integer hours(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInput("maxAgeHours", "must be a whole number of hours between 1 and 8760");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
