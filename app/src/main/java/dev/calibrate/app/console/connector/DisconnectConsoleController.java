package dev.calibrate.app.console.connector;

import dev.calibrate.app.console.ConsoleNotFound;
import dev.calibrate.app.console.Me;
import dev.calibrate.connectors.amazon.connection.AmazonConnector;
import dev.calibrate.connectors.amazon.status.AmazonStatus;
import dev.calibrate.connectors.shopify.connection.ShopifyConnector;
import dev.calibrate.connectors.shopify.status.ShopifyStatus;
import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.Scope;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.List;

/**
 * Disconnecting a channel, in two steps: a page that says what will happen (GET), and the form on it
 * (POST, with the session's CSRF token). Both need connectors:admin, like {@code DELETE
 * /api/v1/connectors/shopify} and {@code DELETE /api/v1/connectors/amazon}, whose services it calls with
 * the same reason ("disconnected by" the actor).
 */
@Controller
@RequestMapping("/console/connectors/{channel}/disconnect")
class DisconnectConsoleController {

    /** What the confirmation page names: the channel, the account, and where to go back to. */
    public record Disconnecting(String channel, String title, String account, String back, List<String> consequences) {
    }

    private final ShopifyStatus shopifyStatus;
    private final ShopifyConnector shopify;
    private final AmazonStatus amazonStatus;
    private final AmazonConnector amazon;

    DisconnectConsoleController(ShopifyStatus shopifyStatus, ShopifyConnector shopify, AmazonStatus amazonStatus,
                                AmazonConnector amazon) {
        this.shopifyStatus = shopifyStatus;
        this.shopify = shopify;
        this.amazonStatus = amazonStatus;
        this.amazon = amazon;
    }

    @GetMapping
    String confirm(@ModelAttribute("me") Me me, @PathVariable String channel, Model model,
                   RedirectAttributes redirect) {
        Caller caller = me.require(Scope.CONNECTORS_ADMIN);
        try {
            model.addAttribute("disconnecting", describe(channel, caller));
        } catch (ShopifyConnector.NotConnected | AmazonConnector.NotConnected e) {
            redirect.addFlashAttribute("notice", "Nothing to disconnect: no account is connected.");
            return "redirect:" + back(channel);
        }
        return "console/connectors/disconnect";
    }

    @PostMapping
    String disconnect(@ModelAttribute("me") Me me, @PathVariable String channel, RedirectAttributes redirect) {
        Caller caller = me.require(Scope.CONNECTORS_ADMIN);
        String reason = "disconnected by " + caller.actor().id();
        try {
            if (channel.equals("shopify")) {
                List<String> warnings = shopify.disconnect(caller.tenantId(), reason);
                redirect.addFlashAttribute("notice", "Disconnected the Shopify shop."
                        + (warnings.isEmpty() ? "" : " " + String.join("; ", warnings) + "."));
            } else if (channel.equals("amazon")) {
                amazon.disconnect(caller.tenantId(), reason);
                redirect.addFlashAttribute("notice", "Disconnected the Amazon seller account.");
            } else {
                throw new ConsoleNotFound("connector");
            }
        } catch (ShopifyConnector.NotConnected | AmazonConnector.NotConnected e) {
            redirect.addFlashAttribute("notice", "Nothing to disconnect: no account is connected.");
        } catch (Rejection e) {
            redirect.addFlashAttribute("problem", e.getMessage());
        }
        return "redirect:" + back(channel);
    }

    private Disconnecting describe(String channel, Caller caller) {
        if (channel.equals("shopify")) {
            var connection = shopifyStatus.describe(caller.tenantId()).connection();
            return new Disconnecting("shopify", "Disconnect the Shopify shop",
                    connection.shopName() + " (" + connection.shop() + ")", back(channel), List.of(
                    "Calibrate removes its webhook subscriptions at Shopify and forgets the shop's tokens.",
                    "Prices are no longer sent to the shop, and the shop's changes no longer reach Calibrate.",
                    "Products and their prices stay in Calibrate; connecting the shop again picks up from there."));
        }
        if (channel.equals("amazon")) {
            var connection = amazonStatus.describe(caller.tenantId()).connection();
            return new Disconnecting("amazon", "Disconnect the Amazon seller account",
                    "seller " + connection.sellerId() + " (" + connection.region() + ")", back(channel), List.of(
                    "Calibrate forgets the account's Login with Amazon credentials.",
                    "Listings are no longer synced; products keep their Amazon references."));
        }
        throw new ConsoleNotFound("connector");
    }

    private static String back(String channel) {
        return channel.equals("amazon") ? "/console/connectors/amazon" : "/console/connectors";
    }
}
