package dev.calibrate.app.console.pricechange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.kernel.pricechange.PriceChangeState;
import dev.calibrate.query.pricechange.PriceChangeItemApi.PriceChangeItem;
import dev.calibrate.query.pricechange.PriceChangeItemApi.PriceChangeItemPage;
import dev.calibrate.query.pricechange.PriceChangeItemApi.PriceChangePreview;
import dev.calibrate.query.pricechange.PriceChangeReadApi.PriceChangeCurrentPreview;
import dev.calibrate.query.pricechange.PriceChangeReadApi.PriceChangeDetail;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** What the price change templates show, as typed values. */
final class Views {

    private Views() {
    }

    /**
     * A preview's hash, its counts per status, the spread of the deltas (null when nothing has a
     * proposal) and how many items are anomalous (null for a preview made before previews said).
     */
    record PreviewView(String hash, int items, int change, int noChange, int blocked, int skipped,
                       String minDeltaPercent, String medianDeltaPercent, String maxDeltaPercent, Integer anomalous) {

        static PreviewView of(PriceChangePreview fresh) {
            var s = fresh.summary();
            return new PreviewView(fresh.previewHash(), s.items(), s.change(), s.noChange(), s.blocked(), s.skipped(),
                    text(s.minDeltaPercent()), text(s.medianDeltaPercent()), text(s.maxDeltaPercent()), s.anomalous());
        }

        /** Whether some items are anomalous: the approver is told next to the approve button. */
        public boolean flagged() {
            return anomalous != null && anomalous > 0;
        }

        /** The change's current preview as the read model holds it; null when it has none. */
        static PreviewView of(PriceChangeDetail change) {
            PriceChangeCurrentPreview p = change.preview();
            if (change.previewHash() == null || p == null) {
                return null;
            }
            return new PreviewView(change.previewHash(), zero(p.items()), zero(p.change()), zero(p.noChange()),
                    zero(p.blocked()), zero(p.skipped()), p.minDeltaPercent(), p.medianDeltaPercent(),
                    p.maxDeltaPercent(), p.anomalous());
        }

        private static String text(BigDecimal value) {
            return value == null ? null : value.toPlainString();
        }

        private static int zero(Integer value) {
            return value == null ? 0 : value;
        }
    }

    /** A page of items, with the filter it was read with, for the pager. */
    record ItemsView(List<PriceChangeItem> items, int page, int size, long total, String filter) {

        static ItemsView of(PriceChangeItemPage page, String filter) {
            return new ItemsView(page.items(), page.page(), page.size(), page.total(), filter == null ? "" : filter);
        }

        public boolean hasPrevious() {
            return page > 0;
        }

        public boolean hasNext() {
            return (long) (page + 1) * size < total;
        }

        public long lastPage() {
            return Math.max(0, (total - 1) / size);
        }
    }

    /** How the rule reached an item's price: matched conditions, each step, each guardrail. */
    record ExplainView(String productId, String sku, List<String> matched, List<StepLine> steps,
                       List<GuardrailLine> guardrails, List<String> reasons) {

        record StepLine(String op, String input, String output, String detail) {
        }

        record GuardrailLine(String rule, String result) {
        }

        static ExplainView of(PriceChangeItem item) {
            JsonNode explain = item.explain();
            List<String> matched = new ArrayList<>();
            explain.path("matched").forEach(m -> matched.add(m.asText()));
            List<StepLine> steps = new ArrayList<>();
            explain.path("steps").forEach(s -> steps.add(new StepLine(s.path("op").asText(), nullable(s, "input"),
                    nullable(s, "output"), nullable(s, "detail"))));
            List<GuardrailLine> guardrails = new ArrayList<>();
            explain.path("guardrails").forEach(g -> guardrails.add(
                    new GuardrailLine(g.path("rule").asText(), g.path("result").asText())));
            return new ExplainView(item.productId(), item.sku(), matched, steps, guardrails, item.reasons());
        }

        private static String nullable(JsonNode node, String field) {
            JsonNode value = node.get(field);
            return value == null || value.isNull() ? "—" : value.asText();
        }
    }

    /** A run's progress: how many of its items are done, and whether to keep asking. */
    record ProgressView(String id, PriceChangeState state, long done, long total) {

        public boolean running() {
            return state == PriceChangeState.APPLYING || state == PriceChangeState.ROLLING_BACK
                    || state == PriceChangeState.SCHEDULED;
        }

        public int percent() {
            return total == 0 ? (running() ? 0 : 100) : (int) Math.min(100, done * 100 / total);
        }
    }

    /** A refused action and the API's reason, shown next to that action's button. */
    record ActionError(String action, String message) {
    }
}
