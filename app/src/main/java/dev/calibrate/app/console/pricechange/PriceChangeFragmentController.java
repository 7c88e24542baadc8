package dev.calibrate.app.console.pricechange;

import dev.calibrate.app.console.Me;
import dev.calibrate.app.console.pricechange.ConsolePriceChanges.Previewed;
import dev.calibrate.app.console.pricechange.Views.ExplainView;
import dev.calibrate.app.console.pricechange.Views.ItemsView;
import dev.calibrate.app.console.pricechange.Views.PreviewView;
import dev.calibrate.app.console.pricechange.Views.ProgressView;
import dev.calibrate.kernel.error.NotFound;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.query.pricechange.PriceChangeItemApi.PriceChangeItem;
import dev.calibrate.query.pricechange.PriceChangeReadApi.PriceChangeDetail;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The parts of a change's page htmx asks for: a live preview, the pages of its items by status or
 * outcome, one item's explain, and the run's progress (polled until it ends).
 */
@Controller
class PriceChangeFragmentController {

    private static final String PAGE = PriceChangePageModel.PAGE;
    private static final Scope[] READ = {Scope.PRICES_WRITE, Scope.PRICES_APPROVE, Scope.PRICES_APPLY,
            Scope.AUDIT_READ};

    private final ConsolePriceChanges changes;
    private final PriceChangePageModel pages;

    PriceChangeFragmentController(ConsolePriceChanges changes, PriceChangePageModel pages) {
        this.changes = changes;
        this.pages = pages;
    }

    /**
     * Evaluates the rule now (the API's preview): the preview section, and the actions again out of
     * band since the change is PREVIEWED now. Without htmx, the page.
     */
    @PostMapping("/console/price-changes/{id}/preview")
    String preview(@ModelAttribute("me") Me me, @PathVariable String id, Model model,
                   @RequestHeader(name = "HX-Request", required = false) String htmx, HttpServletResponse response) {
        Caller caller = me.require(Scope.PRICES_WRITE);
        Previewed previewed;
        try {
            previewed = changes.preview(id, caller);
        } catch (RuntimeException e) {
            Refusal refusal = Refusal.of(e);
            if (htmx == null) {
                response.setStatus(refusal.status().value());
                pages.page(model, me, changes.get(id, null, caller), null, null);
                model.addAttribute("previewError", refusal.message());
                return PAGE;
            }
            // htmx swaps only 2xx answers: the refusal is the fragment's content
            model.addAttribute("id", id);
            model.addAttribute("preview", null);
            model.addAttribute("previewItems", null);
            model.addAttribute("previewError", refusal.message());
            return PAGE + " :: preview";
        }
        if (htmx == null) {
            return "redirect:/console/price-changes/" + id + "?at=" + previewed.position();
        }
        PriceChangeDetail change = changes.get(id, previewed.position(), caller);
        pages.page(model, me, change, null, null);
        model.addAttribute("preview", PreviewView.of(previewed.preview()));
        model.addAttribute("previewItems", new ItemsView(previewed.preview().items(), 0, previewed.preview().size(),
                previewed.preview().total(), ""));
        model.addAttribute("oob", true);
        return PAGE + " :: preview-and-actions";
    }

    @GetMapping("/console/price-changes/{id}/preview-items")
    String previewItems(@ModelAttribute("me") Me me, @PathVariable String id,
                        @RequestParam(defaultValue = "") String status, @RequestParam(defaultValue = "0") int page,
                        Model model) {
        Caller caller = me.require(READ);
        model.addAttribute("id", id);
        model.addAttribute("previewItems", ItemsView.of(changes.previewItems(id, status, page, caller), status));
        return PAGE + " :: preview-items";
    }

    @GetMapping("/console/price-changes/{id}/outcomes")
    String outcomes(@ModelAttribute("me") Me me, @PathVariable String id,
                    @RequestParam(defaultValue = "") String outcome, @RequestParam(defaultValue = "0") int page,
                    Model model) {
        Caller caller = me.require(READ);
        model.addAttribute("id", id);
        model.addAttribute("outcomes", ItemsView.of(changes.outcomes(id, outcome, page, caller), outcome));
        return PAGE + " :: outcomes";
    }

    /** One item's explain, looked up on the page of items it was listed on (of the preview, or of outcomes). */
    @GetMapping("/console/price-changes/{id}/explain")
    String explain(@ModelAttribute("me") Me me, @PathVariable String id, @RequestParam String productId,
                   @RequestParam(defaultValue = "") String currency, @RequestParam(defaultValue = "") String status,
                   @RequestParam(required = false) String outcome, @RequestParam(defaultValue = "0") int page,
                   Model model) {
        Caller caller = me.require(READ);
        var items = outcome != null ? changes.outcomes(id, outcome, page, caller)
                : changes.previewItems(id, status, page, caller);
        PriceChangeItem item = items.items().stream()
                .filter(i -> i.productId().equals(productId) && (currency.isEmpty() || i.currency().equals(currency)))
                .findFirst().orElseThrow(() -> new NotFound("item"));
        model.addAttribute("explain", ExplainView.of(item));
        return PAGE + " :: explain";
    }

    /** The run's progress; once it has ended, a polling page reloads to show the outcomes. */
    @GetMapping("/console/price-changes/{id}/progress")
    String progress(@ModelAttribute("me") Me me, @PathVariable String id,
                    @RequestParam(defaultValue = "false") boolean polling, Model model,
                    HttpServletResponse response) {
        Caller caller = me.require(READ);
        ProgressView progress = pages.progress(changes.get(id, null, caller), caller);
        if (polling && !progress.running()) {
            response.setHeader("HX-Refresh", "true");
        }
        model.addAttribute("progress", progress);
        return PAGE + " :: progress";
    }
}
