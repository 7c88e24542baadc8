package dev.calibrate.app.copilot.guard;

import dev.calibrate.app.copilot.guard.Refused.Rule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The 4th review's list of statements the guard already refused, kept so that it goes on refusing them,
 * and its "surprising" findings: forms of other dialects refused with a reason, a UNION's trailing LIMIT
 * applied to the union, a quoted name that is not a view's never rewritten into one.
 */
class FourthReviewTest {

    private final SqlGuard guard = new SqlGuard(1000);

    static Stream<String> refusedAlready() {
        String catalog = "(SELECT count(*) FROM pg_class)";
        return Stream.of(
                "SELECT p . to_json FROM products p",
                "SELECT sku FROM products p, LATERAL (SELECT p.to_json) x",
                "SELECT p.sku FROM products p JOIN drifts d USING (sku) AS j",
                "SELECT * FROM ROWS FROM (unnest(ARRAY[1]))",
                "SELECT DISTINCT FROM pg_roles WHERE rolname LIKE 'p%'",
                "SELECT FROM pg_roles",
                "SELECT ALL FROM pg_roles",
                "SELECT DISTINCT ON (1) FROM pg_roles",
                "SELECT sku FROM products LIMIT " + catalog,
                "SELECT sku FROM products OFFSET " + catalog,
                "SELECT count(*) FILTER (WHERE " + catalog + " > 0) FROM products",
                "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY " + catalog + ") FROM products",
                "SELECT DISTINCT ON (" + catalog + ") sku FROM products",
                "SELECT sku FROM products GROUP BY sku, " + catalog,
                "SELECT sku FROM products ORDER BY " + catalog,
                "SELECT sku FROM products WHERE sku IS DISTINCT FROM " + catalog + "::text",
                "SELECT sku FROM products WHERE 1 BETWEEN 0 AND " + catalog,
                "SELECT sku FROM products WHERE sku LIKE ANY (SELECT relname FROM pg_class)",
                "SELECT sku FROM products WHERE sku ~ (SELECT min(relname) FROM pg_class)",
                "SELECT sku FROM products WHERE sku SIMILAR TO 'a' ESCAPE (SELECT min(relname) FROM pg_class)",
                "SELECT created_at AT TIME ZONE (SELECT min(relname) FROM pg_class) FROM products",
                "SELECT trim(both (SELECT min(relname) FROM pg_class) FROM sku) FROM products",
                "SELECT substring(sku, " + catalog + "::integer) FROM products",
                "SELECT tags[" + catalog + "] FROM products",
                "SELECT tags[1:" + catalog + "] FROM products",
                "SELECT (ARRAY[1, 2])[" + catalog + "] FROM products",
                "SELECT " + catalog + " ISNULL FROM products",
                "SELECT " + catalog + " NOTNULL FROM products",
                "SELECT (" + catalog + " > 0) IS TRUE FROM products",
                "SELECT NOT (" + catalog + " > 0) FROM products",
                "SELECT -" + catalog + " FROM products",
                "SELECT " + catalog + " % 2 FROM products",
                "SELECT GREATEST(1, " + catalog + ") FROM products",
                "SELECT CASE WHEN " + catalog + " > 0 THEN 1 END FROM products",
                "SELECT ARRAY[" + catalog + "] FROM products",
                "SELECT EXTRACT(YEAR FROM (SELECT min(now()) FROM pg_class)) FROM products",
                "SELECT sku FROM products WHERE (sku, title) IN (SELECT relname, relname FROM pg_class)",
                "VALUES ((SELECT count(*) FROM pg_class))",
                "SELECT * FROM (VALUES (1)) v(a)",
                "SELECT sku FROM products FOR KEY SHARE",
                "SELECT sku FROM products FOR NO KEY UPDATE",
                "SELECT p.sku FROM products p, drifts d WHERE p.sku = d.sku(+)",
                "SELECT sku FROM products TABLESAMPLE SYSTEM (50)",
                "SELECT ROW(sku, title) FROM products",
                "SELECT 1 OPERATOR(pg_catalog.+) 1",
                "SELECT pg_class.relname FROM products pg_roles, pg_class");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("refusedAlready")
    void stillRefuses(String sql) {
        assertThatThrownBy(() -> guard.check(sql)).isInstanceOf(Refused.class);
    }

    @Test
    void applies_a_unions_trailing_limit_to_the_whole_union_once() {
        String printed = guard.check("SELECT sku FROM products UNION SELECT sku FROM drifts LIMIT 10").sql();

        assertThat(printed).endsWith("SELECT sku FROM copilot.drifts LIMIT 10");
        assertThat(printed.split("LIMIT", -1)).hasSize(2);
        assertThat(guard.check("SELECT sku FROM products UNION ALL SELECT sku FROM drifts LIMIT 5000").sql())
                .endsWith("LIMIT 1001").doesNotContain("5000");
    }

    @Test
    void refuses_other_dialects_with_a_reason() {
        assertRefused("SELECT sku FROM products LIMIT 5, 10", Rule.LIMIT, "write LIMIT count OFFSET offset");
        assertRefused("SELECT TOP 5 sku FROM products", Rule.LIMIT, "TOP, FIRST and SKIP are not PostgreSQL");
        assertRefused("SELECT sku FROM products START WITH sku = 'A' CONNECT BY PRIOR sku = title", Rule.SYNTAX,
                "CONNECT BY is not PostgreSQL");
        assertRefused("SELECT sku, row_number() OVER (ORDER BY sku) AS n FROM products QUALIFY n = 1", Rule.SYNTAX,
                "QUALIFY is not PostgreSQL");
    }

    @Test
    void says_what_a_slice_is_taken_for() {
        assertRefused("SELECT tags[1:(SELECT 2)] FROM products", Rule.ALLOWED_FUNCTIONS, "array slices x[a:b]");
    }

    @Test
    void never_rewrites_a_quoted_name_that_is_not_exactly_a_view() {
        assertRefused("SELECT sku FROM \"PRODUCTS\"", Rule.ALLOWED_VIEWS, "quoted, a name is read exactly");
        assertRefused("SELECT sku FROM \"COPILOT\".products", Rule.ALLOWED_VIEWS, "quoted, a name is read exactly");
        assertThat(guard.check("SELECT sku FROM \"products\"").sql()).contains("FROM copilot.products");
        assertThat(guard.check("SELECT sku FROM PRODUCTS").sql()).contains("FROM copilot.products");
    }

    private void assertRefused(String sql, Rule rule, String reason) {
        assertThatThrownBy(() -> guard.check(sql)).isInstanceOfSatisfying(Refused.class, refused -> {
            assertThat(refused.rule()).isEqualTo(rule);
            assertThat(refused.getMessage()).contains(reason);
        });
    }
}
