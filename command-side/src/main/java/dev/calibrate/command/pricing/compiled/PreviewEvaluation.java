package dev.calibrate.command.pricing.compiled;

import dev.calibrate.command.pricing.EvaluationResult.Summary;
import dev.calibrate.kernel.pricechange.ExplainFrame;

import java.util.List;

/**
 * A rule compiled and evaluated over a catalog: the items sorted by product id as the engine sorts
 * them, the frame their explains render with, the summary and the preview's hash.
 */
public record PreviewEvaluation(ExplainFrame frame, List<PreviewItem> items, Summary summary, String contentHash) {

    public PreviewEvaluation {
        items = List.copyOf(items);
    }
}
