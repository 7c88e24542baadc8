package dev.calibrate.app.copilot.guard;

import dev.calibrate.app.copilot.guard.Refused.Rule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * PostgreSQL reads {@code s.f}, where {@code f} is no column of {@code s}, as {@code f(s)}. The 4th review
 * found three places where the guard's model of a relation's columns was wrong (alias column lists, an
 * unnest of rows, a join's alias hiding the relations inside); each of its statements is refused here,
 * by the rule that closes the gap and by the names no qualified column may end with.
 */
class RowCallNotationTest {

    private final SqlGuard guard = new SqlGuard(1000);

    static Stream<String> reviewStatements() {
        return Stream.of(
                "SELECT s.to_json FROM (SELECT 1 AS to_json, sku FROM products) AS s(a, b)",
                "SELECT s.pg_typeof, s.pg_column_size, s.quote_literal, s.num_nulls FROM (SELECT 1 AS pg_typeof, "
                        + "2 AS pg_column_size, 3 AS quote_literal, 4 AS num_nulls) AS s(a, b, c, d)",
                "WITH c AS (SELECT sku AS to_jsonb FROM products) SELECT x.to_jsonb FROM c AS x(y)",
                "SELECT to_json.to_json FROM products p, unnest(ARRAY[p]) AS to_json",
                "SELECT (SELECT p.to_json FROM ((SELECT 1 AS to_json) p CROSS JOIN products d) AS j LIMIT 1) FROM products p");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("reviewStatements")
    void refusesTheReviewsStatements(String sql) {
        assertThatThrownBy(() -> guard.check(sql)).isInstanceOf(Refused.class);
    }

    @Test
    void refuses_an_alias_column_list_on_anything_but_a_table_function() {
        assertRefused("SELECT s.a FROM (SELECT sku FROM products) AS s(a)", Rule.ALLOWED_VIEWS, "an alias with a column list");
        assertRefused("WITH c AS (SELECT sku FROM products) SELECT x.y FROM c AS x(y)", Rule.ALLOWED_VIEWS,
                "an alias with a column list");
        assertRefused("SELECT p.a FROM products AS p(a, b)", Rule.ALLOWED_VIEWS, "an alias with a column list");
    }

    @Test
    void refuses_an_alias_on_joined_relations_in_parentheses() {
        assertRefused("SELECT j.sku FROM (products p CROSS JOIN drifts d) AS j", Rule.ALLOWED_VIEWS,
                "an alias on joined relations in parentheses");
    }

    @Test
    void refuses_a_qualified_name_that_may_be_a_call_on_the_row_wherever_it_resolves() {
        assertRefused("SELECT s.to_json FROM (SELECT 1 AS to_json) s", Rule.ALLOWED_FUNCTIONS, "may be a call on the whole row");
        assertRefused("WITH c AS (SELECT sku AS pg_typeof FROM products) SELECT c.pg_typeof FROM c", Rule.ALLOWED_FUNCTIONS,
                "may be a call on the whole row");
        assertRefused("SELECT s.record_out FROM (SELECT 1 AS record_out) s", Rule.ALLOWED_FUNCTIONS, "may be a call");
        assertRefused("SELECT s.hash_record FROM (SELECT 1 AS hash_record) s", Rule.ALLOWED_FUNCTIONS, "may be a call");
    }

    @Test
    void trusts_a_one_argument_unnest_only_over_a_view_column() {
        assertRefused("SELECT t.t FROM products p, unnest(ARRAY[p.sku]) AS t", Rule.ALLOWED_FUNCTIONS, "is not a column");
        assertThat(guard.check("SELECT tags.tags FROM products p, unnest(p.tags) AS tags").views()).containsExactly("products");
        assertThat(guard.check("SELECT t.tag FROM products p, unnest(p.tags) AS t(tag)").views()).containsExactly("products");
    }

    @Test
    void still_accepts_aliases_without_column_lists_and_joins_without_an_alias() {
        assertThat(guard.check("SELECT s.n, p.sku FROM (SELECT count(*) AS n FROM drifts) AS s "
                + "CROSS JOIN (products p JOIN current_prices c ON c.product_id = p.product_id)").views())
                .containsExactlyInAnyOrder("drifts", "products", "current_prices");
    }

    @Test
    void no_column_of_a_copilot_view_is_taken_for_a_call() {
        Allowed.COLUMNS.forEach((view, columns) -> assertThat(columns).as(view).noneMatch(RowCallNames::couldCall));
    }

    private void assertRefused(String sql, Rule rule, String reason) {
        assertThatThrownBy(() -> guard.check(sql)).isInstanceOfSatisfying(Refused.class, refused -> {
            assertThat(refused.rule()).isEqualTo(rule);
            assertThat(refused.getMessage()).contains(reason);
        });
    }
}
