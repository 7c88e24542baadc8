package dev.calibrate.app.pricechange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static dev.calibrate.app.pricechange.PriceChangeSteps.product;
import static dev.calibrate.app.support.ProblemAssertions.assertInvalidField;
import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Rules that would overflow the stack or the storage columns are refused or skipped, never a 500. */
class RuleLimitsTest extends IntegrationTest {

    private PriceChangeSteps steps;
    private Api.TenantToken tenant;

    @BeforeEach
    void tenant() {
        steps = new PriceChangeSteps(api);
        tenant = api.newTenant("rule-limits");
    }

    /** Validating a selector recursed once per level: 400 levels overflowed the stack, a 500 with a 120 KB trace. */
    @ParameterizedTest(name = "{0} levels")
    @CsvSource({"33", "400"})
    void aSelectorNestedDeeperThan32IsRefusedNamingWhere(int levels) {
        String selector = "{\"not\":".repeat(levels - 1) + "{\"field\":\"sku\",\"op\":\"eq\",\"value\":\"A\"}"
                + "}".repeat(levels - 1);

        Api.Response drafted = api.post("/api/v1/price-changes", tenant.token(), definition(selector));

        JsonNode problem = assertInvalidField(drafted, "rule.selector" + ".not".repeat(32));
        assertThat(problem.get("detail").asText()).contains("deeper than 32");
        assertThat(drafted.body().length()).isLessThan(2_000);
    }

    @Test
    void aSelectorOf32LevelsIsAccepted() {
        String selector = "{\"not\":".repeat(31) + "{\"field\":\"sku\",\"op\":\"eq\",\"value\":\"A\"}" + "}".repeat(31);

        assertThat(api.post("/api/v1/price-changes", tenant.token(), definition(selector)).status()).isEqualTo(201);
    }

    /** Deeper than any parser should follow: refused while reading the body. */
    @Test
    void aBodyNested100000LevelsDeepIsA400() {
        String selector = "{\"not\":".repeat(100_000) + "{}" + "}".repeat(100_000);

        Api.Response drafted = api.post("/api/v1/price-changes", tenant.token(), definition(selector));

        JsonNode problem = assertProblem(drafted, 400, "malformed-json");
        assertThat(problem.get("detail").asText()).contains("nested too deeply");
    }

    /**
     * The preview's items are stored as NUMERIC(20, 4) with NUMERIC(12, 2) percentages: a result beyond
     * them failed the whole preview's COPY, a 500.
     */
    @ParameterizedTest(name = "{0} USD, {1}")
    @CsvSource(delimiter = '|', value = {
            "999999999999999.00 | {\"op\":\"percent\",\"value\":1000}          | the largest price",
            "0.01               | {\"op\":\"set\",\"amount\":\"1000000.01\"}   | a hundred million times",
    })
    void aProposedPriceNoColumnCanHoldIsSkippedSayingWhy(String price, String step, String because) {
        steps.catalog(tenant.token(), List.of(product("HUGE-1", price, null)));
        String change = api.post("/api/v1/price-changes", tenant.token(), "{\"name\":\"Too far\",\"rule\":"
                + "{\"selector\":{\"everything\":true},\"transform\":[" + step + "],\"currency\":\"USD\"}}")
                .json().get("id").asText();

        Api.Response preview = api.post("/api/v1/price-changes/" + change + "/preview", tenant.token(), null);

        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        JsonNode item = preview.json().get("items").get(0);
        assertThat(item.get("status").asText()).isEqualTo("SKIPPED");
        assertThat(item.get("reasons").get(0).asText()).contains(because);
    }

    /** 15 digits before the point is every money column's common ground. */
    @Test
    void amountsWithMoreDigitsThanTheColumnsHoldAreRefusedNamingTheField() {
        assertInvalidField(api.post("/api/v1/products", tenant.token(),
                Map.of("sku", "BIG", "title", "Big", "prices",
                        List.of(Map.of("currency", "USD", "amount", "1000000000000000.00")))), "prices[0].amount");
        assertInvalidField(api.post("/api/v1/products", tenant.token(),
                Map.of("sku", "FINE", "title", "Fine", "prices",
                        List.of(Map.of("currency", "USD", "amount", "1.001")))), "prices[0].amount");
        assertInvalidField(api.post("/api/v1/price-changes", tenant.token(), "{\"name\":\"Big\",\"rule\":"
                + "{\"selector\":{\"everything\":true},\"transform\":[{\"op\":\"set\",\"amount\":\"1000000000000000\"}],"
                + "\"currency\":\"USD\"}}"), "rule.transform[0].amount");
    }

    private static String definition(String selector) {
        return "{\"name\":\"Deep\",\"rule\":{\"selector\":" + selector
                + ",\"transform\":[{\"op\":\"percent\",\"value\":-10}],\"currency\":\"USD\"}}";
    }
}
