package dev.calibrate.connectors.shopify.writeback.sending;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.connectors.shopify.writeback.ShopifyDeliveries.Delivery;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.calibrate.connectors.shopify.writeback.sending.Deliveries.delivery;
import static org.assertj.core.api.Assertions.assertThat;

class BulkMutationJsonlTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void oneLineOfVariablesPerCall() throws Exception {
        List<PriceCall> calls = PriceCall.group(List.of(delivery(1, 1, "1.00", null), delivery(2, 1, "2.00", "3.00")));

        List<BulkMutationJsonl.File> files = BulkMutationJsonl.files(calls, BulkMutationJsonl.MAX_FILE_BYTES, json);

        assertThat(files).hasSize(1);
        String[] lines = new String(files.get(0).content(), StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(2);
        assertThat(json.readTree(lines[0])).isEqualTo(calls.get(0).variables());
        assertThat(json.readTree(lines[1]).get("variants").get(0).get("compareAtPrice").asText()).isEqualTo("3.00");
        assertThat(files.get(0).lines()).isEqualTo(calls);
    }

    @Test
    void splitsIntoFilesUnderTheSizeLimitWithoutBreakingALine() {
        List<Delivery> deliveries = new ArrayList<>();
        for (int p = 10; p < 50; p++) { // two-digit ids: every line has the same length
            for (int v = 1; v <= 5; v++) {
                deliveries.add(delivery(p, v, "9.99", null));
            }
        }
        List<PriceCall> calls = PriceCall.group(deliveries);
        long lineBytes = BulkMutationJsonl.files(calls.subList(0, 1), Long.MAX_VALUE, json).get(0).content().length;

        List<BulkMutationJsonl.File> files = BulkMutationJsonl.files(calls, lineBytes * 15 + 10, json);

        assertThat(files).extracting(f -> f.lines().size()).containsExactly(15, 15, 10);
        assertThat(files).allSatisfy(f -> assertThat((long) f.content().length).isLessThanOrEqualTo(lineBytes * 15 + 10));
        assertThat(files.stream().flatMap(f -> f.lines().stream()).toList()).isEqualTo(calls);
    }

    @Test
    void resultLinesAreFoundByTheirLineNumberInWhateverOrderTheyCome() {
        String results = """
                {"data":{"productVariantsBulkUpdate":{"userErrors":[{"code":"INVALID","field":["variants","0","price"],"message":"Price is invalid"}]}},"__lineNumber":1}

                {"data":{"productVariantsBulkUpdate":{"productVariants":[{"id":"gid://shopify/ProductVariant/10001"}],"userErrors":[]}},"__lineNumber":0}
                not json
                """;

        Map<Integer, JsonNode> lines = BulkMutationJsonl.results(new BufferedReader(new StringReader(results)), json);

        assertThat(lines).containsOnlyKeys(0, 1);
        PriceCall first = new PriceCall("gid://shopify/Product/1", List.of(delivery(1, 1, "1.00", null)));
        PriceCall second = new PriceCall("gid://shopify/Product/2", List.of(delivery(2, 1, "-1.00", null)));
        assertThat(BulkMutationJsonl.result(first, lines.get(0)).synced()).isEqualTo(first.deliveries());
        assertThat(BulkMutationJsonl.result(second, lines.get(1)).failed()).containsOnlyKeys(second.deliveries().get(0));
    }

    @Test
    void withoutLineNumbersResultsFollowTheInputOrder() {
        Map<Integer, JsonNode> lines = BulkMutationJsonl.results(new BufferedReader(new StringReader(
                "{\"data\":{\"productVariantsBulkUpdate\":{\"userErrors\":[]}}}\n{\"errors\":[{\"message\":\"Internal error\"}]}\n")),
                json);

        PriceCall call = new PriceCall("gid://shopify/Product/1", List.of(delivery(1, 1, "1.00", null)));
        assertThat(BulkMutationJsonl.result(call, lines.get(0)).synced()).hasSize(1);
        assertThat(BulkMutationJsonl.result(call, lines.get(1)).unanswered()).contains("Internal error");
        assertThat(BulkMutationJsonl.result(call, lines.get(2)).unanswered()).contains("no line");
    }
}
