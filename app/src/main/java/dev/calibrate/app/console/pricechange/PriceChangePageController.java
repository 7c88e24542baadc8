package dev.calibrate.app.console.pricechange;

import dev.calibrate.app.console.Me;
import dev.calibrate.app.console.pricechange.ConsolePriceChanges.Written;
import dev.calibrate.app.console.pricechange.Views.ActionError;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.Scope;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.function.Function;

/**
 * One price change and its lifecycle buttons. Each action requires the scope the API's endpoint
 * requires and sends the API's command; a refusal (self-approval, a stale preview hash, a state
 * that does not allow it) comes back as the page with the API's message next to that action.
 */
@Controller
class PriceChangePageController {

    private static final Scope[] READ = {Scope.PRICES_WRITE, Scope.PRICES_APPROVE, Scope.PRICES_APPLY,
            Scope.AUDIT_READ};

    private final ConsolePriceChanges changes;
    private final PriceChangePageModel pages;

    PriceChangePageController(ConsolePriceChanges changes, PriceChangePageModel pages) {
        this.changes = changes;
        this.pages = pages;
    }

    /** {@code at}: the position of the caller's last write, so the page shows it (read your own writes). */
    @GetMapping("/console/price-changes/{id}")
    String show(@ModelAttribute("me") Me me, @PathVariable String id, @RequestParam(required = false) Long at,
                Model model) {
        Caller caller = me.require(READ);
        return pages.page(model, me, changes.get(id, at, caller), null, null);
    }

    @PostMapping("/console/price-changes/{id}/submit")
    String submit(@ModelAttribute("me") Me me, @PathVariable String id, Model model, HttpServletResponse response) {
        Caller caller = me.require(Scope.PRICES_WRITE);
        return act(me, id, "submit", null, model, response, c -> changes.submit(id, c), caller);
    }

    @PostMapping("/console/price-changes/{id}/approve")
    String approve(@ModelAttribute("me") Me me, @PathVariable String id,
                   @RequestParam(defaultValue = "") String previewHash, Model model, HttpServletResponse response) {
        Caller caller = me.require(Scope.PRICES_APPROVE);
        return act(me, id, "approve", null, model, response, c -> changes.approve(id, previewHash, c), caller);
    }

    @PostMapping("/console/price-changes/{id}/reject")
    String reject(@ModelAttribute("me") Me me, @PathVariable String id,
                  @RequestParam(defaultValue = "") String reason, Model model, HttpServletResponse response) {
        Caller caller = me.require(Scope.PRICES_APPROVE);
        return act(me, id, "reject", reason, model, response, c -> changes.reject(id, reason, c), caller);
    }

    @PostMapping("/console/price-changes/{id}/apply")
    String apply(@ModelAttribute("me") Me me, @PathVariable String id, Model model, HttpServletResponse response) {
        Caller caller = me.require(Scope.PRICES_APPLY);
        return act(me, id, "apply", null, model, response, c -> changes.apply(id, c), caller);
    }

    @PostMapping("/console/price-changes/{id}/rollback")
    String rollback(@ModelAttribute("me") Me me, @PathVariable String id, Model model, HttpServletResponse response) {
        Caller caller = me.require(Scope.PRICES_APPLY);
        return act(me, id, "rollback", null, model, response, c -> changes.rollback(id, c), caller);
    }

    @PostMapping("/console/price-changes/{id}/cancel")
    String cancel(@ModelAttribute("me") Me me, @PathVariable String id, Model model, HttpServletResponse response) {
        Caller caller = me.require(Scope.PRICES_WRITE);
        return act(me, id, "cancel", null, model, response, c -> changes.cancel(id, c), caller);
    }

    /** Sends the command; redirects to the change on success, or shows the page with the refusal. */
    private String act(Me me, String id, String action, String typed, Model model, HttpServletResponse response,
                       Function<Caller, Written> command, Caller caller) {
        try {
            Written written = command.apply(caller);
            return "redirect:/console/price-changes/" + written.id() + "?at=" + written.position();
        } catch (RuntimeException e) {
            Refusal refusal = Refusal.of(e);
            if (refusal.status().value() == 404) {
                throw e;
            }
            response.setStatus(refusal.status().value());
            return pages.page(model, me, changes.get(id, null, caller), new ActionError(action, refusal.message()),
                    typed);
        }
    }
}
