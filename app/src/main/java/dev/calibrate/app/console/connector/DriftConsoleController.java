package dev.calibrate.app.console.connector;

import dev.calibrate.app.console.ConsoleNotFound;
import dev.calibrate.app.console.Me;
import dev.calibrate.app.console.Paged;
import dev.calibrate.command.channel.DriftController;
import dev.calibrate.kernel.channel.ChannelMessages;
import dev.calibrate.kernel.error.NotFound;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.query.channel.ChannelReadApi.ChannelDriftPage;
import dev.calibrate.query.channel.ChannelProjection;
import dev.calibrate.query.channel.DriftReadController;
import dev.calibrate.query.consistency.ReadModelProgress;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.List;
import java.util.Locale;

/**
 * {@code /console/connectors/shopify/drift}: products whose Shopify price is not Calibrate's, through the
 * drift API's own handlers: listed with catalog:read, connectors:admin or audit:read; accepted or repaired
 * with prices:apply or connectors:admin.
 */
@Controller
@RequestMapping("/console/connectors/shopify/drift")
class DriftConsoleController {

    static final int PAGE_SIZE = 25;
    static final List<String> FILTERS = List.of("OPEN,REPAIRING", "ACCEPTED,REPAIRED");

    private final DriftReadController reads;
    private final DriftController settle;
    private final ReadModelProgress progress;

    DriftConsoleController(DriftReadController reads, DriftController settle, ReadModelProgress progress) {
        this.reads = reads;
        this.settle = settle;
        this.progress = progress;
    }

    @GetMapping
    String list(@ModelAttribute("me") Me me, @RequestParam(defaultValue = "OPEN,REPAIRING") String state,
                @RequestParam(defaultValue = "0") int page, Model model) {
        Caller caller = me.require(Scope.CATALOG_READ, Scope.CONNECTORS_ADMIN, Scope.AUDIT_READ);
        String wanted = FILTERS.contains(state.toUpperCase(Locale.ROOT)) ? state.toUpperCase(Locale.ROOT) : FILTERS.get(0);
        ChannelDriftPage drifts = reads.list(ChannelMessages.SHOPIFY, wanted, Math.max(0, Math.min(page, 1000)),
                PAGE_SIZE, null, caller);
        model.addAttribute("drifts", new Paged<>(drifts.items(), drifts.page(), drifts.size(), drifts.total()));
        model.addAttribute("state", wanted);
        model.addAttribute("canSettle", me.can(Scope.PRICES_APPLY) || me.can(Scope.CONNECTORS_ADMIN));
        return "console/connectors/drift";
    }

    @PostMapping("/{productId}/accept")
    String accept(@ModelAttribute("me") Me me, @PathVariable String productId, RedirectAttributes redirect) {
        Caller caller = me.require(Scope.PRICES_APPLY, Scope.CONNECTORS_ADMIN);
        try {
            shown(settle.accept(ChannelMessages.SHOPIFY, productId, caller));
        } catch (NotFound e) {
            throw new ConsoleNotFound("product");
        } catch (Rejection e) {
            redirect.addFlashAttribute("problem", e.getMessage());
            return "redirect:/console/connectors/shopify/drift";
        }
        redirect.addFlashAttribute("notice", "Shopify's price is now Calibrate's price for that product.");
        return "redirect:/console/connectors/shopify/drift";
    }

    @PostMapping("/{productId}/repair")
    String repair(@ModelAttribute("me") Me me, @PathVariable String productId, RedirectAttributes redirect) {
        Caller caller = me.require(Scope.PRICES_APPLY, Scope.CONNECTORS_ADMIN);
        try {
            shown(settle.repair(ChannelMessages.SHOPIFY, productId, caller));
        } catch (NotFound e) {
            throw new ConsoleNotFound("product");
        } catch (Rejection e) {
            redirect.addFlashAttribute("problem", e.getMessage());
            return "redirect:/console/connectors/shopify/drift";
        }
        redirect.addFlashAttribute("notice", "Calibrate's price is on its way to Shopify again.");
        return "redirect:/console/connectors/shopify/drift";
    }

    /** Waits until the drift list shows the settlement, so the page redirected to does. */
    private void shown(ResponseEntity<?> answer) {
        String position = answer.getHeaders().getFirst(EventPositions.HEADER);
        progress.awaitPosition(ChannelProjection.NAME, position == null ? null : Long.valueOf(position));
    }
}
