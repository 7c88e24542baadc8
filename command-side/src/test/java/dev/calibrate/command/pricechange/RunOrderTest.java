package dev.calibrate.command.pricechange;

import dev.calibrate.command.pricing.EvaluationResult.Status;
import dev.calibrate.command.pricing.compiled.PreviewItem;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order a preview's items are stored and run in: product id order, with the variants of one
 * channel product (its channel group) moved up behind the first of them.
 */
class RunOrderTest {

    private static final TenantId ACME = TenantId.random();

    /** P-0..P-7 in product id order. */
    private final List<PreviewItem> items = IntStream.range(0, 8).mapToObj(i -> ProductId.forSku(ACME, "P-" + i))
            .sorted(Comparator.comparing(ProductId::toString)).map(RunOrderTest::item).toList();

    @Test
    void aGroupsItemsFollowItsFirstAndTheOthersKeepTheirPlaces() {
        Map<ProductId, String> groups = Map.of(id(1), "A", id(4), "A", id(6), "A", id(2), "B", id(7), "B");

        List<PreviewItem> ordered = PreviewCalculator.inRunOrder(items, groups);

        assertThat(ordered).extracting(PreviewItem::productId)
                .containsExactly(id(0), id(1), id(4), id(6), id(2), id(7), id(3), id(5));
    }

    @Test
    void withoutGroupsTheOrderIsProductIdOrder() {
        assertThat(PreviewCalculator.inRunOrder(items, Map.of())).containsExactlyElementsOf(items);
        assertThat(PreviewCalculator.inRunOrder(items, Map.of(id(3), "ALONE", ProductId.forSku(ACME, "ELSEWHERE"),
                "ALONE"))).as("a group with one item here, one product not previewed").containsExactlyElementsOf(items);
    }

    /** The product at {@code index} in product id order. */
    private ProductId id(int index) {
        return items.get(index).productId();
    }

    private static PreviewItem item(ProductId id) {
        return new PreviewItem(id, "SKU", "USD", BigDecimal.TEN, BigDecimal.ONE, BigDecimal.ONE.negate(),
                BigDecimal.TEN.negate(), null, null, Status.CHANGE, List.of(), "inputs");
    }
}
