package dev.calibrate.app.console.pricechange;

import dev.calibrate.app.console.Me;
import dev.calibrate.app.console.pricechange.ConsolePriceChanges.Written;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.error.InvalidInput.Violation;
import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.tenant.Scope;
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

import java.util.List;

/**
 * The rule builder: a new change or an edit of a DRAFT or PREVIEWED one, saved as a draft through
 * the API's draft and edit. Rows are added and removed by posting the form back (htmx swaps only
 * the builder; without JavaScript the whole page comes back); nothing is stored until Save.
 */
@Controller
class PriceChangeBuilderController {

    private static final String PAGE = "console/price-changes/builder";

    private final ConsolePriceChanges changes;

    PriceChangeBuilderController(ConsolePriceChanges changes) {
        this.changes = changes;
    }

    @GetMapping("/console/price-changes/new")
    String create(@ModelAttribute("me") Me me, Model model) {
        me.require(Scope.PRICES_WRITE);
        return page(model, me, RuleForm.blank(), null, BuilderErrors.none());
    }

    @GetMapping("/console/price-changes/{id}/edit")
    String edit(@ModelAttribute("me") Me me, @PathVariable String id, Model model) {
        me.require(Scope.PRICES_WRITE);
        PriceChangeDetail change = changes.get(id, null, me.caller());
        if (RuleDocument.imported(change.rule())) {
            return "redirect:/console/price-changes/" + change.id(); // its page says to upload again; no builder row fits a table
        }
        return page(model, me, changes.rules().form(change), change.id().toString(), BuilderErrors.none());
    }

    /** A row added or removed: the builder again with every row as typed. */
    @PostMapping("/console/price-changes/builder")
    String rows(@ModelAttribute("me") Me me, @ModelAttribute("form") RuleForm form,
                @RequestHeader(name = "HX-Request", required = false) String htmx,
                @RequestParam(defaultValue = "") String changeId,
                Model model) {
        me.require(Scope.PRICES_WRITE);
        form.applyEdit();
        page(model, me, form, changeId.isBlank() ? null : changeId, BuilderErrors.none());
        return htmx != null ? PAGE + " :: fields" : PAGE;
    }

    /** The JSON view again, as the form now reads. */
    @PostMapping("/console/price-changes/builder/json")
    String json(@ModelAttribute("me") Me me, @ModelAttribute("form") RuleForm form, Model model) {
        me.require(Scope.PRICES_WRITE);
        model.addAttribute("json", changes.rules().preview(form));
        return PAGE + " :: json";
    }

    @PostMapping("/console/price-changes")
    String saveNew(@ModelAttribute("me") Me me, @ModelAttribute("form") RuleForm form, Model model,
                   HttpServletResponse response) {
        me.require(Scope.PRICES_WRITE);
        if (!form.getEdit().isBlank()) {
            form.applyEdit();
            return page(model, me, form, null, BuilderErrors.none());
        }
        try {
            Written drafted = changes.draft(form, me.caller());
            return "redirect:/console/price-changes/" + drafted.id() + "?at=" + drafted.position();
        } catch (RuntimeException e) {
            return refused(e, model, me, form, null, response);
        }
    }

    @PostMapping("/console/price-changes/{id}")
    String save(@ModelAttribute("me") Me me, @PathVariable String id, @ModelAttribute("form") RuleForm form,
                Model model, HttpServletResponse response) {
        me.require(Scope.PRICES_WRITE);
        if (!form.getEdit().isBlank()) {
            form.applyEdit();
            return page(model, me, form, id, BuilderErrors.none());
        }
        try {
            Written edited = changes.edit(id, form, me.caller());
            return "redirect:/console/price-changes/" + edited.id() + "?at=" + edited.position();
        } catch (RuntimeException e) {
            return refused(e, model, me, form, id, response);
        }
    }

    /** The builder again with what the user typed and the API's reasons next to what they name. */
    private String refused(RuntimeException e, Model model, Me me, RuleForm form, String id,
                           HttpServletResponse response) {
        Refusal refusal = Refusal.of(e);
        List<Violation> violations = e instanceof InvalidInput invalid ? invalid.violations()
                : List.of(new Violation(e instanceof Rejection ? "(change)" : "(request)", refusal.message()));
        response.setStatus(refusal.status().value());
        return page(model, me, form, id, new BuilderErrors(violations));
    }

    private String page(Model model, Me me, RuleForm form, String changeId, BuilderErrors errors) {
        model.addAttribute("form", form);
        model.addAttribute("changeId", changeId);
        // on every rendering of an edit: saving here writes the rule into the change, which then no longer
        // references the saved rule it was drafted from; say so rather than drop the reference unseen
        model.addAttribute("savedRule", changeId == null ? null : changes.get(changeId, null, me.caller()).ruleRef());
        model.addAttribute("errors", errors);
        model.addAttribute("json", changes.rules().preview(form));
        model.addAttribute("options", BuilderOptions.INSTANCE);
        return PAGE;
    }
}
