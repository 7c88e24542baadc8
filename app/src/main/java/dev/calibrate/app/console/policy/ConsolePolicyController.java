package dev.calibrate.app.console.policy;

import dev.calibrate.app.console.FormErrors;
import dev.calibrate.app.console.Me;
import dev.calibrate.app.console.RequestBodies;
import dev.calibrate.command.tenant.PolicyController;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.query.consistency.ReadModelProgress;
import dev.calibrate.query.tenant.TenantPolicyController;
import dev.calibrate.query.tenant.TenantProjection;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /console/policy}: the tenant's guardrails, read through the policy query and saved through the
 * same {@code PUT /api/v1/policy} handler (admin scope for both here: the editor is an admin's screen).
 */
@Controller
@RequestMapping("/console/policy")
class ConsolePolicyController {

    private static final String[] FIELDS = {"maxDecreasePercent", "maxIncreasePercent", "minMarginPercent", "floors",
            "ceilings", "enforceMap", "selfApprovalAllowed"};

    private final TenantPolicyController reads;
    private final PolicyController writes;
    private final RequestBodies bodies;
    private final ReadModelProgress progress;

    ConsolePolicyController(TenantPolicyController reads, PolicyController writes, RequestBodies bodies,
                            ReadModelProgress progress) {
        this.reads = reads;
        this.writes = writes;
        this.bodies = bodies;
        this.progress = progress;
    }

    @GetMapping
    String page(@ModelAttribute("me") Me me, Model model) {
        Caller caller = me.require(Scope.ADMIN);
        var current = reads.get(null, caller);
        model.addAttribute("current", current);
        model.addAttribute("form", PolicyForm.of(current));
        model.addAttribute("errors", FormErrors.none());
        return "console/policy";
    }

    @PostMapping
    String save(@ModelAttribute("me") Me me, @ModelAttribute("form") PolicyForm form, Model model,
                RedirectAttributes redirect, HttpServletResponse response) {
        Caller caller = me.require(Scope.ADMIN);
        try {
            // the form edits the guardrails only: the prior-price rule in force is sent back as it is
            var rule = reads.get(null, caller).priorPriceRule();
            String position = writes.replace(bodies.checked(form.toRequest(rule)), caller).getHeaders()
                    .getFirst(EventPositions.HEADER);
            // the page redirected to reads the policy back, so it waits for the policy just saved
            progress.awaitPosition(TenantProjection.NAME, position == null ? null : Long.valueOf(position));
        } catch (InvalidInput e) {
            return again(caller, FormErrors.of(e), model, response);
        } catch (Rejection e) {
            return again(caller, FormErrors.of("(body)", e.getMessage()), model, response);
        }
        redirect.addFlashAttribute("saved", true);
        return "redirect:/console/policy";
    }

    /** The form again with what was typed and each error beside its field. */
    private String again(Caller caller, FormErrors errors, Model model, HttpServletResponse response) {
        response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
        model.addAttribute("current", reads.get(null, caller));
        model.addAttribute("errors", errors);
        model.addAttribute("problem", errors.outside(FIELDS));
        return "console/policy";
    }
}
