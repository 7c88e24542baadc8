package dev.calibrate.command.pricing;

import dev.calibrate.kernel.pricechange.Explain;
import dev.calibrate.kernel.pricechange.Explain.GuardrailCheck;
import dev.calibrate.command.pricing.EvaluationResult.ItemResult;
import dev.calibrate.kernel.pricechange.Explain.StepTrace;


import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Version 1 of a preview's hash, what the {@link PricingEngine} gives: SHA-256 over a text of the
 * items (already sorted by product id), every field including the explain trace, in a fixed order,
 * each value length-prefixed so no two different result sets share an input. Previews record version
 * 2 since the rule is compiled ({@code compiled.PreviewHash}); a hash is only ever compared with the
 * one its change recorded, never recomputed, so changes previewed under version 1 keep their hash
 * and still approve.
 */
final class ResultHash {

    private static final String V1 = "calibrate-pricing-preview/1";

    private ResultHash() {
    }

    /** Version 1: a canonical text of the engine's items, explain trace included. */
    static String of(List<ItemResult> items) {
        StringBuilder text = new StringBuilder(V1 + "\n");
        for (ItemResult item : items) {
            field(text, item.productId().toString());
            field(text, item.sku());
            field(text, item.currency());
            field(text, item.currentPrice());
            field(text, item.proposedPrice());
            field(text, item.delta());
            field(text, item.deltaPercent());
            field(text, item.currentCompareAt());
            field(text, item.proposedCompareAt());
            field(text, item.status().name());
            list(text, item.reasons());
            list(text, item.explain().matched());
            text.append(item.explain().steps().size()).append(':');
            for (StepTrace step : item.explain().steps()) {
                field(text, step.op());
                field(text, step.input());
                field(text, step.output());
                field(text, step.detail());
            }
            text.append(item.explain().guardrails().size()).append(':');
            for (GuardrailCheck check : item.explain().guardrails()) {
                field(text, check.rule());
                field(text, check.result().name());
            }
            text.append('\n');
        }
        return sha256(text.toString());
    }

    private static void list(StringBuilder text, List<String> values) {
        text.append(values.size()).append(':');
        values.forEach(v -> field(text, v));
    }

    private static void field(StringBuilder text, BigDecimal value) {
        field(text, value == null ? null : value.toPlainString());
    }

    private static void field(StringBuilder text, String value) {
        if (value == null) {
            text.append("-;");
        } else {
            text.append(value.length()).append('"').append(value).append(';');
        }
    }

    private static String sha256(String text) {
        return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
