package dev.calibrate.command.pricing.compiled;

import dev.calibrate.kernel.pricechange.ExplainFrame;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Version 2 of a preview's hash, what previews record since the rule is compiled: SHA-256 over the
 * frame and the items (already sorted by product id), their binary fields and each item's compact
 * explain inputs, which say what version 1's explain text said. Every field in a fixed order, each
 * value length-prefixed, so no two different result sets share an input. An approval binds to this
 * hash, so anything that changes what would be applied changes it. Version 1 (the engine's text
 * hash) is {@code ResultHash}; a hash is only compared with the one its change recorded.
 */
final class PreviewHash {

    private static final String V2 = "calibrate-pricing-preview/2";
    /** Items written per block. */
    private static final int BLOCK = 1_024;

    private PreviewHash() {
    }

    /** Version 2: the compiled preview's binary result. */
    static String of(ExplainFrame frame, List<PreviewItem> items) {
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
            // the items' bytes are made in blocks on other threads and digested in their order: the same
            // bytes, so the same hash, as writing them one after the other
            int blocks = (items.size() + BLOCK - 1) / BLOCK;
            OrderedBlocks.write(blocks, block -> items(items, block * BLOCK, Math.min(items.size(), (block + 1) * BLOCK)),
                    out::write);
        } catch (IOException e) {
            throw new UncheckedIOException("a digest never fails to write", e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The bytes of the items {@code from} (inclusive) to {@code to} (exclusive). */
    private static byte[] items(List<PreviewItem> items, int from, int to) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((to - from) * 160);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (PreviewItem item : items.subList(from, to)) {
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
                if (item.priorPrice() != null) {
                    // only items with a prior price write one: the hashes of previews without the rule stay as they
                    // were; the window's start moves with the preview's time, so it is left out
                    out.writeByte('P');
                    amount(out, item.priorPrice().amount());
                    amount(out, item.priorPrice().reductionPercent());
                    out.writeLong(item.priorPrice().historySince() == null ? -1 : item.priorPrice().historySince().toEpochMilli());
                    out.writeLong(item.priorPrice().campaignStart() == null ? -1 : item.priorPrice().campaignStart().toEpochMilli());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("memory never fails to write", e);
        }
        return bytes.toByteArray();
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
        if (value.precision() > 18) {
            byte[] unscaled = value.unscaledValue().toByteArray();
            out.writeByte(unscaled.length);
            out.write(unscaled);
            return;
        }
        // the bytes BigInteger.toByteArray gives (big-endian two's complement, as few as hold the sign),
        // without making the BigInteger and its arrays for every amount of every item
        long unscaled = value.scaleByPowerOfTen(value.scale()).longValueExact();
        int length = (Long.SIZE - Long.numberOfLeadingZeros(unscaled < 0 ? ~unscaled : unscaled)) / 8 + 1;
        out.writeByte(length);
        for (int shift = (length - 1) * 8; shift >= 0; shift -= 8) out.writeByte((int) (unscaled >>> shift));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
