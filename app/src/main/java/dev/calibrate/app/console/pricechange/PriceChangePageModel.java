package dev.calibrate.app.console.pricechange;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.app.console.Me;
import dev.calibrate.app.console.pricechange.Views.ActionError;
import dev.calibrate.app.console.pricechange.Views.ItemsView;
import dev.calibrate.app.console.pricechange.Views.PreviewView;
import dev.calibrate.app.console.pricechange.Views.ProgressView;
import dev.calibrate.app.users.UserDirectory;
import dev.calibrate.kernel.pricechange.PriceChangeState;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.query.pricechange.PriceChangeReadApi.PriceChangeDetail;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

import java.util.Arrays;

/** Fills the model of a change's page and of its fragments, so a fragment shows what the page shows. */
@Component
class PriceChangePageModel {

    static final String PAGE = "console/price-changes/detail";

    private final ConsolePriceChanges changes;
    private final ObjectMapper mapper;
    private final UserDirectory directory;

    PriceChangePageModel(ConsolePriceChanges changes, ObjectMapper mapper, UserDirectory directory) {
        this.changes = changes;
        this.mapper = mapper;
        this.directory = directory;
    }

    /** The whole page: the change, what may be done to it, its preview or its run. */
    String page(Model model, Me me, PriceChangeDetail change, ActionError error, String typedReason) {
        Caller caller = me.caller();
        String id = change.id().toString();
        model.addAttribute("id", id);
        model.addAttribute("change", change);
        model.addAttribute("names", directory.names(caller.tenantId(), Arrays.asList(change.author(),
                change.lastEditor(), change.approver(), change.rejectedBy())));
        boolean imported = RuleDocument.imported(change.rule());
        model.addAttribute("actions", Actions.of(change.state(), me, imported));
        model.addAttribute("imported", imported);
        model.addAttribute("actionError", error);
        model.addAttribute("typedReason", typedReason == null ? "" : typedReason);
        model.addAttribute("ruleJson", pretty(change));
        PreviewView preview = PreviewView.of(change);
        model.addAttribute("preview", preview);
        model.addAttribute("previewError", null);
        boolean ran = change.applyStartedAt() != null;
        model.addAttribute("previewItems", preview != null && !ran
                ? ItemsView.of(changes.previewItems(id, null, 0, caller), "") : null);
        model.addAttribute("progress", ran || change.state() == PriceChangeState.SCHEDULED
                ? progress(change, caller) : null);
        model.addAttribute("outcomes", ran ? ItemsView.of(changes.outcomes(id, null, 0, caller), "") : null);
        model.addAttribute("rollbackConflicts", change.rollbackStartedAt() != null
                ? ItemsView.of(changes.outcomes(id, "ROLLBACK_CONFLICT", 0, caller), "ROLLBACK_CONFLICT") : null);
        return PAGE;
    }

    /** How far the run got: items still to do of those it takes on. */
    ProgressView progress(PriceChangeDetail change, Caller caller) {
        String id = change.id().toString();
        boolean rollingBack = change.rollbackStartedAt() != null;
        long total;
        long left;
        if (rollingBack) {
            total = change.applied() == null ? 0 : change.applied();
            left = changes.count(id, "APPLIED", caller);
        } else {
            total = change.preview() == null || change.preview().change() == null ? 0 : change.preview().change();
            left = changes.count(id, "PENDING", caller);
        }
        return new ProgressView(id, change.state(), Math.max(0, total - left), total);
    }

    private String pretty(PriceChangeDetail change) {
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(change.rule());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
