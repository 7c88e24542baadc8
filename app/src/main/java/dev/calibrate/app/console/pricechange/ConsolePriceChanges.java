package dev.calibrate.app.console.pricechange;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.app.pricechange.PriceChangePreviewController;
import dev.calibrate.command.pricechange.PriceChangeApi.PriceChangeApproval;
import dev.calibrate.command.pricechange.PriceChangeApi.PriceChangeDefinition;
import dev.calibrate.command.pricechange.PriceChangeApi.PriceChangeRejection;
import dev.calibrate.command.pricechange.PriceChangeApi.PriceChangeStatus;
import dev.calibrate.command.pricechange.PriceChangeController;
import dev.calibrate.kernel.error.NotFound;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.pricechange.PriceChangeState;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.query.pricechange.PriceChangeItemApi.PriceChangeItemPage;
import dev.calibrate.query.pricechange.PriceChangeItemApi.PriceChangePreview;
import dev.calibrate.query.pricechange.PriceChangeItemReadController;
import dev.calibrate.query.pricechange.PriceChangeReadApi.PriceChangeDetail;
import dev.calibrate.query.pricechange.PriceChangeReadApi.PriceChangeOverviewPage;
import dev.calibrate.query.pricechange.PriceChangeReadController;
import dev.calibrate.schemas.SchemaRegistry;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import java.util.UUID;

/**
 * The console's way into price changes: the API's own controller beans, called with the signed-in
 * caller, so a page reads and writes exactly what the API does (same commands, same tenant-scoped
 * queries, same validation). The console's handlers check the scopes the API's annotations name.
 */
@Component
class ConsolePriceChanges {

    static final int PAGE_SIZE = 25;

    /** What a command wrote: the change and the event position to read it back at. */
    record Written(String id, PriceChangeState state, long position) {
    }

    private final PriceChangeController lifecycle;
    private final PriceChangePreviewController previews;
    private final PriceChangeReadController reads;
    private final PriceChangeItemReadController items;
    private final SchemaRegistry schemas;
    private final ObjectMapper mapper;
    private final RuleDocument rules;

    ConsolePriceChanges(PriceChangeController lifecycle, PriceChangePreviewController previews,
                        PriceChangeReadController reads, PriceChangeItemReadController items,
                        SchemaRegistry schemas, ObjectMapper mapper) {
        this.lifecycle = lifecycle;
        this.previews = previews;
        this.reads = reads;
        this.items = items;
        this.schemas = schemas;
        this.mapper = mapper;
        this.rules = new RuleDocument(mapper);
    }

    RuleDocument rules() {
        return rules;
    }

    PriceChangeOverviewPage list(String state, int page, Caller caller) {
        return reads.list(state, page, PAGE_SIZE, null, caller);
    }

    PriceChangeDetail get(String id, Long waitFor, Caller caller) {
        return reads.get(uuid(id), waitFor, caller);
    }

    Written draft(RuleForm form, Caller caller) {
        return written(lifecycle.draft(definition(form), caller));
    }

    Written edit(String id, RuleForm form, Caller caller) {
        return written(lifecycle.edit(id, definition(form), caller));
    }

    /** A fresh preview and the position of its event, to read the change back at. */
    record Previewed(PriceChangePreview preview, long position) {
    }

    Previewed preview(String id, Caller caller) {
        ResponseEntity<PriceChangePreview> response = previews.preview(id, caller, PAGE_SIZE, null);
        return new Previewed(response.getBody(), position(response));
    }

    Written submit(String id, Caller caller) {
        return written(lifecycle.submit(id, caller));
    }

    Written approve(String id, String previewHash, Caller caller) {
        PriceChangeApproval body = new PriceChangeApproval(previewHash == null ? "" : previewHash.trim());
        schemas.validate("PriceChangeApproval", mapper.valueToTree(body));
        return written(lifecycle.approve(id, body, caller));
    }

    Written reject(String id, String reason, Caller caller) {
        PriceChangeRejection body = new PriceChangeRejection(reason == null ? "" : reason.trim());
        schemas.validate("PriceChangeRejection", mapper.valueToTree(body));
        return written(lifecycle.reject(id, body, caller));
    }

    Written apply(String id, Caller caller) {
        return written(lifecycle.apply(id, caller));
    }

    Written rollback(String id, Caller caller) {
        return written(lifecycle.rollback(id, caller));
    }

    Written cancel(String id, Caller caller) {
        return written(lifecycle.cancel(id, caller));
    }

    PriceChangeItemPage previewItems(String id, String status, int page, Caller caller) {
        return items.previewPage(id, caller, blankToNull(status), false, page, PAGE_SIZE);
    }

    PriceChangeItemPage outcomes(String id, String outcome, int page, Caller caller) {
        return items.itemPage(id, caller, blankToNull(outcome), null, false, page, PAGE_SIZE);
    }

    long count(String id, String outcome, Caller caller) {
        return items.itemPage(id, caller, outcome, null, false, 0, 1).total();
    }

    /** The request schema the API checks its bodies against, then the API's own checks. */
    private PriceChangeDefinition definition(RuleForm form) {
        PriceChangeDefinition definition = rules.definition(form);
        schemas.validate("PriceChangeDefinition", mapper.valueToTree(definition));
        return definition;
    }

    private static Written written(ResponseEntity<PriceChangeStatus> response) {
        PriceChangeStatus status = response.getBody();
        return new Written(status.id(), status.state(), position(response));
    }

    private static long position(ResponseEntity<?> response) {
        String position = response.getHeaders().getFirst(EventPositions.HEADER);
        return position == null ? 0 : Long.parseLong(position);
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFound("price change");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
