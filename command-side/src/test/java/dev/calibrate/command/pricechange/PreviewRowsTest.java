package dev.calibrate.command.pricechange;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.command.pricechange.preview.CopyBinary;
import dev.calibrate.command.pricechange.preview.CopyRows;
import dev.calibrate.command.pricing.EvaluationResult.Status;
import dev.calibrate.command.pricing.compiled.PreviewItem;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.anomaly.ProposedAnomaly;
import dev.calibrate.kernel.anomaly.ProposedAnomaly.Kind;
import dev.calibrate.kernel.anomaly.ProposedAnomaly.Severity;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rows a preview's COPY reads, in PostgreSQL's binary format as its COPY reads them: the header
 * before the first block, then per row its field count and each field in the column order (null as
 * length -1), the trailer after the last block; rows numbered in list order across blocks made on other
 * threads. That PostgreSQL reads each type's bytes as these values is {@code PreviewRowsCopyTest}'s.
 */
class PreviewRowsTest {

    private static final TenantId ACME = TenantId.random();
    private static final PriceChangeId CHANGE = PriceChangeId.random();
    private static final String HASH = "ab".repeat(32);
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void aRowHoldsEveryColumnInOrderWithNullsAsNoBytes() {
        PreviewItem changed = item("SKU-1", Status.CHANGE, List.of(), "m1;s:9.99");
        PreviewItem skipped = new PreviewItem(ProductId.forSku(ACME, "SKU \"2\", large"), "SKU \"2\", large", "USD",
                null, null, null, null, null, null, Status.SKIPPED, List.of("no price in \"USD\""), "");
        PreviewRows rows = new PreviewRows(ACME, CHANGE, HASH, 0, List.of(changed, skipped),
                Map.of(changed.productId(), Set.of("shopify", "amazon")), mapper);

        List<List<byte[]>> copy = CopyRows.decode(rows.block(0, 2));

        assertThat(copy).hasSize(2);
        List<byte[]> first = copy.get(0);
        assertThat(first).hasSize(PreviewRows.COLUMNS.split(",").length);
        assertThat(CopyRows.uuid(first.get(0))).isEqualTo(ACME.value());
        assertThat(CopyRows.uuid(first.get(1))).isEqualTo(CHANGE.value());
        assertThat(CopyRows.text(first.get(2))).isEqualTo(HASH);
        assertThat(CopyRows.integer(first.get(3))).isZero();
        assertThat(CopyRows.uuid(first.get(4))).isEqualTo(changed.productId().value());
        assertThat(List.of(CopyRows.text(first.get(5)), CopyRows.text(first.get(6)), CopyRows.text(first.get(7))))
                .containsExactly("SKU-1", "USD", "CHANGE");
        assertThat(first.subList(8, 14)).extracting(CopyRows::numeric).containsExactly(new BigDecimal("10.00"),
                new BigDecimal("9.00"), new BigDecimal("-1.00"), new BigDecimal("-10.00"), null, new BigDecimal("11.00"));
        assertThat(CopyRows.text(first.get(14))).isEqualTo("[]");
        assertThat(CopyRows.text(first.get(15))).isEqualTo("m1;s:9.99");
        assertThat(CopyRows.textArray(first.get(16))).as("sorted").containsExactly("amazon", "shopify");
        assertThat(first.get(17)).isNull();
        assertThat(first.get(18)).isNull();

        List<byte[]> second = copy.get(1);
        assertThat(CopyRows.integer(second.get(3))).isEqualTo(1);
        assertThat(CopyRows.text(second.get(5))).isEqualTo("SKU \"2\", large");
        assertThat(CopyRows.text(second.get(7))).isEqualTo("SKIPPED");
        assertThat(second.subList(8, 14)).allMatch(field -> field == null);
        assertThat(CopyRows.text(second.get(14))).isEqualTo("[\"no price in \\\"USD\\\"\"]");
        assertThat(CopyRows.text(second.get(15))).isEmpty();
        assertThat(CopyRows.textArray(second.get(16))).isEmpty();
    }

    @Test
    void anItemsAnomaliesAreTheColumnBeforeItsPriorPriceAsJson() {
        PreviewItem plain = item("SKU-1", Status.CHANGE, List.of(), "");
        PreviewItem flagged = new PreviewItem(plain.productId(), plain.sku(), plain.currency(), plain.currentPrice(),
                plain.proposedPrice(), plain.delta(), plain.deltaPercent(), plain.currentCompareAt(),
                plain.proposedCompareAt(), plain.status(), plain.reasons(), plain.inputs(),
                List.of(new ProposedAnomaly(Kind.BELOW_COST, Severity.CRITICAL, "would be priced \"low\"", null)));
        PreviewRows rows = new PreviewRows(ACME, CHANGE, HASH, 0, List.of(flagged), Map.of(), mapper);

        List<byte[]> row = CopyRows.decode(rows.block(0, 1)).get(0);

        assertThat(row.get(row.size() - 1)).as("no prior price: the rule is off").isNull();
        assertThat(CopyRows.text(row.get(row.size() - 2))).isEqualTo(
                "[{\"kind\":\"below_cost\",\"severity\":\"critical\",\"reason\":\"would be priced \\\"low\\\"\",\"score\":null}]");
    }

    @Test
    void blocksMadeOnOtherThreadsAreWrittenInOrderAndNumberedByTheirPlaceInTheList() throws Exception {
        int n = PreviewRows.BLOCK * 5 + 17;
        List<PreviewItem> items = IntStream.range(0, n)
                .mapToObj(i -> item("SKU-" + i, Status.CHANGE, List.of(), "")).toList();
        PreviewRows rows = new PreviewRows(ACME, CHANGE, HASH, 0, items, Map.of(), mapper);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Integer> blockSizes = new ArrayList<>();
        long written = rows.writeTo(block -> {
            blockSizes.add(block.length);
            out.write(block, 0, block.length);
        });
        assertThat(written).isEqualTo(out.size());

        List<List<byte[]>> copy = CopyRows.decode(out.toByteArray());
        assertThat(blockSizes).hasSize(6);
        assertThat(copy).hasSize(n);
        for (int seq = 0; seq < n; seq++) {
            assertThat(CopyRows.integer(copy.get(seq).get(3))).isEqualTo(seq);
            assertThat(CopyRows.text(copy.get(seq).get(5))).isEqualTo("SKU-" + seq);
        }
    }

    @Test
    void onlyTheFirstBlockHasTheHeaderAndOnlyTheLastTheTrailer() {
        List<PreviewItem> items = IntStream.range(0, 3).mapToObj(i -> item("SKU-" + i, Status.CHANGE, List.of(), "")).toList();
        PreviewRows rows = new PreviewRows(ACME, CHANGE, HASH, 0, items, Map.of(), mapper);

        byte[] first = rows.block(0, 1);
        byte[] middle = rows.block(1, 2);
        byte[] last = rows.block(2, 3);

        assertThat(Arrays.copyOf(first, CopyBinary.HEADER.length)).isEqualTo(CopyBinary.HEADER);
        assertThat(Arrays.copyOfRange(last, last.length - 2, last.length)).isEqualTo(CopyBinary.TRAILER);
        assertThat(middle.length).as("a row alone").isEqualTo(first.length - CopyBinary.HEADER.length)
                .isEqualTo(last.length - CopyBinary.TRAILER.length);
    }

    @Test
    void aPreviewWithoutItemsIsOneBlockOfHeaderAndTrailer() throws Exception {
        PreviewRows rows = new PreviewRows(ACME, CHANGE, HASH, 0, List.of(), Map.of(), mapper);
        List<byte[]> blocks = new ArrayList<>();

        rows.writeTo(blocks::add);

        assertThat(blocks).hasSize(1);
        assertThat(CopyRows.decode(blocks.get(0))).isEmpty();
    }

    @Test
    void rowsAreNumberedFromTheFirstNumberGiven() {
        PreviewRows rows = new PreviewRows(ACME, CHANGE, HASH, JdbcPreviewStore.SECOND_RANGE,
                List.of(item("A", Status.CHANGE, List.of(), ""), item("B", Status.CHANGE, List.of(), "")), Map.of(), mapper);

        assertThat(CopyRows.decode(rows.block(0, 2))).extracting(row -> CopyRows.integer(row.get(3)))
                .containsExactly(1 << 30, (1 << 30) + 1);
    }

    @Test
    void aHashThatIsNotSixtyFourHexDigitsIsRefused() {
        assertThatThrownBy(() -> new PreviewRows(ACME, CHANGE, "ab,\"", 0, List.of(), Map.of(), mapper))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFailingSinkStopsTheWriting() {
        List<PreviewItem> items = IntStream.range(0, PreviewRows.BLOCK * 3)
                .mapToObj(i -> item("SKU-" + i, Status.CHANGE, List.of(), "")).toList();
        PreviewRows rows = new PreviewRows(ACME, CHANGE, HASH, 0, items, Map.of(), mapper);
        int[] calls = {0};

        assertThatThrownBy(() -> rows.writeTo(block -> {
            calls[0]++;
            throw new java.sql.SQLException("connection lost");
        })).hasMessage("connection lost");
        assertThat(calls[0]).isEqualTo(1);
    }

    private static PreviewItem item(String sku, Status status, List<String> reasons, String inputs) {
        return new PreviewItem(ProductId.forSku(ACME, sku), sku, "USD", new BigDecimal("10.00"),
                new BigDecimal("9.00"), new BigDecimal("-1.00"), new BigDecimal("-10.00"), null,
                new BigDecimal("11.00"), status, reasons, inputs);
    }
}
