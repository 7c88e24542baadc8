package dev.calibrate.command.pricechange.approval;

import dev.calibrate.command.pricing.EvaluationResult.Status;
import dev.calibrate.command.pricing.compiled.PreviewItem;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.ApprovalThresholds.ChangeSize;
import dev.calibrate.kernel.tenant.TenantId;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** How big a preview's change is: CHANGE items only, the largest decrease and the sum of absolute differences. */
class ChangeSizesTest {

    private static final TenantId ACME = new TenantId(UUID.fromString("6f1c1e52-0000-4000-8000-00000000ac3e"));

    @Test
    void countsOnlyChangeItemsAndAddsIncreasesAndDecreasesAlike() {
        List<PreviewItem> items = List.of(
                item("A", "100.00", "75.00", "-25.00", Status.CHANGE),
                item("B", "10.00", "12.50", "25.00", Status.CHANGE),
                item("C", "50.00", "10.00", "-80.00", Status.BLOCKED),
                item("D", "20.00", "20.00", "0.00", Status.NO_CHANGE));

        assertThat(ChangeSizes.of(items, "EUR"))
                .isEqualTo(new ChangeSize(new BigDecimal("25.00"), new Money(new BigDecimal("27.50"), "EUR")));
    }

    @Test
    void onlyIncreasesHaveNoLargestDecrease() {
        assertThat(ChangeSizes.of(List.of(item("B", "10.00", "11.00", "10.00", Status.CHANGE)), "EUR"))
                .isEqualTo(new ChangeSize(null, new Money(new BigDecimal("1.00"), "EUR")));
    }

    @Test
    void nothingChangingHasNoSize() {
        assertThat(ChangeSizes.of(List.of(item("C", "50.00", "10.00", "-80.00", Status.BLOCKED)), "EUR"))
                .isEqualTo(new ChangeSize(null, null));
    }

    private static PreviewItem item(String sku, String current, String proposed, String deltaPercent, Status status) {
        BigDecimal now = new BigDecimal(current);
        BigDecimal then = new BigDecimal(proposed);
        return new PreviewItem(ProductId.forSku(ACME, sku), sku, "EUR", now, then, then.subtract(now),
                new BigDecimal(deltaPercent), null, null, status, List.of(), "{}", List.of());
    }
}
