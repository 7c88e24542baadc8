package dev.calibrate.command.pricechange;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The CSV a preview's COPY reads, as PostgreSQL's CSV format parses it: fields in the column order,
 * null an unquoted empty field, text quoted with its quotes doubled, rows numbered in list order
 * across blocks made on other threads.
 */
class PreviewRowsTest {

    private static final TenantId ACME = TenantId.random();
    private static final PriceChangeId CHANGE = PriceChangeId.random();
    private static final String HASH = "ab".repeat(32);
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void aRowHoldsEveryColumnInOrderWithNullsUnquotedAndTextQuoted() {
        PreviewItem changed = item("SKU-1", Status.CHANGE, List.of(), "m1;s:9.99");
        PreviewItem skipped = new PreviewItem(ProductId.forSku(ACME, "SKU \"2\", large"), "SKU \"2\", large", "USD",
                null, null, null, null, null, null, Status.SKIPPED, List.of("no price in \"USD\""), "");
        PreviewRows rows = new PreviewRows(ACME, CHANGE, HASH, 0, List.of(changed, skipped),
                Map.of(changed.productId(), Set.of("shopify", "amazon")), mapper);

        List<List<String>> csv = parse(new String(rows.block(0, 2), StandardCharsets.UTF_8));

        assertThat(csv.get(0)).containsExactly(ACME.toString(), CHANGE.toString(), HASH, "0", changed.productId().toString(), "SKU-1", "USD", "CHANGE",
                "10.00", "9.00", "-1.00", "-10.00", null, "11.00", "[]", "m1;s:9.99", "{\"amazon\",\"shopify\"}", null, null);
        assertThat(csv.get(1)).containsExactly(ACME.toString(), CHANGE.toString(), HASH, "1", skipped.productId().toString(), "SKU \"2\", large", "USD",
                "SKIPPED", null, null, null, null, null, null, "[\"no price in \\\"USD\\\"\"]", "", "{}", null, null);
        assertThat(PreviewRows.COLUMNS.split(",")).hasSize(csv.get(0).size());
    }

    @Test
    void anItemsAnomaliesAreTheColumnBeforeItsPriorPriceAsJson() {
        PreviewItem plain = item("SKU-1", Status.CHANGE, List.of(), "");
        PreviewItem flagged = new PreviewItem(plain.productId(), plain.sku(), plain.currency(), plain.currentPrice(),
                plain.proposedPrice(), plain.delta(), plain.deltaPercent(), plain.currentCompareAt(),
                plain.proposedCompareAt(), plain.status(), plain.reasons(), plain.inputs(),
                List.of(new ProposedAnomaly(Kind.BELOW_COST, Severity.CRITICAL, "would be priced \"low\"", null)));
        PreviewRows rows = new PreviewRows(ACME, CHANGE, HASH, 0, List.of(flagged), Map.of(), mapper);

        List<String> row = parse(new String(rows.block(0, 1), StandardCharsets.UTF_8)).get(0);

        assertThat(row.get(row.size() - 1)).as("no prior price: the rule is off").isNull();
        assertThat(row.get(row.size() - 2)).isEqualTo(
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

        List<List<String>> csv = parse(out.toString(StandardCharsets.UTF_8));
        assertThat(blockSizes).hasSize(6);
        assertThat(csv).hasSize(n);
        for (int seq = 0; seq < n; seq++) {
            assertThat(csv.get(seq).get(3)).isEqualTo(Integer.toString(seq));
            assertThat(csv.get(seq).get(5)).isEqualTo("SKU-" + seq);
        }
    }

    @Test
    void rowsAreNumberedFromTheFirstNumberGiven() {
        PreviewRows rows = new PreviewRows(ACME, CHANGE, HASH, JdbcPreviewStore.SECOND_RANGE,
                List.of(item("A", Status.CHANGE, List.of(), ""), item("B", Status.CHANGE, List.of(), "")), Map.of(), mapper);

        assertThat(parse(new String(rows.block(0, 2), StandardCharsets.UTF_8))).extracting(row -> row.get(3))
                .containsExactly(Integer.toString(1 << 30), Integer.toString((1 << 30) + 1));
    }

    @Test
    void channelNamesAreQuotedAsPostgresArrayElements() {
        assertThat(PreviewRows.textArray(java.util.Set.of("shop\\a", "b\"c", "plain")))
                .isEqualTo("{\"b\\\"c\",\"plain\",\"shop\\\\a\"}");
        assertThat(PreviewRows.textArray(java.util.Set.of())).isEqualTo("{}");
    }

    @Test
    void aHashThatIsNotSixtyFourHexDigitsIsRefusedBeforeItCouldBreakARow() {
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

    /** PostgreSQL's CSV: a quoted field may hold commas, newlines and doubled quotes; an unquoted empty field is null. */
    private static List<List<String>> parse(String csv) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                wasQuoted = true;
            } else if (c == ',' || c == '\n') {
                row.add(field.isEmpty() && !wasQuoted ? null : field.toString());
                field.setLength(0);
                wasQuoted = false;
                if (c == '\n') {
                    rows.add(row);
                    row = new ArrayList<>();
                }
            } else {
                field.append(c);
            }
        }
        return rows;
    }
}
