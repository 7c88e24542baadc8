package dev.calibrate.command.competitor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.kernel.competitor.CompetitorMessages.ProductRef;
import dev.calibrate.kernel.competitor.CompetitorMessages.RejectedObservation;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

class ObservationItemsTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final TenantId ACME = new TenantId(UUID.fromString("6f1c1e52-0000-4000-8000-00000000ac3e"));
    private static final ProductRef TS_1 = new ProductRef(ProductId.forSku(ACME, "TS-1"), "TS-1");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aWellFormedItemOfAKnownProductIsAcceptedInStockUnlessSaidOtherwise() {
        ObservationItems.Outcome outcome = resolve(
                "{'sku':' TS-1 ','price':'19.9','currency':'USD','observedAt':'2026-11-26T13:04:59+01:00'}",
                "{'productId':'" + TS_1.productId() + "','price':'18.00','currency':'USD',"
                        + "'observedAt':'2026-11-26T11:00:00Z','url':'https://bolt.example/p/1','inStock':false}");

        assertThat(outcome.rejected()).isEmpty();
        assertThat(outcome.accepted()).extracting(o -> o.price().toString(), o -> o.inStock(), o -> o.sku())
                .containsExactly(tuple("19.90 USD", true, "TS-1"),
                        tuple("18.00 USD", false, "TS-1"));
        assertThat(outcome.accepted().get(0).observedAt()).isEqualTo(Instant.parse("2026-11-26T12:04:59Z"));
    }

    @Test
    void aMalformedItemIsNotAlsoCalledUnknown() {
        ObservationItems.Outcome outcome = resolve(
                "{'sku':'NOPE','price':'1.00','currency':'USD','observedAt':'2026-11-26T11:00:00Z'}",
                "{'sku':'NOPE','price':'1.00','currency':'XYZ','observedAt':'2026-11-26T11:00:00Z'}",
                "{'sku':'TS-1','price':'1.00','currency':'USD','observedAt':'2026-11-26T12:05:01Z'}");

        assertThat(outcome.rejected()).extracting(RejectedObservation::index, RejectedObservation::field)
                .containsExactly(tuple(0, "sku"),
                        tuple(1, "currency"),
                        tuple(2, "observedAt"));
    }

    @Test
    void everyProblemOfAnItemIsNamed() {
        ObservationItems.Parsed parsed = ObservationItems.parse(0, json(
                "{'price':'-1','currency':'USD','observedAt':'soon','url':'mailto:x@bolt.example','inStock':1}"), NOW);

        assertThat(parsed.violations()).extracting(v -> v.field())
                .containsExactly("sku", "price", "observedAt", "url", "inStock");
    }

    private static ObservationItems.Outcome resolve(String... items) {
        List<ObservationItems.Parsed> parsed = new ArrayList<>();
        for (int i = 0; i < items.length; i++) {
            parsed.add(ObservationItems.parse(i, json(items[i]), NOW));
        }
        return ObservationItems.resolve(parsed, List.of(TS_1));
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
