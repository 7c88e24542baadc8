package dev.calibrate.app.console.connector;

import dev.calibrate.app.console.FormErrors;
import dev.calibrate.app.console.Me;
import dev.calibrate.app.console.RequestBodies;
import dev.calibrate.connectors.shopify.catalog.ShopifyIngest;
import dev.calibrate.connectors.shopify.catalog.ShopifyIngestApi.ShopifySyncReport;
import dev.calibrate.connectors.shopify.connection.ShopConnection;
import dev.calibrate.connectors.shopify.connection.ShopifyConnectionApi.ShopifyClaim;
import dev.calibrate.connectors.shopify.connection.ShopifyConnectionApi.ShopifyConnection;
import dev.calibrate.connectors.shopify.connection.ShopifyConnections;
import dev.calibrate.connectors.shopify.connection.ShopifyConnector;
import dev.calibrate.connectors.shopify.connection.ShopifyOAuth;
import dev.calibrate.connectors.shopify.status.ShopifyStatus;
import dev.calibrate.connectors.shopify.status.ShopifyStatusApi.ShopifyStatusReport;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.Scope;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.Arrays;
import java.util.Optional;

/**
 * {@code /console/connectors}: the Shopify connection through the same services its API handlers call:
 * status (catalog:read or connectors:admin), connecting by install link, claim code or custom app and syncing
 * (connectors:admin; a sync also with catalog:write, as the API allows). The sync's progress is a
 * fragment the page polls while the sync runs.
 */
@Controller
@RequestMapping("/console/connectors")
class ShopifyConsoleController {

    private final ShopifyStatus status;
    private final ShopifyConnector connector;
    private final ShopifyOAuth oauth;
    private final ShopifyIngest ingest;
    private final RequestBodies bodies;

    ShopifyConsoleController(ShopifyStatus status, ShopifyConnector connector, ShopifyOAuth oauth,
                             ShopifyIngest ingest, RequestBodies bodies) {
        this.status = status;
        this.connector = connector;
        this.oauth = oauth;
        this.ingest = ingest;
        this.bodies = bodies;
    }

    /** The custom-app form; the token and secret are never put back into the page. */
    public record ConnectForm(String shop, String accessToken, String apiSecret) {
        static ConnectForm empty() {
            return new ConnectForm("", null, null);
        }
    }

    @GetMapping({"", "/"})
    String page(@ModelAttribute("me") Me me, Model model) {
        Caller caller = me.require(Scope.CATALOG_READ, Scope.CONNECTORS_ADMIN);
        return overview(caller, ConnectForm.empty(), FormErrors.none(), model);
    }

    @PostMapping("/shopify")
    String connect(@ModelAttribute("me") Me me, ConnectForm form, Model model, RedirectAttributes redirect,
                   HttpServletResponse response) {
        Caller caller = me.require(Scope.CONNECTORS_ADMIN);
        FormErrors errors;
        try {
            ShopifyConnection body = bodies.checked(new ShopifyConnection(strip(form.shop()), strip(form.accessToken()),
                    strip(form.apiSecret())));
            connector.connect(caller.tenantId(), body.shop(), ShopConnection.Kind.CUSTOM_APP,
                    new ShopifyConnections.Credentials(body.accessToken(), body.apiSecret(), null, null, null));
            redirect.addFlashAttribute("notice", "Connected " + body.shop() + ". Sync its catalog to bring its products in.");
            return "redirect:/console/connectors";
        } catch (InvalidInput e) {
            errors = FormErrors.of(e);
        } catch (Rejection e) {
            errors = FormErrors.of("shop", e.getMessage());
        } catch (ErrorResponseException e) {
            errors = FormErrors.of("shop", detail(e));
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
        return overview(caller, new ConnectForm(form.shop(), null, null), errors, model);
    }

    @PostMapping("/shopify/install-link")
    String installLink(@ModelAttribute("me") Me me, @RequestParam(defaultValue = "") String shop, Model model,
                       HttpServletResponse response) {
        Caller caller = me.require(Scope.CONNECTORS_ADMIN);
        String domain = shop.strip();
        FormErrors errors;
        if (!ShopifyConnector.SHOP_DOMAIN.matcher(domain).matches() || domain.length() > 255) {
            errors = FormErrors.of("installShop", "must be the shop's myshopify.com domain, such as acme.myshopify.com");
        } else {
            try {
                model.addAttribute("installLink", oauth.installLink(caller.tenantId(), domain).toString());
                model.addAttribute("installShop", domain);
                return overview(caller, ConnectForm.empty(), FormErrors.none(), model);
            } catch (ErrorResponseException e) {
                errors = FormErrors.of("installShop", detail(e));
            } catch (Rejection e) {
                errors = FormErrors.of("installShop", e.getMessage());
            }
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
        model.addAttribute("installShop", domain);
        return overview(caller, ConnectForm.empty(), errors, model);
    }

    /**
     * Claims an install no tenant asked for with the code its post-install page showed, as
     * {@code POST /api/v1/connectors/shopify/claims} does (connectors:admin). Like the custom app's
     * secrets, the code is not put back into the page after a refusal.
     */
    @PostMapping("/shopify/claims")
    String claim(@ModelAttribute("me") Me me, @RequestParam(defaultValue = "") String claimCode, Model model,
                 RedirectAttributes redirect, HttpServletResponse response) {
        Caller caller = me.require(Scope.CONNECTORS_ADMIN);
        FormErrors errors;
        try {
            ShopifyClaim body = bodies.checked(new ShopifyClaim(claimCode.strip()));
            ShopConnection connection = oauth.claim(caller.tenantId(), body.claimCode());
            redirect.addFlashAttribute("notice", "Connected " + connection.shop()
                    + ". Sync its catalog to bring its products in.");
            return "redirect:/console/connectors";
        } catch (InvalidInput e) {
            errors = FormErrors.of(e);
        } catch (Rejection e) {
            errors = FormErrors.of("claimCode", e.getMessage());
        } catch (ErrorResponseException e) {
            errors = FormErrors.of("claimCode", detail(e));
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
        return overview(caller, ConnectForm.empty(), errors, model);
    }

    @PostMapping("/shopify/sync")
    String sync(@ModelAttribute("me") Me me, @RequestParam(defaultValue = "auto") String mode,
                @RequestHeader(name = "HX-Request", required = false) String htmx, Model model,
                RedirectAttributes redirect) {
        Caller caller = me.require(Scope.CONNECTORS_ADMIN, Scope.CATALOG_WRITE);
        ShopifyIngest.Mode wanted = Arrays.stream(ShopifyIngest.Mode.values())
                .filter(m -> m.wireName().equalsIgnoreCase(mode)).findFirst().orElse(ShopifyIngest.Mode.AUTO);
        SyncProgress progress;
        try {
            progress = SyncProgress.of(ShopifySyncReport.of(ingest.request(caller.tenantId(), wanted, caller.actor())));
        } catch (Rejection e) {
            if (htmx != null) {
                model.addAttribute("syncProblem", e.getMessage());
                return progressFragment(caller, model);
            }
            redirect.addFlashAttribute("problem", e.getMessage());
            return "redirect:/console/connectors";
        }
        if (htmx != null) {
            model.addAttribute("sync", progress);
            return "console/connectors/sync :: sync";
        }
        return "redirect:/console/connectors";
    }

    /** The progress fragment the page polls while a sync is queued or running. */
    @GetMapping("/shopify/sync")
    String syncProgress(@ModelAttribute("me") Me me, Model model) {
        Caller caller = me.require(Scope.CATALOG_READ, Scope.CONNECTORS_ADMIN);
        return progressFragment(caller, model);
    }

    private String progressFragment(Caller caller, Model model) {
        model.addAttribute("sync", report(caller).map(r -> SyncProgress.of(r.sync()))
                .orElse(SyncProgress.of(ShopifySyncReport.NEVER)));
        return "console/connectors/sync :: sync";
    }

    private String overview(Caller caller, ConnectForm form, FormErrors errors, Model model) {
        Optional<ShopifyStatusReport> report = report(caller);
        model.addAttribute("shopify", report.orElse(null));
        model.addAttribute("sync", report.map(r -> SyncProgress.of(r.sync())).orElse(null));
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        return "console/connectors/index";
    }

    private Optional<ShopifyStatusReport> report(Caller caller) {
        try {
            return Optional.of(status.describe(caller.tenantId()));
        } catch (ShopifyConnector.NotConnected e) {
            return Optional.empty();
        }
    }

    static String detail(ErrorResponseException e) {
        String detail = e.getBody().getDetail();
        return detail == null ? "Shopify could not be reached; try again later." : detail;
    }

    private static String strip(String value) {
        return value == null ? "" : value.strip();
    }
}
