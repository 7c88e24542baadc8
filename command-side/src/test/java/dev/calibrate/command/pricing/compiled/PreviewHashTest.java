package dev.calibrate.command.pricing.compiled;

import dev.calibrate.command.pricing.EvaluationResult.Status;
import dev.calibrate.kernel.pricechange.ExplainFrame;
import dev.calibrate.kernel.pricechange.ExplainFrame.GuardrailFrame;
import dev.calibrate.kernel.pricechange.ExplainFrame.GuardrailKind;
import dev.calibrate.kernel.pricechange.ExplainFrame.StepFrame;
import dev.calibrate.kernel.pricechange.ExplainFrame.StepKind;
import dev.calibrate.kernel.product.ProductId;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Version 2 of the hash is what approvals bind to: whatever way it is computed, its bytes must stay
 * those it was defined with. The reference below writes every amount as {@code BigInteger.toByteArray},
 * as the hash first did; amounts at the edges of each byte length, negative ones and ones too long
 * for a long are hashed against it.
 */
class PreviewHashTest {

    private static final ExplainFrame FRAME = new ExplainFrame("USD", List.of("everything", "tags contains sale"),
            List.of(new StepFrame("percent", StepKind.FIXED, "-10%", null, 0)),
            List.of(new GuardrailFrame(GuardrailKind.FIXED, "floor 1.00"), new GuardrailFrame(GuardrailKind.MAP, null)));

    @Test
    void theHashIsTheOneVersion2WasDefinedWith() throws Exception {
        List<String> amounts = List.of("0", "0.00", "0.01", "-0.01", "1.27", "1.28", "-1.28", "-1.29", "327.67", "327.68",
                "-327.68", "-327.69", "83886.07", "83886.08", "21474836.47", "21474836.48", "-21474836.49",
                "999999999999999.999", "-999999999999999.999", "92233720368547758.07", "92233720368547758.08",
                "-92233720368547758.09", "123456789012345678901234.5", "10000000000.00", "-0.000001", "1E+3");
        List<PreviewItem> items = new ArrayList<>();
        for (int i = 0; i < amounts.size(); i++) {
            BigDecimal amount = new BigDecimal(amounts.get(i));
            BigDecimal next = new BigDecimal(amounts.get((i + 1) % amounts.size()));
            items.add(new PreviewItem(new ProductId(new UUID(i, -i)), "SKU-" + i, "USD", amount, next,
                    next.subtract(amount), amount.negate(), i % 2 == 0 ? null : next, amount,
                    Status.values()[i % Status.values().length], i % 3 == 0 ? List.of() : List.of("reason é " + i),
                    "inputs;" + i));
        }

        String hash = PreviewHash.of(FRAME, items);

        assertThat(hash).isEqualTo(reference(FRAME, items));
    }

    @Test
    void itemsWrittenInBlocksOnSeveralThreadsHashAsWrittenOneAfterTheOther() throws Exception {
        List<PreviewItem> items = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            BigDecimal amount = BigDecimal.valueOf(1_000 + i, 2);
            items.add(new PreviewItem(new ProductId(new UUID(i, i * 31L)), "SKU-" + i, "USD", amount,
                    amount.subtract(BigDecimal.ONE), BigDecimal.ONE.negate(), BigDecimal.TEN, null, amount,
                    Status.CHANGE, i % 7 == 0 ? List.of("reason " + i) : List.of(), "inputs;" + i));
        }

        assertThat(PreviewHash.of(FRAME, items)).isEqualTo(reference(FRAME, items));
        List<PreviewItem> swapped = new ArrayList<>(items);
        swapped.set(2_100, items.get(100));
        swapped.set(100, items.get(2_100));
        assertThat(PreviewHash.of(FRAME, swapped)).as("items of different blocks swapped")
                .isEqualTo(reference(FRAME, swapped)).isNotEqualTo(reference(FRAME, items));
    }

    @Test
    void anyAmountChangedChangesTheHash() {
        PreviewItem item = new PreviewItem(new ProductId(new UUID(1, 2)), "A", "USD", new BigDecimal("10.00"),
                new BigDecimal("9.00"), new BigDecimal("-1.00"), new BigDecimal("-10.00"), null, null, Status.CHANGE,
                List.of(), "x");
        PreviewItem scaled = new PreviewItem(item.productId(), "A", "USD", new BigDecimal("10.0"), item.proposedPrice(),
                item.delta(), item.deltaPercent(), null, null, Status.CHANGE, List.of(), "x");

        assertThat(PreviewHash.of(FRAME, List.of(scaled))).as("1.50 and 1.5 differ, as their texts did")
                .isNotEqualTo(PreviewHash.of(FRAME, List.of(item)));
    }

    /** Version 2 as it was first written. */
    private static String reference(ExplainFrame frame, List<PreviewItem> items) throws IOException, Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF("calibrate-pricing-preview/2");
            out.writeUTF(frame.currency());
            out.writeInt(frame.units().size());
            for (String unit : frame.units()) text(out, unit);
            out.writeInt(frame.steps().size());
            for (StepFrame step : frame.steps()) {
                text(out, step.op());
                out.writeByte(step.kind().ordinal());
                text(out, step.text());
                text(out, step.offset());
                out.writeInt(step.maxAgeHours());
            }
            out.writeInt(frame.guardrails().size());
            for (GuardrailFrame guardrail : frame.guardrails()) {
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
        }
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
    }

    private static void text(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

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
}
