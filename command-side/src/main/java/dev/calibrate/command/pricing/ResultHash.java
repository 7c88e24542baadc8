package dev.calibrate.command.pricing;

import dev.calibrate.kernel.pricechange.Explain;
import dev.calibrate.kernel.pricechange.Explain.GuardrailCheck;
import dev.calibrate.command.pricing.EvaluationResult.ItemResult;
import dev.calibrate.kernel.pricechange.Explain.StepTrace;

import dev.calibrate.kernel.pricechange.ExplainFrame;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.security.DigestOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * SHA-256 over the items (already sorted by product id): every field, in a fixed order, each value
 * length-prefixed so no two different result sets share an input. An approval binds to this hash,
 * so anything that changes what would be applied changes it.
 * <p>
 * Versioned by the label it starts with. Version 1 hashed a text of every field including the
 * explain trace ({@link #of}, what the {@link PricingEngine} still gives); version 2 ({@link #ofPreview},
 * what previews record since the rule is compiled) hashes the binary fields and each item's compact
 * explain inputs with the frame they render with, which say the same. A hash is only ever compared
 * with the one its change recorded, never recomputed, so changes previewed under version 1 keep their
 * hash and still approve.
 */
final class ResultHash {

    private static final String V1 = "calibrate-pricing-preview/1";
    private static final String V2 = "calibrate-pricing-preview/2";

    private ResultHash() {
    }

    /** Version 2: the compiled preview's binary result. */
    static String ofPreview(ExplainFrame frame, List<PreviewItem> items) {
        MessageDigest digest = sha256();
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new DigestOutputStream(
                OutputStream.nullOutputStream(), digest), 1 << 16))) {
            out.writeUTF(V2);
            out.writeUTF(frame.currency());
            out.writeInt(frame.units().size());
            for (String unit : frame.units()) text(out, unit);
            out.writeInt(frame.steps().size());
            for (ExplainFrame.StepFrame step : frame.steps()) {
                text(out, step.op());
                out.writeByte(step.kind().ordinal());
                text(out, step.text());
                text(out, step.offset());
                out.writeInt(step.maxAgeHours());
            }
            out.writeInt(frame.guardrails().size());
            for (ExplainFrame.GuardrailFrame guardrail : frame.guardrails()) {
                out.writeByte(guardrail.kind().ordinal());
                text(out, guardrail.text());
            }
            out.writeInt(items.size());
            for (PreviewItem item : items) {
                out.writeLong(item.productId().value().getMostSignificantBits());
                out.writeLong(item.productId().value().getLeastSignificantBits());
                text(out, item.sku());
                text(out, item.currency());
                amount(out, item.currentPrice());
                amount(out, item.proposedPrice());
                amount(out, item.delta());
                amount(out, item.deltaPercent());
                amount(out, item.currentCompareAt());
                amount(out, item.proposedCompareAt());
                out.writeByte(item.status().ordinal());
                out.writeInt(item.reasons().size());
                for (String reason : item.reasons()) text(out, reason);
                text(out, item.inputs());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("a digest never fails to write", e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Null, or its length and UTF-8 bytes (a reason may be longer than writeUTF takes). */
    private static void text(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /** Null, or its scale and unscaled value: 1.5 and 1.50 differ, as their texts did. */
    private static void amount(DataOutputStream out, BigDecimal value) throws IOException {
        if (value == null) {
            out.writeInt(Integer.MIN_VALUE);
            return;
        }
        out.writeInt(value.scale());
        byte[] unscaled = value.unscaledValue().toByteArray();
        out.writeByte(unscaled.length);
        out.write(unscaled);
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
