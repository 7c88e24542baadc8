package dev.calibrate.app.copilot.translate;

import dev.calibrate.app.copilot.guard.SqlGuard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The embedded translator answers a question only when it understood all of it: a condition it cannot
 * express ("below cost", "yesterday", "by Alice", a number or date it did not use) makes it refuse, never
 * answer the broader question. Its golden-set behaviour over real data is in GoldenSetTest.
 */
class EmbeddedTranslatorTest {

    /** A Wednesday: this week began on Monday 2026-12-07, last month is November. */
    static final Clock NOW = Clock.fixed(Instant.parse("2026-12-09T10:15:00Z"), ZoneOffset.UTC);

    private final EmbeddedTranslator translator = new EmbeddedTranslator(NOW);
    private final SqlGuard guard = new SqlGuard(1001);

    @ParameterizedTest
    @ValueSource(strings = {
            "How many products were created yesterday?",
            "How many products did Alice edit?",
            "Price changes of TS-1 since 2026-11-01",
            "List products cheaper than 10",
            "List products tagged summer and winter",
            "How many products were edited this week?",
            "Products without a vendor",
            "Which products sell above 3 times their average price?",
            "Price changes rejected by bob last month",
            "Top 5 most expensive products in USD bought by Alice",
            "What is the price of TS-1 in 2025?",
            "Open drifts older than 3 days",
            "Blocked items over 20 USD in price change \"Too deep\"",
            "How many competitors are cheaper than 10 USD?",
            "How many products are below cost of 10 USD?",
            "Products created last month",
            "What was the price of TS-1 in Smarch 2026?",
            "Anomalies of TS-1 approved by bob",
            "Anomalous items in price change \"Too deep\"",
            "How did the price of TS-1 change?",
            "Biggest price increases last quarter"})
    void refusesAQuestionWithAConditionItCannotExpress(String question) {
        assertThat(translator.translate(question)).as(question).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "How many products are there?", "How many active products are there?", "List products by vendor Bolt",
            "Which active products are made by Acme?", "Show products with tee in the title",
            "Top 3 most expensive products in USD", "What are the 2 priciest products?", "What is the price of TS-1?",
            "Price history of WN-1", "Which price changes are pending approval?",
            "How many price changes are in state draft?", "Price changes drafted by alice",
            "Price changes approved by bob", "Blocked items in price change \"Too deep\"",
            "Which items are in conflict in price change 'Too deep'?", "Channel sync failures",
            "How many channel sync failures are there?", "Open drifts", "All drifts",
            "How many competitors do we watch?", "Products where a competitor is cheaper", "List our competitors",
            "List products cheaper than 20 USD", "How many products are priced over 40 USD?",
            "Price changes since 2026-11-01", "How many price changes were drafted since 2026-11-01?",
            "Biggest price increases in the last 30 days", "Top 3 biggest price drops",
            "Largest price decreases over the past 2 weeks",
            "How did the price of TS-1 change last month?", "Prices of TS-1 since 2026-11-01",
            "Biggest decreases this week", "Price changes yesterday", "Price history of WN-1 this year",
            "Products with an anomaly", "Which prices are below cost?", "Anomalies in the last 30 days",
            "Anomalies of TS-1", "Critical anomalies", "How many products are below cost?",
            "Unusual price moves last month", "How many anomalies today?"})
    void answersAQuestionItUnderstoodWithSqlTheGuardAccepts(String question) {
        Translation translation = translator.translate(question).orElseThrow(() -> new AssertionError(question));
        assertThatCode(() -> guard.check(translation.sql())).as(translation.sql()).doesNotThrowAnyException();
    }

    @Test
    void aPriceBoundFiltersOnTheCurrentPriceInItsCurrency() {
        assertThat(translator.translate("List products cheaper than 20 USD").orElseThrow().sql())
                .contains("currency = 'USD' AND amount < 20");
        assertThat(translator.translate("How many products are priced over 40.5 eur?").orElseThrow().sql())
                .startsWith("SELECT count(*)").contains("currency = 'EUR' AND amount > 40.5");
    }

    @Test
    void priceChangesSinceADayFilterOnWhenTheyWereDrafted() {
        Translation since = translator.translate("Price changes drafted since 2026-11-01").orElseThrow();
        assertThat(since.sql()).contains("created_at >= '2026-11-01T00:00:00Z'").doesNotContain("state =");
    }

    @Test
    void priceMovesComparEachPriceWithThePreviousOne() {
        Translation up = translator.translate("Top 3 biggest price increases in the last 2 weeks").orElseThrow();
        assertThat(up.sql()).contains("lag(amount) OVER (PARTITION BY product_id, currency ORDER BY valid_from)")
                .contains("amount > previous_amount").contains("valid_from >= '2026-11-25T10:15:00Z'").endsWith("LIMIT 3");
        assertThat(translator.translate("Biggest price drops").orElseThrow().sql())
                .contains("amount < previous_amount").contains("ORDER BY change_percent ASC")
                .doesNotContain("interval");
    }

    @Test
    void leftoverWordsAreThoseNoMatchAccountedForBesidesFiller() {
        Question question = new Question("How many products are below cost of 10 USD");
        question.has(Phrases.pattern("\\bproducts\\b"));
        assertThat(question.leftover()).containsExactly("many", "below", "cost", "10", "USD");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "How did the price of TS-1 change today?        | valid_to > '2026-12-09T00:00:00Z'",
            "How did the price of TS-1 change yesterday?    | valid_from < '2026-12-09T00:00:00Z' AND (valid_to IS NULL OR valid_to > '2026-12-08T00:00:00Z')",
            "Prices of TS-1 this week                       | valid_to > '2026-12-07T00:00:00Z'",
            "Prices of TS-1 last week                       | valid_from < '2026-12-07T00:00:00Z' AND (valid_to IS NULL OR valid_to > '2026-11-30T00:00:00Z')",
            "Prices of TS-1 this month                      | valid_to > '2026-12-01T00:00:00Z'",
            "How did the price of TS-1 change last month?   | valid_from < '2026-12-01T00:00:00Z' AND (valid_to IS NULL OR valid_to > '2026-11-01T00:00:00Z')",
            "Prices of TS-1 this year                       | valid_to > '2026-01-01T00:00:00Z'",
            "Prices of TS-1 last year                       | valid_from < '2026-01-01T00:00:00Z' AND (valid_to IS NULL OR valid_to > '2025-01-01T00:00:00Z')",
            "Prices of TS-1 since 2026-11-01                | (valid_to IS NULL OR valid_to > '2026-11-01T00:00:00Z')",
            "Prices of TS-1 between 2026-11-03 and 2026-11-05 | valid_from < '2026-11-06T00:00:00Z' AND (valid_to IS NULL OR valid_to > '2026-11-03T00:00:00Z')",
            "What was the price of TS-1 in February 2024?   | valid_from < '2024-03-01T00:00:00Z' AND (valid_to IS NULL OR valid_to > '2024-02-01T00:00:00Z')",
            "Biggest decreases this week                    | valid_from >= '2026-12-07T00:00:00Z' ORDER BY",
            "Biggest price increases last month             | valid_from >= '2026-11-01T00:00:00Z' AND valid_from < '2026-12-01T00:00:00Z'",
            "Price changes yesterday                        | created_at >= '2026-12-08T00:00:00Z' AND created_at < '2026-12-09T00:00:00Z'",
            "Price changes drafted last week                | created_at >= '2026-11-30T00:00:00Z' AND created_at < '2026-12-07T00:00:00Z'"})
    void aCalendarPeriodIsComputedInUtcFromTheClock(String question, String condition) {
        Translation translation = translator.translate(question).orElseThrow(() -> new AssertionError(question));
        assertThat(translation.sql()).as(question).contains(condition).doesNotContain("now()");
        assertThat(translation.subject()).as(question).contains("UTC");
        assertThatCode(() -> guard.check(translation.sql())).as(translation.sql()).doesNotThrowAnyException();
    }

    @Test
    void aPriceChangesDraftedInAPeriodIsNotTheDraftState() {
        assertThat(translator.translate("Price changes drafted yesterday").orElseThrow().sql()).doesNotContain("state =");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Prices of TS-1 since 2026-13-45                  | '2026-13-45' is not a day of the calendar",
            "Prices of TS-1 since 2026-02-30                  | '2026-02-30' is not a day of the calendar",
            "Price changes since 1/11/2026                    | '1/11/2026' is not a date the copilot reads; write days as YYYY-MM-DD",
            "Prices of TS-1 between 2026-12-01 and 2026-11-01 | the period ends (2026-11-01) before it starts (2026-12-01)",
            "Anomalies last month                             | below-cost prices and channel drifts are known only as they stand now",
            "Prices below cost last month                     | below-cost prices and channel drifts are known only as they stand now",
            "Channel drift anomalies in November 2026         | below-cost prices and channel drifts are known only as they stand now",
            "Prices of TS-1 since 0000-12-31                  | the year 0000 is outside the years the copilot reads (0001 to 9998)",
            "Price changes between 2026-11-01 and 9999-01-01  | the year 9999 is outside the years the copilot reads (0001 to 9998)",
            "Unusual price moves in January 9999              | the year 9999 is outside the years the copilot reads (0001 to 9998)",
            "Price changes since 2026-12-10                   | the period since 2026-12-10 starts after now (2026-12-09T10:15:00Z)",
            "Unusual price moves in January 2027              | the period in January 2027 starts after now"})
    void aDateThatIsNoneOrAPeriodTheViewsCannotAnswerIsRefusedWithItsReason(String question, String reason) {
        assertThatThrownBy(() -> translator.translate(question)).as(question)
                .isInstanceOfSatisfying(TranslatorFailed.class, refused -> {
                    assertThat(refused.rule()).isEqualTo("no-translation");
                    assertThat(refused.getMessage()).startsWith(reason);
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Anomalies for the last 30 days", "Price anomalies for this week", "Anomalies for today",
            "Anomalies of all products", "Prices of TS-1 for this week", "Price history of WN-1 for today"})
    void aWordThePeriodReadIsNeverReadAgainAsASku(String question) {
        String sql = translator.translate(question).orElseThrow(() -> new AssertionError(question)).sql();
        assertThat(sql).as(question).doesNotContainPattern("sku = '(?i:last|this|today|all|for)'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Anomalies for each product", "Channel drift anomalies on shopify", "Price of shirts",
            "Prices for this week"})
    void aPlainWordWhereASkuWouldStandIsRefusedNotSearchedFor(String question) {
        assertThat(translator.translate(question)).as(question).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Price changes by state                            | state",
            "Price changes drafted by whom                     | whom",
            "Price changes approved by someone                 | someone",
            "Price changes sorted by date                      | date",
            "Products from the vendor with the most items      | with",
            "Products tagged with the most sales               | the",
            "Products of type any                              | any",
            "Products with the in the title                    | the",
            "Blocked items of the price change named any      | any"})
    void aWordThatNamesNothingIsNeverSearchedForAsAName(String question, String word) {
        assertThatThrownBy(() -> translator.translate(question)).as(question)
                .isInstanceOfSatisfying(TranslatorFailed.class, refused -> {
                    assertThat(refused.rule()).isEqualTo("no-translation");
                    assertThat(refused.getMessage()).startsWith("\"" + word + "\" reads as no name here")
                            .endsWith("put it in quotes: \"" + word + "\"");
                });
    }

    @Test
    void aWordThatNamesNothingIsANameInQuotes() {
        assertThat(translator.translate("Price changes drafted by \"state\"").orElseThrow().sql())
                .contains("author = 'state'");
        assertThat(translator.translate("Products of vendor 'the'").orElseThrow().sql())
                .contains("lower(vendor) = lower('the')");
        assertThat(translator.translate("Price changes drafted by alice").orElseThrow().sql())
                .contains("author = 'alice'");
    }

    @Test
    void aSkuIsNamedByAWordWithADigitByQuotesOrAfterSkuOrProduct() {
        assertThat(translator.translate("Anomalies for product shirt").orElseThrow().sql()).contains("sku = 'shirt'");
        assertThat(translator.translate("Anomalies of \"shirt\" this week").orElseThrow().sql()).contains("sku = 'shirt'");
        assertThat(translator.translate("Price of sku shirt").orElseThrow().sql()).contains("sku = 'shirt'");
        assertThat(translator.translate("Anomalies for TS-1 in the last 7 days").orElseThrow().sql())
                .contains("sku = 'TS-1'").contains("'2026-12-02T10:15:00Z'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // a date then words the pattern must not see after it is read whole, not cut short to '2026-11-0'
            "Price changes since 2026-11-01 until 2026-11-30     | created_at >= '2026-11-01T00:00:00Z' AND created_at < '2026-12-01T00:00:00Z'",
            // a period ending after now ends now; "after" a day starts the next
            "Price changes between 2026-12-01 and 2026-12-31     | WHERE created_at >= '2026-12-01T00:00:00Z' ORDER BY",
            "Price changes after 2026-11-01                      | WHERE created_at >= '2026-11-02T00:00:00Z' ORDER BY",
            // one meaning in every family: "in the past week" rolling, "last week" the calendar week
            "Price changes in the past week                      | WHERE created_at >= '2026-12-02T10:15:00Z' ORDER BY",
            "Biggest price increases in the past week            | AND valid_from >= '2026-12-02T10:15:00Z' ORDER BY",
            "Anomalies in the past week                          | (occurred_at >= '2026-12-02T10:15:00Z' AND NOT",
            "Price changes last week                             | WHERE created_at >= '2026-11-30T00:00:00Z' AND created_at < '2026-12-07T00:00:00Z' ORDER BY",
            "Biggest price increases last week                   | AND valid_from >= '2026-11-30T00:00:00Z' AND valid_from < '2026-12-07T00:00:00Z' ORDER BY"})
    void periodsMeanTheSameInEveryFamily(String question, String condition) {
        assertThat(translator.translate(question).orElseThrow(() -> new AssertionError(question)).sql())
                .as(question).contains(condition);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Price changes applied yesterday          | WHERE applied_at >= '2026-12-08T00:00:00Z' AND applied_at < '2026-12-09T00:00:00Z' ORDER BY",
            "Price changes approved last month        | WHERE approved_at >= '2026-11-01T00:00:00Z' AND approved_at < '2026-12-01T00:00:00Z' ORDER BY",
            "Price changes approved by bob last month | WHERE approver = 'bob' AND approved_at >= '2026-11-01T00:00:00Z' AND",
            "Price changes drafted yesterday          | WHERE created_at >= '2026-12-08T00:00:00Z' AND created_at < '2026-12-09T00:00:00Z' ORDER BY",
            "Price changes yesterday                  | WHERE created_at >= '2026-12-08T00:00:00Z' AND created_at < '2026-12-09T00:00:00Z' ORDER BY"})
    void aStateInAPeriodIsFilteredOnTheTimeOfThatState(String question, String condition) {
        assertThat(translator.translate(question).orElseThrow(() -> new AssertionError(question)).sql())
                .as(question).contains(condition);
    }

    @Test
    void aStateWithNoTimeOfItsOwnInAPeriodIsRefused() {
        assertThatThrownBy(() -> translator.translate("Price changes failed yesterday"))
                .hasMessageStartingWith("price changes record no time at which they became FAILED");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Prices above average", "Products above the average", "How many prices are above average?"})
    void aboveAverageAloneIsNotTheSixTimesAnomaly(String question) {
        assertThat(translator.translate(question)).as(question).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Prices far above average", "Prices above their 30-day average", "Prices above its average",
            "Above average anomalies"})
    void aboveAverageSaidAsTheAnomalyIsTheSixTimesKind(String question) {
        assertThat(translator.translate(question).orElseThrow(() -> new AssertionError(question)).sql())
                .as(question).contains("kind = 'above_average'");
    }

    /** Whole WHERE clauses at the clock's edges: a Monday's first instant, a Sunday's last, New Year, a leap February. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2026-12-07T00:00:00Z     | Price changes today            | created_at >= '2026-12-07T00:00:00Z'",
            "2026-12-07T00:00:00Z     | Price changes yesterday        | created_at >= '2026-12-06T00:00:00Z' AND created_at < '2026-12-07T00:00:00Z'",
            "2026-12-07T00:00:00Z     | Price changes this week        | created_at >= '2026-12-07T00:00:00Z'",
            "2026-12-07T00:00:00Z     | Price changes last week        | created_at >= '2026-11-30T00:00:00Z' AND created_at < '2026-12-07T00:00:00Z'",
            "2026-12-07T00:00:00Z     | Price changes in the past week | created_at >= '2026-11-30T00:00:00Z'",
            "2026-12-13T23:59:59.999Z | Price changes today            | created_at >= '2026-12-13T00:00:00Z'",
            "2026-12-13T23:59:59.999Z | Price changes this week        | created_at >= '2026-12-07T00:00:00Z'",
            "2026-12-13T23:59:59.999Z | Price changes last week        | created_at >= '2026-11-30T00:00:00Z' AND created_at < '2026-12-07T00:00:00Z'",
            "2026-12-13T23:59:59.999Z | Price changes in the last 7 days | created_at >= '2026-12-06T23:59:59.999Z'",
            "2026-12-13T23:59:59.999Z | Price changes between 2026-12-01 and 2026-12-13 | created_at >= '2026-12-01T00:00:00Z'",
            "2027-01-01T00:00:00Z     | Price changes yesterday        | created_at >= '2026-12-31T00:00:00Z' AND created_at < '2027-01-01T00:00:00Z'",
            "2027-01-01T00:00:00Z     | Price changes this week        | created_at >= '2026-12-28T00:00:00Z'",
            "2027-01-01T00:00:00Z     | Price changes last month       | created_at >= '2026-12-01T00:00:00Z' AND created_at < '2027-01-01T00:00:00Z'",
            "2027-01-01T00:00:00Z     | Price changes this year        | created_at >= '2027-01-01T00:00:00Z'",
            "2027-01-01T00:00:00Z     | Price changes last year        | created_at >= '2026-01-01T00:00:00Z' AND created_at < '2027-01-01T00:00:00Z'",
            "2028-03-01T12:00:00Z     | Price changes yesterday        | created_at >= '2028-02-29T00:00:00Z' AND created_at < '2028-03-01T00:00:00Z'",
            "2028-03-01T12:00:00Z     | Price changes last month       | created_at >= '2028-02-01T00:00:00Z' AND created_at < '2028-03-01T00:00:00Z'",
            "2028-03-01T12:00:00Z     | Price changes this week        | created_at >= '2028-02-28T00:00:00Z'",
            "2028-03-01T12:00:00Z     | Price changes in the last 30 days | created_at >= '2028-01-31T12:00:00Z'",
            "2028-03-01T12:00:00Z     | Unusual price moves last month | kind = 'price_move' AND occurred_at >= '2028-02-01T00:00:00Z' AND occurred_at < '2028-03-01T00:00:00Z'"})
    void periodsAtTheClocksEdgesGiveWholeWhereClauses(Instant now, String question, String where) {
        String sql = new EmbeddedTranslator(Clock.fixed(now, ZoneOffset.UTC)).translate(question)
                .orElseThrow(() -> new AssertionError(question)).sql();
        assertThat(sql.substring(sql.indexOf(" WHERE ") + 7, sql.indexOf(" ORDER BY "))).as(question).isEqualTo(where);
    }

    @Test
    void aNumberWithoutASeparatorIsNoDate() {
        assertThatCode(() -> translator.translate("Products from 10 vendors")).doesNotThrowAnyException();
    }

    @Test
    void anomaliesAskTheViewForTheEndpointsKindsAndPeriod() {
        assertThat(translator.translate("Anomalies in the last 30 days").orElseThrow().sql())
                .contains("FROM copilot.price_anomalies WHERE (occurred_at >= '2026-11-09T10:15:00Z' AND NOT carried_over"
                        + " OR still_open AND occurred_at < '2026-11-09T10:15:00Z')");
        assertThat(translator.translate("Products with an anomaly").orElseThrow().sql())
                .startsWith("SELECT sku, count(*) AS anomalies").contains("occurred_at >= '2026-11-09T10:15:00Z'");
        assertThat(translator.translate("Which prices are below cost?").orElseThrow().sql())
                .contains("WHERE kind = 'below_cost' AND still_open");
        assertThat(translator.translate("How many products are below cost?").orElseThrow().sql())
                .startsWith("SELECT count(DISTINCT sku) AS products").contains("kind = 'below_cost' AND still_open");
        assertThat(translator.translate("Anomalies of TS-1").orElseThrow().sql()).contains("sku = 'TS-1'");
        assertThat(translator.translate("Critical anomalies").orElseThrow().sql()).contains("severity = 'critical'");
        assertThat(translator.translate("Unusual price moves last month").orElseThrow().sql())
                .contains("kind = 'price_move'")
                .contains("occurred_at >= '2026-11-01T00:00:00Z' AND occurred_at < '2026-12-01T00:00:00Z'");
        assertThat(translator.translate("Anomalies this week").orElseThrow().subject())
                .isEqualTo("price anomalies this week (from 2026-12-07 on, UTC)");
    }
}
