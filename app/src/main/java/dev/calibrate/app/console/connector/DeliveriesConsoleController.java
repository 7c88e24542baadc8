package dev.calibrate.app.console.connector;

import dev.calibrate.app.console.Me;
import dev.calibrate.app.console.Paged;
import dev.calibrate.connectors.shopify.writeback.ShopifyDeliveries;
import dev.calibrate.connectors.shopify.writeback.ShopifyDeliveryViews;
import dev.calibrate.kernel.message.Paging;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.kernel.tenant.TenantScope;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code /console/connectors/shopify/deliveries}: prices pending, synced or failed at Shopify, and a retry
 * of the failed ones; connectors:admin, as the deliveries API. Reads and the retry go through the same
 * services under the tenant's scope.
 */
@Controller
@RequestMapping("/console/connectors/shopify/deliveries")
class DeliveriesConsoleController {

    static final int PAGE_SIZE = 25;
    static final List<String> STATES = List.of("FAILED", "PENDING", "SYNCED");

    private final ShopifyDeliveries deliveries;
    private final ShopifyDeliveryViews views;
    private final TenantScope tenantScope;
    private final Clock clock;

    DeliveriesConsoleController(ShopifyDeliveries deliveries, ShopifyDeliveryViews views, TenantScope tenantScope,
                                Optional<Clock> clock) {
        this.deliveries = deliveries;
        this.views = views;
        this.tenantScope = tenantScope;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    @GetMapping
    String list(@ModelAttribute("me") Me me, @RequestParam(defaultValue = "") String status,
                @RequestParam(defaultValue = "0") int page, Model model) {
        Caller caller = me.require(Scope.CONNECTORS_ADMIN);
        String wanted = status.strip().toUpperCase(Locale.ROOT);
        if (!STATES.contains(wanted)) {
            wanted = "";
        }
        Paging paging = Paging.of(Math.max(0, Math.min(page, 1000)), PAGE_SIZE);
        ShopifyDeliveries.Status filter = ShopifyDeliveryViews.status(wanted);
        ShopifyDeliveryViews.Page found = tenantScope.read(caller.tenantId(),
                () -> views.list(caller.tenantId(), filter, paging));
        model.addAttribute("deliveries", new Paged<>(found.items().stream().map(DeliveryRow::of).toList(),
                paging.page(), paging.size(), found.total()));
        model.addAttribute("status", wanted);
        model.addAttribute("states", STATES);
        return "console/connectors/deliveries";
    }

    @PostMapping("/retry")
    String retry(@ModelAttribute("me") Me me, RedirectAttributes redirect) {
        Caller caller = me.require(Scope.CONNECTORS_ADMIN);
        int requeued = tenantScope.write(caller.tenantId(), () -> deliveries.retryFailed(caller.tenantId(), clock.instant()));
        redirect.addFlashAttribute("notice", requeued == 0 ? "No failed prices to send again."
                : requeued + (requeued == 1 ? " failed price goes" : " failed prices go") + " to Shopify again.");
        return "redirect:/console/connectors/shopify/deliveries";
    }
}
