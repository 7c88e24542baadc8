package dev.calibrate.app.console.pricechange;

import dev.calibrate.app.console.Me;
import dev.calibrate.app.users.UserDirectory;
import dev.calibrate.kernel.pricechange.PriceChangeState;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.query.pricechange.PriceChangeReadApi.PriceChangeOverview;
import dev.calibrate.query.pricechange.PriceChangeReadApi.PriceChangeOverviewPage;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.List;

/** {@code /console/price-changes}: the tenant's changes, newest first, one state at a time or all. */
@Controller
class PriceChangeListController {

    /** The tabs, in the order a change moves through them. */
    static final List<PriceChangeState> TABS = List.of(PriceChangeState.values());

    private final ConsolePriceChanges changes;
    private final UserDirectory directory;

    PriceChangeListController(ConsolePriceChanges changes, UserDirectory directory) {
        this.changes = changes;
        this.directory = directory;
    }

    @GetMapping({"/console/price-changes", "/console/price-changes/"})
    String list(@ModelAttribute("me") Me me, @RequestParam(defaultValue = "") String state,
                @RequestParam(defaultValue = "0") int page, Model model) {
        me.require(Scope.PRICES_WRITE, Scope.PRICES_APPROVE, Scope.PRICES_APPLY, Scope.AUDIT_READ);
        PriceChangeOverviewPage found = changes.list(state, page, me.caller());
        model.addAttribute("tabs", TABS);
        model.addAttribute("state", state.trim().toUpperCase(java.util.Locale.ROOT));
        model.addAttribute("changes", found);
        // the page's authors by name, read in one go
        model.addAttribute("names", directory.names(me.caller().tenantId(),
                found.items().stream().map(PriceChangeOverview::author).toList()));
        model.addAttribute("hasPrevious", page > 0);
        model.addAttribute("hasNext", (long) (page + 1) * found.size() < found.total());
        return "console/price-changes/list";
    }
}
