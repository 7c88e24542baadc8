package dev.calibrate.app.copilot.guard;

import dev.calibrate.app.copilot.guard.Refused.Rule;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What PostgreSQL cannot interrupt: planning nested query levels (the 4th review's 26 CTEs crashed the
 * cluster) and parsing deep nesting. The guard caps both before parsing and prints every level fenced.
 * (CopilotPlanningTest runs the fenced statements on the database.)
 */
class PlanningCostTest {

    private final SqlGuard guard = new SqlGuard(1000);

    /** The review's chain: {@code c0 … c<levels>}, each level doubling the expression of the one before. */
    static String cteChain(int levels, String doubled) {
        StringBuilder sql = new StringBuilder("WITH c0 AS (SELECT amount AS x FROM current_prices)");
        for (int i = 1; i <= levels; i++) {
            sql.append(", c").append(i).append(" AS (SELECT ").append(doubled).append(" AS x FROM c").append(i - 1).append(')');
        }
        return sql.append(" SELECT count(x) FROM c").append(levels).toString();
    }

    /** {@code SELECT x + x AS x FROM (SELECT x + x AS x FROM ( … (SELECT amount AS x FROM current_prices) s0 …) s<levels>}. */
    static String subqueryChain(int levels) {
        String sql = "SELECT amount AS x FROM current_prices";
        for (int i = 0; i < levels; i++) {
            sql = "SELECT x + x AS x FROM (" + sql + ") s" + i;
        }
        return sql;
    }

    @Test
    void refuses_the_reviews_chains_of_query_levels_before_parsing() {
        assertRefused(cteChain(26, "x || x"), "more than 12 SELECTs");
        assertRefused(cteChain(20, "x + x"), "more than 12 SELECTs");
        assertRefused(subqueryChain(19), "more than 12 SELECTs");
    }

    @Test
    void refuses_deep_nesting_quickly_instead_of_parsing_it_for_seconds() {
        String arrays = "SELECT " + "ARRAY[".repeat(40) + "1" + "]".repeat(40);
        String subqueries = "SELECT " + "(SELECT ".repeat(50) + "1" + ")".repeat(50);
        long started = System.nanoTime();

        assertRefused(arrays, "nested more than 12 deep");
        assertRefused(subqueries, "more than 12 SELECTs");
        assertRefused("SELECT " + "(".repeat(20) + "1" + ")".repeat(20), "nested more than 12 deep");

        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(500);
    }

    @Test
    void does_not_count_what_stands_in_a_text_or_a_quoted_name() {
        String words = "SELECT sku FROM products WHERE title = '" + "select ((((".repeat(20) + "'";

        assertThat(guard.check(words).views()).containsExactly("products");
    }

    @Test
    void prints_every_cte_materialized_and_every_subquery_in_from_fenced() {
        String printed = guard.check("WITH a AS (SELECT sku AS x FROM products), b AS (SELECT x FROM a) "
                + "SELECT s.x, t.sku, l.n FROM (SELECT x FROM b) s "
                + "JOIN (SELECT sku FROM products ORDER BY sku) t ON t.sku = s.x "
                + "CROSS JOIN LATERAL (SELECT count(*) AS n FROM drifts d WHERE d.sku = t.sku) l "
                + "WHERE s.x IN (SELECT y.x FROM (SELECT x FROM a) y)").sql();

        assertThat(printed).contains("a AS MATERIALIZED (SELECT", "b AS MATERIALIZED (SELECT",
                "(SELECT x FROM b OFFSET 0) s", "ORDER BY sku OFFSET 0) t", "d.sku = t.sku OFFSET 0) l",
                "(SELECT x FROM a OFFSET 0) y");
    }

    @Test
    void never_runs_a_cte_not_materialized() {
        // JSqlParser 5.3 does not read NOT MATERIALIZED: refused, never printed as MATERIALIZED by mistake
        assertThatThrownBy(() -> guard.check("WITH a AS NOT MATERIALIZED (SELECT sku FROM products) SELECT sku FROM a"))
                .isInstanceOfSatisfying(Refused.class, refused -> assertThat(refused.rule()).isEqualTo(Rule.SYNTAX));
    }

    @Test
    void keeps_a_subquerys_own_limit_or_offset() {
        String printed = guard.check("SELECT s.sku FROM (SELECT sku FROM products LIMIT 5) s "
                + "JOIN (SELECT sku FROM drifts OFFSET 2) d ON d.sku = s.sku").sql();

        assertThat(printed).contains("(SELECT sku FROM copilot.products LIMIT 5) s",
                "(SELECT sku FROM copilot.drifts OFFSET 2) d").doesNotContain("OFFSET 0");
    }

    @Test
    void accepts_a_question_with_a_few_levels() {
        assertThat(guard.check(cteChain(10, "x + x")).sql()).contains("c10 AS MATERIALIZED");
        assertThat(guard.check(subqueryChain(10)).sql()).contains("OFFSET 0) s9");
    }

    private void assertRefused(String sql, String reason) {
        assertThatThrownBy(() -> guard.check(sql)).isInstanceOfSatisfying(Refused.class, refused -> {
            assertThat(refused.rule()).isEqualTo(Rule.COST);
            assertThat(refused.getMessage()).contains(reason);
        });
    }
}
