package dev.calibrate.command.pricing.compiled;

import dev.calibrate.command.pricing.EvaluationResult.ItemResult;
import dev.calibrate.command.pricing.EvaluationResult.Status;
import dev.calibrate.kernel.anomaly.ProposedAnomaly;
import dev.calibrate.kernel.pricechange.ExplainFrame;
import dev.calibrate.kernel.pricechange.ExplainInputs;
import dev.calibrate.kernel.priorprice.ItemPriorPrice;
import dev.calibrate.kernel.product.ProductId;

import java.math.BigDecimal;
import java.util.List;

/**
 * One item of a compiled evaluation: the engine's {@link ItemResult} with its explain kept as the
 * item's {@link ExplainInputs} ({@code inputs}, encoded), to be rendered with the preview's
 * {@link ExplainFrame} only when someone reads it. {@code anomalies}: what is unusual about the
 * proposed price (see {@link dev.calibrate.command.anomaly.PreviewAnomalies}); advice to the approver,
 * so not part of the preview's hash. {@code priorPrice}: with the EU prior-price rule on for the
 * currency, the product's prior price and the reduction computed from it (part of the hash: the
 * approval covers what the item announces); null otherwise.
 */
public record PreviewItem(ProductId productId, String sku, String currency, BigDecimal currentPrice,
                          BigDecimal proposedPrice, BigDecimal delta, BigDecimal deltaPercent,
                          BigDecimal currentCompareAt, BigDecimal proposedCompareAt, Status status,
                          List<String> reasons, String inputs, List<ProposedAnomaly> anomalies,
                          ItemPriorPrice priorPrice) {

    public PreviewItem {
        reasons = List.copyOf(reasons);
        anomalies = anomalies == null ? List.of() : List.copyOf(anomalies);
    }

    /** An item without a prior price. */
    public PreviewItem(ProductId productId, String sku, String currency, BigDecimal currentPrice,
                       BigDecimal proposedPrice, BigDecimal delta, BigDecimal deltaPercent,
                       BigDecimal currentCompareAt, BigDecimal proposedCompareAt, Status status,
                       List<String> reasons, String inputs, List<ProposedAnomaly> anomalies) {
        this(productId, sku, currency, currentPrice, proposedPrice, delta, deltaPercent, currentCompareAt,
                proposedCompareAt, status, reasons, inputs, anomalies, null);
    }

    /** An item with nothing unusual about it. */
    public PreviewItem(ProductId productId, String sku, String currency, BigDecimal currentPrice,
                       BigDecimal proposedPrice, BigDecimal delta, BigDecimal deltaPercent,
                       BigDecimal currentCompareAt, BigDecimal proposedCompareAt, Status status,
                       List<String> reasons, String inputs) {
        this(productId, sku, currency, currentPrice, proposedPrice, delta, deltaPercent, currentCompareAt,
                proposedCompareAt, status, reasons, inputs, List.of());
    }

    /** The item as the engine gives it, explain rendered. */
    public ItemResult toResult(ExplainFrame frame) {
        return new ItemResult(productId, sku, currency, currentPrice, proposedPrice, delta, deltaPercent,
                currentCompareAt, proposedCompareAt, status, reasons,
                frame.render(currentPrice, ExplainInputs.decode(inputs)));
    }
}
