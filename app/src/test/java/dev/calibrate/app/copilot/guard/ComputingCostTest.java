package dev.calibrate.app.copilot.guard;

import dev.calibrate.app.copilot.guard.Refused.Rule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * What one expression may compute, where PostgreSQL looks at the timeout only between rows (the 4th review,
 * item 2): numbers of tens of thousands of digits, and texts doubled by {@code ||}, are refused by the rule
 * {@code cost} (power and exp by {@code allowed-functions}), each with a reason that says what to change.
 */
class ComputingCostTest {

    private final SqlGuard guard = new SqlGuard(1000);

    static Stream<Arguments> refused() {
        String digits = "7".repeat(3000);
        return Stream.of(
                arguments("WITH a AS (SELECT power(3::numeric, 120000) AS x) SELECT length((x*x/x*x/x*x/x*x/x*x/x)::text) FROM a",
                        Rule.ALLOWED_FUNCTIONS, "the function power is not allowed"),
                arguments("SELECT exp(amount * 10000) FROM current_prices", Rule.ALLOWED_FUNCTIONS,
                        "the function exp is not allowed"),
                arguments("SELECT amount ^ 100000 FROM current_prices", Rule.COST, "the ^ operator (a power)"),
                arguments("SELECT 3::numeric ^ 120000", Rule.COST, "the ^ operator (a power)"),
                arguments("SELECT " + digits + " * " + digits, Rule.COST, "a number of more than 30 digits"),
                arguments("SELECT '" + digits + "'::numeric * 2", Rule.COST, "a text with more than 30 digits"),
                arguments("SELECT 1e100000 * amount FROM current_prices", Rule.COST, "a number with an exponent"),
                arguments("SELECT '1e100000'::numeric", Rule.COST, "a number with an exponent"),
                arguments("SELECT 1.5E+300 FROM products", Rule.COST, "a number with an exponent"),
                arguments("SELECT amount*amount*amount*amount*amount/amount/amount/amount%amount*amount FROM current_prices",
                        Rule.COST, "more than 8 uses of *, / and %"),
                arguments("SELECT a.amount * 2, a.amount / 3 FROM current_prices a WHERE a.amount * 4 > 1 AND a.amount % 5 = 0 "
                        + "AND a.amount * 6 > 1 AND a.amount / 7 > 1 AND a.amount * 8 > 1 AND a.amount / 9 > 1 "
                        + "AND a.amount * 10 > 1", Rule.COST, "more than 8 uses"),
                arguments("SELECT title || title FROM products", Rule.COST, "|| may join one column"),
                arguments("SELECT sku || ' ' || title FROM products", Rule.COST, "|| may join one column"),
                arguments("SELECT t || 'x' || t FROM (SELECT title AS t FROM products) s", Rule.COST, "|| may join one column"),
                arguments("WITH c0 AS (SELECT title AS t FROM products), c1 AS (SELECT t || t AS t FROM c0) "
                        + "SELECT length(t) FROM c1", Rule.COST, "|| may join one column"),
                arguments("SELECT upper(title) || lower(title) FROM products", Rule.COST, "|| may join one column"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("refused")
    void refuses(String sql, Rule rule, String reason) {
        assertThatThrownBy(() -> guard.check(sql)).isInstanceOfSatisfying(Refused.class, refused -> {
            assertThat(refused.rule()).isEqualTo(rule);
            assertThat(refused.getMessage()).contains(reason);
        });
    }

    @Test
    void accepts_ordinary_arithmetic_numbers_and_texts() {
        assertThat(guard.check("SELECT sku, round(amount * 1.2, 2), amount / 100.0, amount % 2, mod(2, 3) "
                + "FROM current_prices WHERE amount > 12.50 AND sku LIKE 'A-%' LIMIT 10").views())
                .containsExactly("current_prices");
        assertThat(guard.check("SELECT 'SKU: ' || sku || ' (' || 'new)' FROM products").views())
                .containsExactly("products");
        assertThat(guard.check("SELECT sku FROM products WHERE title = 'Size 1E5 and 1234567890' "
                + "OR product_type = 'x123456789012345678901234567890'").views()).containsExactly("products");
        assertThat(guard.check("SELECT 12345678901234567890.5 AS big FROM products").sql()).contains("567890.5");
    }

    @Test
    void a_regular_expression_in_a_text_may_use_the_caret() {
        assertThat(guard.check("SELECT sku FROM products WHERE sku ~ '^A-[0-9]+$'").views()).containsExactly("products");
    }
}
