package dev.calibrate.app.copilot.translate;

import dev.calibrate.app.copilot.guard.SqlGuard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The embedded translator answers a question only when it understood all of it: a condition it cannot
 * express ("below cost", "yesterday", "by Alice", a number or date it did not use) makes it refuse, never
 * answer the broader question. Its golden-set behaviour over real data is in GoldenSetTest.
 */
class EmbeddedTranslatorTest {

    private final EmbeddedTranslator translator = new EmbeddedTranslator();
    private final SqlGuard guard = new SqlGuard(1001);

    @ParameterizedTest
    @ValueSource(strings = {
            "How many products are below cost?",
            "How many products were created yesterday?",
            "How many products did Alice edit?",
            "Products with an anomaly",
            "Price changes of TS-1 since 2026-11-01",
            "How did the price of TS-1 change last month?",
            "List products cheaper than 10",
            "List products tagged summer and winter",
            "How many products were edited this week?",
            "Products without a vendor",
            "Which products sell above 3 times their average price?",
            "Price changes rejected by bob last month",
            "Top 5 most expensive products in USD bought by Alice",
            "What is the price of TS-1 in 2025?",
            "Open drifts older than 3 days",
            "Biggest price increases last month",
            "Blocked items over 20 USD in price change \"Too deep\"",
            "How many competitors are cheaper than 10 USD?"})
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
            "Largest price decreases over the past 2 weeks"})
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
        assertThat(since.sql()).contains("created_at >= '2026-11-01'").doesNotContain("state =");
    }

    @Test
    void priceMovesComparEachPriceWithThePreviousOne() {
        Translation up = translator.translate("Top 3 biggest price increases in the last 2 weeks").orElseThrow();
        assertThat(up.sql()).contains("lag(amount) OVER (PARTITION BY product_id, currency ORDER BY valid_from)")
                .contains("amount > previous_amount").contains("interval '14 days'").endsWith("LIMIT 3");
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
}
