package dev.calibrate.command.pricing.compiled;

import dev.calibrate.command.pricing.EvaluationResult.ItemResult;
import dev.calibrate.command.pricing.EvaluationResult.Status;
import dev.calibrate.kernel.pricechange.ExplainFrame;
import dev.calibrate.kernel.pricechange.ExplainInputs;
import dev.calibrate.kernel.product.ProductId;

import java.math.BigDecimal;
import java.util.List;

/**
 * One item of a compiled evaluation: the engine's {@link ItemResult} with its explain kept as the
 * item's {@link ExplainInputs} ({@code inputs}, encoded), to be rendered with the preview's
 * {@link ExplainFrame} only when someone reads it.
 */
public record PreviewItem(ProductId productId, String sku, String currency, BigDecimal currentPrice,
                          BigDecimal proposedPrice, BigDecimal delta, BigDecimal deltaPercent,
                          BigDecimal currentCompareAt, BigDecimal proposedCompareAt, Status status,
                          List<String> reasons, String inputs) {

    public PreviewItem {
        reasons = List.copyOf(reasons);
    }

    /** The item as the engine gives it, explain rendered. */
    public ItemResult toResult(ExplainFrame frame) {
        return new ItemResult(productId, sku, currency, currentPrice, proposedPrice, delta, deltaPercent,
                currentCompareAt, proposedCompareAt, status, reasons,
                frame.render(currentPrice, ExplainInputs.decode(inputs)));
    }
}
