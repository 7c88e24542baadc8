package dev.calibrate.app.console.connector;

import dev.calibrate.app.console.FormErrors;
import dev.calibrate.app.console.Me;
import dev.calibrate.app.console.Paged;
import dev.calibrate.app.console.RequestBodies;
import dev.calibrate.connectors.amazon.catalog.AmazonIngest;
import dev.calibrate.connectors.amazon.catalog.AmazonIngestApi.AmazonSyncReport;
import dev.calibrate.connectors.amazon.catalog.AmazonListingApi.AmazonListingPage;
import dev.calibrate.connectors.amazon.catalog.AmazonListingsController;
import dev.calibrate.connectors.amazon.connection.AmazonConnectionApi.AmazonConnection;
import dev.calibrate.connectors.amazon.connection.AmazonConnectionController;
import dev.calibrate.connectors.amazon.connection.AmazonConnector;
import dev.calibrate.connectors.amazon.status.AmazonStatus;
import dev.calibrate.connectors.amazon.status.AmazonStatusApi.AmazonStatusReport;
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
import java.util.List;
import java.util.Optional;

/**
 * {@code /console/connectors/amazon}: the seller account's status and the listings whose Amazon price
 * differs from Calibrate's (catalog:read or connectors:admin), and connecting one (connectors:admin),
 * through the Amazon API's own services and checks. Calibrate never writes to Amazon: the differing
 * listings are the ones the merchant changes by hand in Seller Central. Its listings sync is started
 * and followed here too.
 */
@Controller
@RequestMapping("/console/connectors/amazon")
class AmazonConsoleController {

    static final int PAGE_SIZE = 25;
    private static final String SYNC_FRAGMENT = "console/connectors/amazon-sync :: sync";

    private final AmazonStatus status;
    private final AmazonConnector connector;
    private final AmazonListingsController listings;
    private final AmazonIngest ingest;
    private final RequestBodies bodies;

    AmazonConsoleController(AmazonStatus status, AmazonConnector connector, AmazonListingsController listings,
                            AmazonIngest ingest, RequestBodies bodies) {
        this.status = status;
        this.connector = connector;
        this.listings = listings;
        this.ingest = ingest;
        this.bodies = bodies;
    }

    /** The connect form; the client secret and refresh token are never put back into the page. */
    public record ConnectForm(String sellerId, String region, String marketplaceIds, String clientId,
                              String clientSecret, String refreshToken) {
        static ConnectForm empty() {
            return new ConnectForm("", "na", "", "", null, null);
        }

        ConnectForm withoutSecrets() {
            return new ConnectForm(sellerId, region, marketplaceIds, clientId, null, null);
        }

        AmazonConnection toRequest() {
            List<String> ids = marketplaceIds == null ? List.of()
                    : Arrays.stream(marketplaceIds.split("[\\s,]+")).filter(s -> !s.isBlank()).toList();
            return new AmazonConnection(text(sellerId), text(region), ids, text(clientId), text(clientSecret),
                    text(refreshToken));
        }

        private static String text(String value) {
            return value == null ? "" : value.strip();
        }
    }

    @GetMapping
    String page(@ModelAttribute("me") Me me, @RequestParam(defaultValue = "true") String differs,
                @RequestParam(defaultValue = "0") int page, Model model) {
        Caller caller = me.require(Scope.CATALOG_READ, Scope.CONNECTORS_ADMIN);
        return overview(caller, "true".equals(differs) ? "true" : "", Math.max(0, Math.min(page, 1000)),
                ConnectForm.empty(), FormErrors.none(), model);
    }

    @PostMapping
    String connect(@ModelAttribute("me") Me me, ConnectForm form, Model model, RedirectAttributes redirect,
                   HttpServletResponse response) {
        Caller caller = me.require(Scope.CONNECTORS_ADMIN);
        FormErrors errors;
        try {
            AmazonConnection body = bodies.checked(form.toRequest());
            connector.connect(caller.tenantId(), AmazonConnectionController.request(body));
            redirect.addFlashAttribute("notice", "Connected seller " + body.sellerId() + ".");
            return "redirect:/console/connectors/amazon";
        } catch (InvalidInput e) {
            errors = FormErrors.of(e);
        } catch (Rejection e) {
            errors = FormErrors.of("sellerId", e.getMessage());
        } catch (ErrorResponseException e) {
            errors = FormErrors.of("sellerId", ShopifyConsoleController.detail(e));
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
        return overview(caller, "true", 0, form.withoutSecrets(), errors, model);
    }

    /**
     * Starts a listings sync, as {@code POST /api/v1/connectors/amazon/sync} does (connectors:admin or
     * catalog:write), or shows the one already queued or running; htmx swaps in its progress box, which
     * then polls itself. A refusal (no seller connected, its credentials refused) is shown in the box.
     */
    @PostMapping("/sync")
    String sync(@ModelAttribute("me") Me me, @RequestHeader(name = "HX-Request", required = false) String htmx,
                Model model, RedirectAttributes redirect) {
        Caller caller = me.require(Scope.CONNECTORS_ADMIN, Scope.CATALOG_WRITE);
        AmazonSyncProgress progress;
        try {
            progress = AmazonSyncProgress.of(AmazonSyncReport.of(ingest.request(caller.tenantId(), caller.actor())));
        } catch (Rejection e) {
            if (htmx != null) {
                model.addAttribute("syncProblem", e.getMessage());
                return progressFragment(caller, model);
            }
            redirect.addFlashAttribute("problem", e.getMessage());
            return "redirect:/console/connectors/amazon";
        }
        if (htmx != null) {
            model.addAttribute("sync", progress);
            return SYNC_FRAGMENT;
        }
        return "redirect:/console/connectors/amazon";
    }

    /** The progress box the page polls while a sync is queued or running. */
    @GetMapping("/sync")
    String syncProgress(@ModelAttribute("me") Me me, Model model) {
        Caller caller = me.require(Scope.CATALOG_READ, Scope.CONNECTORS_ADMIN);
        return progressFragment(caller, model);
    }

    private String progressFragment(Caller caller, Model model) {
        model.addAttribute("sync", AmazonSyncProgress.of(report(caller).map(AmazonStatusReport::sync)
                .orElse(AmazonSyncReport.NEVER)));
        return SYNC_FRAGMENT;
    }

    private String overview(Caller caller, String differs, int page, ConnectForm form, FormErrors errors, Model model) {
        Optional<AmazonStatusReport> report = report(caller);
        model.addAttribute("amazon", report.orElse(null));
        model.addAttribute("sync", report.map(r -> AmazonSyncProgress.of(r.sync())).orElse(null));
        if (report.isPresent()) {
            AmazonListingPage found = listings.list(differs.isEmpty() ? null : differs, page, PAGE_SIZE, caller);
            model.addAttribute("listings", new Paged<>(found.items(), found.page(), found.size(), found.total()));
        }
        model.addAttribute("differs", differs);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("problem", errors.outside("sellerId", "region", "marketplaceIds", "clientId", "clientSecret",
                "refreshToken"));
        return "console/connectors/amazon";
    }

    private Optional<AmazonStatusReport> report(Caller caller) {
        try {
            return Optional.of(status.describe(caller.tenantId()));
        } catch (AmazonConnector.NotConnected e) {
            return Optional.empty();
        }
    }
}
