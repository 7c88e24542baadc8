package dev.calibrate.command.pricechange.edit;

import dev.calibrate.command.pricechange.edit.PreviewEditRows.EditedRow;
import dev.calibrate.command.pricechange.edit.PreviewEditRows.Row;
import dev.calibrate.command.pricing.EvaluationResult;
import dev.calibrate.command.pricing.EvaluationResult.Status;
import dev.calibrate.command.pricing.EvaluationResult.Verdict;
import dev.calibrate.command.pricing.OverrideGuardrails;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.error.InvalidInput.Violation;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.Explain;
import dev.calibrate.kernel.pricechange.Explain.GuardrailCheck;
import dev.calibrate.kernel.pricechange.Explain.StepTrace;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.EditPreviewItems;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.ItemEdit;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.ItemEditAction;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.ItemEditRequest;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangePreviewEdited;
import dev.calibrate.kernel.priorprice.PriorPrice;
import dev.calibrate.kernel.tenant.Actor;
import dev.calibrate.kernel.tenant.ApprovalThresholds.ChangeSize;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantPolicy;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An analyst's edits of a previewed change before it is approved: items excluded (SKIPPED, never
 * applied) or given another proposed price, which the tenant's guardrails check again as they checked
 * the rule's (an override below a floor is BLOCKED). The edits change the preview hash, so an approval
 * can only ever name the edited preview; a SUBMITTED change goes back to PREVIEWED and is submitted
 * again. The {@code PriceChange} aggregate asks this class, then records what it decided.
 */
@Component
public class PreviewEdits {

    static final int MAX_EDITS = 1_000;
    static final int MAX_REASON_LENGTH = 500;
    private static final String HASH_VERSION = "calibrate-pricing-preview-edits/1";
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final PreviewEditRows rows;

    public PreviewEdits(PreviewEditRows rows) {
        this.rows = rows;
    }

    /**
     * Checks, applies to the stored items and answers the event recording the edits; nothing is stored if one
     * is refused. The tenant's policy in force (its guardrails and approval thresholds) comes from the aggregate.
     */
    public PriceChangePreviewEdited edit(PriceChangeId id, TenantId tenantId, String previousHash, EditPreviewItems cmd,
                                         TenantPolicy policy, Instant at) {
        List<ItemEditRequest> requests = validate(cmd.edits());
        Map<String, Row> items = rows.bySku(id, requests.stream().map(ItemEditRequest::sku).toList());
        List<Violation> violations = new ArrayList<>();
        List<EditedRow> edited = new ArrayList<>();
        List<ItemEdit> edits = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            ItemEditRequest request = requests.get(i);
            String path = "edits[" + i + "]";
            Row row = items.get(request.sku());
            if (row == null) {
                violations.add(new Violation(path + ".sku", "no item of this preview has SKU \"" + request.sku() + "\""));
                continue;
            }
            try {
                EditedRow done = request.action() == ItemEditAction.EXCLUDE
                        ? exclude(row, request, cmd.by())
                        : override(row, request, path, policy, cmd.by());
                edited.add(done);
                edits.add(new ItemEdit(row.productId(), row.sku(), request.action(), row.proposedPrice(),
                        done.proposedPrice(), row.currency(), done.status().name(), request.reason().trim()));
            } catch (InvalidInput invalid) {
                violations.addAll(invalid.violations());
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidInput(violations);
        }
        String hash = hash(previousHash, edits);
        rows.write(id, hash, edited);
        // the edited prices are what an approval covers: the thresholds judge them, not the rule's
        ChangeSize size = rows.size(id);
        return new PriceChangePreviewEdited(id, tenantId, cmd.by(), edits, previousHash, hash, rows.summary(id), size,
                policy.approvalThresholds().assess(size).orElse(null), at);
    }

    private static List<ItemEditRequest> validate(List<ItemEditRequest> edits) {
        if (edits == null || edits.isEmpty()) {
            throw new InvalidInput("edits", "must hold at least one edit");
        }
        if (edits.size() > MAX_EDITS) {
            throw new InvalidInput("edits", "at most " + MAX_EDITS + " edits in one request, got " + edits.size());
        }
        List<Violation> violations = new ArrayList<>();
        Set<String> skus = new HashSet<>();
        for (int i = 0; i < edits.size(); i++) {
            ItemEditRequest edit = edits.get(i);
            String path = "edits[" + i + "]";
            if (edit.sku() == null || edit.sku().isBlank()) {
                violations.add(new Violation(path + ".sku", "must name the item's SKU"));
            } else if (!skus.add(edit.sku())) {
                violations.add(new Violation(path + ".sku", "SKU \"" + edit.sku() + "\" is edited twice in this request"));
            }
            if (edit.action() == null) {
                violations.add(new Violation(path + ".action", "must be EXCLUDE or OVERRIDE"));
            } else if (edit.action() == ItemEditAction.OVERRIDE && (edit.price() == null || edit.currency() == null)) {
                violations.add(new Violation(path + ".price", "an override needs a price and its currency"));
            } else if (edit.action() == ItemEditAction.EXCLUDE && (edit.price() != null || edit.currency() != null)) {
                violations.add(new Violation(path + ".price", "an exclusion sets no price"));
            }
            String reason = edit.reason() == null ? "" : edit.reason().trim();
            if (reason.isEmpty()) {
                violations.add(new Violation(path + ".reason", "must say why the item is edited"));
            } else if (reason.length() > MAX_REASON_LENGTH) {
                violations.add(new Violation(path + ".reason", "must be at most " + MAX_REASON_LENGTH + " characters"));
            } else if (reason.codePoints().anyMatch(PreviewEdits::invisible)) {
                violations.add(new Violation(path + ".reason", "must not hold control, format or line-separator "
                        + "characters"));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidInput(violations);
        }
        return edits;
    }

    /**
     * A character a reason must not hold: C0 and C1 controls and DEL (CONTROL), bidi overrides and other
     * invisible formatting (FORMAT), and U+2028/U+2029, which Java files under neither but which break a
     * line wherever the reason is shown.
     */
    private static boolean invisible(int c) {
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }

    private static EditedRow exclude(Row row, ItemEditRequest request, Actor by) {
        String why = "excluded by " + who(by) + ": " + request.reason().trim();
        List<StepTrace> steps = new ArrayList<>(row.explain().steps());
        steps.add(new StepTrace("exclude", row.proposedPrice(), null, why));
        return new EditedRow(row.seq(), Status.SKIPPED, null, null, null, row.currentCompareAt(), List.of(why),
                new Explain(row.explain().matched(), steps, row.explain().guardrails()), null);
    }

    private static EditedRow override(Row row, ItemEditRequest request, String path, TenantPolicy policy, Actor by) {
        if (!row.currency().equals(request.currency())) {
            throw new InvalidInput(path + ".currency", "the item is priced in " + row.currency() + ", not "
                    + request.currency());
        }
        if (row.currentPrice() == null || row.currentPrice().signum() == 0) {
            throw new InvalidInput(path + ".sku", "the item has no current price in " + row.currency()
                    + " to override from");
        }
        BigDecimal price = Money.parse(request.price(), request.currency(), path + ".price").amount();
        if (price.signum() <= 0) {
            throw new InvalidInput(path + ".price", "must be above zero");
        }
        BigDecimal delta = price.subtract(row.currentPrice());
        BigDecimal deltaPercent = delta.multiply(HUNDRED).divide(row.currentPrice(), 2, RoundingMode.HALF_EVEN);
        // the engine's own limit: a delta percent past it does not fit the stored NUMERIC(12, 2)
        if (deltaPercent.compareTo(EvaluationResult.DELTA_PERCENT_LIMIT) >= 0) {
            throw new InvalidInput(path + ".price", "is a hundred million times the current price ("
                    + row.currentPrice().toPlainString() + " " + row.currency() + ") or more");
        }
        String reason = request.reason().trim();
        String from = row.proposedPrice() == null ? "no proposed price" : row.proposedPrice().toPlainString();
        String why = "overridden by " + who(by) + " from " + from + " to " + price.toPlainString() + " "
                + row.currency() + ": " + reason;
        List<GuardrailCheck> checks = OverrideGuardrails.check(policy, row.productId(), row.sku(), row.currency(),
                row.currentPrice(), price, row.cost(), row.brandFloor());
        List<String> broken = OverrideGuardrails.broken(checks);
        // a strike-through at or below the new price is no reduction: the override drops it
        BigDecimal compareAt = row.proposedCompareAt() != null && row.proposedCompareAt().compareTo(price) > 0
                ? row.proposedCompareAt() : null;
        boolean changes = price.compareTo(row.currentPrice()) != 0 || !Objects.equals(compareAt, row.currentCompareAt());
        Verdict verdict = Verdict.of(changes, broken);
        Status status = verdict.status();
        List<String> reasons = new ArrayList<>(verdict.reasons());
        reasons.add(why);
        List<StepTrace> steps = new ArrayList<>(row.explain().steps());
        steps.add(new StepTrace("override", row.proposedPrice(), price, why));
        // with the prior-price rule on, the reduction announced is the new price's, from the prior price (C-330/23)
        BigDecimal reduction = row.priorPrice() == null || price.compareTo(row.priorPrice()) >= 0 ? null
                : PriorPrice.percentBelow(row.priorPrice(), price);
        return new EditedRow(row.seq(), status, price, delta, deltaPercent, compareAt, reasons,
                new Explain(row.explain().matched(), steps, checks), reduction);
    }

    /** The person behind the token when known, else the token. */
    private static String who(Actor by) {
        return by.subject() != null ? by.subject() : by.id();
    }

    /** Over the hash the edits start from and each edit, so the same edits of the same preview hash the same. */
    static String hash(String previousHash, List<ItemEdit> edits) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            StringBuilder text = new StringBuilder(HASH_VERSION).append('\n').append(previousHash).append('\n');
            for (ItemEdit edit : edits) {
                text.append(edit.productId().value()).append('\t').append(edit.action()).append('\t')
                        .append(edit.to() == null ? "" : edit.to().toPlainString()).append('\t')
                        .append(edit.currency()).append('\t').append(edit.status()).append('\t')
                        .append(edit.reason()).append('\n');
            }
            return HexFormat.of().formatHex(digest.digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
