package dev.calibrate.command.pricing;

import dev.calibrate.command.pricing.EvaluationResult.ItemResult;
import dev.calibrate.command.pricing.EvaluationResult.Status;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.money.InvalidMoney;
import dev.calibrate.kernel.product.CatalogItem;
import dev.calibrate.kernel.tenant.TenantPolicy;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static dev.calibrate.command.pricing.Fixtures.NOW;
import static dev.calibrate.command.pricing.Fixtures.item;
import static dev.calibrate.command.pricing.Fixtures.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A price table step (an upload's prices): each listed SKU gets its price, and the explain says where it came from. */
class PriceTableStepTest {

    private static final String HASH = "0f".repeat(32);
    private static final String TABLE = "{'op':'price_table','source':{'file':'spring.csv','sha256':'" + HASH + "'},"
            + "'prices':[{'sku':'A','price':'12.5','line':2},{'sku':'B','price':'8.00','line':3}]}";

    @Test
    void aListedSkuGetsItsPriceAndTheExplainNamesTheFileTheHashAndTheLine() {
        Rule table = rule("{'selector':{'everything':true},'transform':[" + TABLE + "],'currency':'USD'}");

        ItemResult item = Fixtures.only(Fixtures.evaluate(table, item("A").usd("15.00").build()));

        assertThat(item.status()).isEqualTo(Status.CHANGE);
        assertThat(item.proposedPrice()).isEqualByComparingTo("12.50");
        assertThat(item.explain().steps().get(0).detail())
                .isEqualTo("set to 12.50 from line 2 of spring.csv (sha256 " + HASH + ")");
    }

    @Test
    void aSkuTheTableDoesNotListIsSkippedSayingSo() {
        Rule table = rule("{'selector':{'everything':true},'transform':[" + TABLE + "],'currency':'USD'}");

        ItemResult item = Fixtures.only(Fixtures.evaluate(table, item("C").usd("15.00").build()));

        assertThat(item.status()).isEqualTo(Status.SKIPPED);
        assertThat(item.reasons()).containsExactly("the SKU is not in the price table from spring.csv (sha256 " + HASH + ")");
    }

    @Test
    void guardrailsAndTheBrandFloorJudgeAnUploadedPriceAsAnyOther() {
        Rule table = rule("{'selector':{'everything':true},'transform':[" + TABLE + "],'currency':'USD'}");
        TenantPolicy policy = new TenantPolicy(new BigDecimal("10"), null, Map.of(), Map.of(), null, true, false);
        CatalogItem a = item("A").usd("13.00").build();
        CatalogItem b = item("B").usd("8.50").map("8.25", "USD").build();

        List<ItemResult> items = new PricingEngine().evaluate(table, policy, List.of(a, b),
                CompetitorObservations.none(), NOW).items();

        ItemResult byA = items.stream().filter(i -> i.sku().equals("A")).findFirst().orElseThrow();
        ItemResult byB = items.stream().filter(i -> i.sku().equals("B")).findFirst().orElseThrow();
        assertThat(byA.status()).isEqualTo(Status.CHANGE);
        assertThat(byB.status()).isEqualTo(Status.BLOCKED);
        assertThat(byB.reasons()).containsExactly("breaks guardrail MAP 8.25");
    }

    @Test
    void aSkuListedTwiceOrAPriceFinerThanTheCurrencyIsRefusedNamingItsPlace() {
        String twice = "{'op':'price_table','source':{'file':'x.csv','sha256':'" + HASH + "'},"
                + "'prices':[{'sku':'A','price':'1.00','line':2},{'sku':'A','price':'2.00','line':3}]}";
        String fine = "{'op':'price_table','source':{'file':'x.csv','sha256':'" + HASH + "'},"
                + "'prices':[{'sku':'A','price':'1.001','line':2}]}";

        assertThatThrownBy(() -> rule("{'selector':{'everything':true},'transform':[" + twice + "],'currency':'USD'}"))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.field()).isEqualTo("transform[0].prices[1].sku"));
        assertThatThrownBy(() -> rule("{'selector':{'everything':true},'transform':[" + fine + "],'currency':'USD'}"))
                .isInstanceOfSatisfying(InvalidMoney.class, e -> assertThat(e.getMessage()).contains("transform[0].prices[0].price"));
    }
}
