package dev.calibrate.app.console.admin;

import dev.calibrate.app.console.ConsoleNotFound;
import dev.calibrate.app.console.FormErrors;
import dev.calibrate.app.console.Me;
import dev.calibrate.app.console.RequestBodies;
import dev.calibrate.app.console.admin.AdminForms.TenantForm;
import dev.calibrate.app.console.admin.AdminForms.TokenForm;
import dev.calibrate.app.tenant.AdminTenantApi.CreatedTenant;
import dev.calibrate.app.tenant.AdminTenantApi.IssuedApiToken;
import dev.calibrate.app.tenant.AdminTenantController;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.query.consistency.ReadModelProgress;
import dev.calibrate.query.tenant.TenantDirectory;
import dev.calibrate.query.tenant.TenantProjection;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
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
import java.util.UUID;

/**
 * {@code /console/admin}: the platform admin's tenants and their API tokens, through the admin API's own
 * handlers. A token's secret is handed to the next page once (a flash attribute) and never again.
 */
@Controller
@RequestMapping("/console/admin")
class ConsoleAdminController {

    static final int PAGE_SIZE = 25;

    private final AdminTenantController admin;
    private final TenantDirectory directory;
    private final RequestBodies bodies;
    private final ReadModelProgress progress;

    ConsoleAdminController(AdminTenantController admin, TenantDirectory directory, RequestBodies bodies,
                           ReadModelProgress progress) {
        this.admin = admin;
        this.directory = directory;
        this.bodies = bodies;
        this.progress = progress;
    }

    @GetMapping
    String tenants(@ModelAttribute("me") Me me, @RequestParam(defaultValue = "0") int page, Model model) {
        me.requirePlatformAdmin();
        return tenantList(Math.max(page, 0), TenantForm.empty(), FormErrors.none(), model);
    }

    @PostMapping("/tenants")
    String create(@ModelAttribute("me") Me me, TenantForm form, Model model, HttpServletResponse response) {
        me.requirePlatformAdmin();
        CreatedTenant created;
        try {
            created = shown(admin.create(bodies.checked(form.toRequest())));
        } catch (InvalidInput e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
            return tenantList(0, form, FormErrors.of(e), model);
        }
        return "redirect:/console/admin/tenants/" + created.id();
    }

    @GetMapping("/tenants/{tenantId}")
    String tenant(@ModelAttribute("me") Me me, @PathVariable String tenantId, Model model) {
        me.requirePlatformAdmin();
        return tenantPage(tenant(tenantId), TokenForm.empty(), FormErrors.none(), model);
    }

    @PostMapping("/tenants/{tenantId}/tokens")
    String issue(@ModelAttribute("me") Me me, @PathVariable String tenantId, TokenForm form, Model model,
                 RedirectAttributes redirect, HttpServletResponse response) {
        me.requirePlatformAdmin();
        TenantId tenant = tenant(tenantId);
        IssuedApiToken issued;
        try {
            issued = shown(admin.issueToken(tenant.value(), bodies.checked(form.toRequest())));
        } catch (InvalidInput e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
            return tenantPage(tenant, form, FormErrors.of(e), model);
        }
        redirect.addFlashAttribute("issued", issued);
        return "redirect:/console/admin/tenants/" + tenantId;
    }

    @PostMapping("/tenants/{tenantId}/tokens/{tokenId}/revoke")
    String revoke(@ModelAttribute("me") Me me, @PathVariable String tenantId, @PathVariable String tokenId,
                  RedirectAttributes redirect) {
        me.requirePlatformAdmin();
        TenantId tenant = tenant(tenantId);
        UUID token = uuid(tokenId, "token");
        boolean itsToken = directory.find(tenant).orElseThrow().tokens().stream()
                .anyMatch(t -> t.getTokenId().equals(token));
        if (!itsToken) {
            throw new ConsoleNotFound("token");
        }
        try {
            shown(admin.revokeToken(tenant.value(), token));
        } catch (Rejection e) {
            redirect.addFlashAttribute("problem", e.getMessage());
            return "redirect:/console/admin/tenants/" + tenantId;
        }
        redirect.addFlashAttribute("revoked", true);
        return "redirect:/console/admin/tenants/" + tenantId;
    }

    /** Waits until the tenant directory shows what the answer did, so the page redirected to shows it too. */
    private <T> T shown(ResponseEntity<T> answer) {
        String position = answer.getHeaders().getFirst(EventPositions.HEADER);
        progress.awaitPosition(TenantProjection.NAME, position == null ? null : Long.valueOf(position));
        return answer.getBody();
    }

    private String tenantList(int page, TenantForm form, FormErrors errors, Model model) {
        model.addAttribute("tenants", admin.list(page, PAGE_SIZE, null));
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        return "console/admin/tenants";
    }

    private String tenantPage(TenantId tenantId, TokenForm form, FormErrors errors, Model model) {
        TenantDirectory.Listed listed = directory.find(tenantId).orElseThrow(() -> new ConsoleNotFound("tenant"));
        model.addAttribute("tenant", TenantTokens.of(listed));
        model.addAttribute("scopes", List.of(Scope.values()));
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("problem", errors.outside("name", "scopes", "subject", "expiresOn", "expiresAt"));
        return "console/admin/tenant";
    }

    private TenantId tenant(String id) {
        TenantId tenant = new TenantId(uuid(id, "tenant"));
        if (directory.find(tenant).isEmpty()) {
            throw new ConsoleNotFound("tenant");
        }
        return tenant;
    }

    private static UUID uuid(String id, String what) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ConsoleNotFound(what);
        }
    }
}
