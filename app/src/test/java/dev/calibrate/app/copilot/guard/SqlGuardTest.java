package dev.calibrate.app.copilot.guard;

import dev.calibrate.app.copilot.guard.Refused.Rule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The guard alone, against the statements public text-to-SQL tools were broken with: each is refused,
 * and by the rule that should refuse it. (CopilotDatabaseDefenceTest runs the same kinds of statement
 * past the guard, straight on the copilot's connection.)
 */
class SqlGuardTest {

    private final SqlGuard guard = new SqlGuard(1000);

    static Stream<Arguments> hostile() {
        return Stream.of(
                arguments("SELECT set_config('app.tenant_id', '00000000-0000-0000-0000-000000000000', false)", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT sku FROM products WHERE set_config('app.tenant_id', 'x', true) IS NOT NULL", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT current_setting('app.tenant_id')", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT pg_read_file('/etc/passwd')", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT pg_ls_dir('.')", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT lo_import('/etc/passwd')", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT lo_from_bytea(0, 'x')", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT setval('domainevententry_globalindex_seq', 1)", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT nextval('domainevententry_globalindex_seq')", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT pg_sleep(10)", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT \"pg_sleep\"(10)", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT pg_catalog.now()", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT dblink_exec('host=evil', 'DROP TABLE product_view')", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT pg_advisory_lock(1)", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT query_to_xml('select * from user_account', true, true, '')", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT txid_current()", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT * FROM generate_series(1, 1000000000)", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT sku FROM products CROSS JOIN LATERAL pg_ls_dir('.') AS f", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT vendor FROM products GROUP BY vendor HAVING pg_sleep(1) IS NULL", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT sku, row_number() OVER (PARTITION BY pg_backend_pid()) FROM products", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT sku FROM products ORDER BY pg_sleep(1)", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT * INTO stolen FROM products", Rule.NO_INTO),
                arguments("SELECT * FROM products FOR UPDATE", Rule.NO_LOCKING),
                arguments("SELECT * FROM products FOR SHARE", Rule.NO_LOCKING),
                arguments("SELECT * FROM (SELECT * FROM products FOR UPDATE) p", Rule.NO_LOCKING),
                arguments("SELECT 1; DROP TABLE product_view", Rule.ONE_STATEMENT),
                arguments("SELECT 1 /* ; */ ; DELETE FROM product_view", Rule.ONE_STATEMENT),
                arguments("SELECT 1 --\n; DELETE FROM product_view", Rule.ONE_STATEMENT),
                arguments("WITH d AS (DELETE FROM product_view RETURNING *) SELECT * FROM d", Rule.SELECT_ONLY),
                arguments("DELETE FROM products", Rule.SELECT_ONLY),
                arguments("UPDATE products SET title = 'x'", Rule.SELECT_ONLY),
                arguments("INSERT INTO products (sku) VALUES ('x')", Rule.SELECT_ONLY),
                arguments("SELECT * FROM public.user_account", Rule.ALLOWED_VIEWS),
                arguments("SELECT * FROM user_account", Rule.ALLOWED_VIEWS),
                arguments("SELECT * FROM domainevententry", Rule.ALLOWED_VIEWS),
                arguments("SELECT * FROM copilot.binding", Rule.ALLOWED_VIEWS),
                arguments("SELECT * FROM pg_catalog.pg_authid", Rule.ALLOWED_VIEWS),
                arguments("SELECT * FROM products UNION SELECT * FROM pg_user", Rule.ALLOWED_VIEWS),
                arguments("SELECT sku FROM products ORDER BY (SELECT count(*) FROM domainevententry)", Rule.ALLOWED_VIEWS),
                arguments("SELECT sku FROM products WHERE EXISTS (SELECT 1 FROM public.api_credential)", Rule.ALLOWED_VIEWS),
                arguments("SELECT (SELECT passwd FROM pg_shadow LIMIT 1)", Rule.ALLOWED_VIEWS),
                arguments("SELECT vendor FROM products GROUP BY vendor HAVING count(*) > (SELECT count(*) FROM api_credential)", Rule.ALLOWED_VIEWS),
                arguments("SELECT * FROM prоducts", Rule.ALLOWED_VIEWS), // Cyrillic о
                arguments("SELECT * FROM products\u200B; DELETE FROM product_view", Rule.CHARACTERS),
                arguments("SELECT sku FROM products WHERE title = 'a\u202E'", Rule.CHARACTERS),
                arguments("SELECT sku FROM products WHERE title = U&'\\0041'", Rule.PLAIN_LITERALS),
                arguments("SELECT * FROM products FETCH FIRST 5000 ROWS ONLY", Rule.LIMIT),
                // review of issue 16, 1a: a CTE name PostgreSQL reads differently, or out of its scope
                arguments("WITH \"PG_ROLES\" AS (SELECT 1 AS x) SELECT rolname FROM pg_roles", Rule.ALLOWED_VIEWS),
                arguments("WITH PG_ROLES AS (SELECT 1 AS x) SELECT rolname FROM pg_roles", Rule.ALLOWED_VIEWS),
                arguments("WITH \"V\" AS (SELECT sku FROM products) SELECT * FROM v", Rule.ALLOWED_VIEWS),
                arguments("WITH v AS (SELECT sku FROM products) SELECT * FROM \"V\"", Rule.ALLOWED_VIEWS),
                arguments("SELECT s.x, a.query FROM (WITH pg_stat_activity AS (SELECT 1 AS x) SELECT x FROM pg_stat_activity) s "
                        + "CROSS JOIN pg_stat_activity a", Rule.ALLOWED_VIEWS),
                arguments("SELECT s.x, a.password_hash FROM (WITH user_account AS (SELECT 1 AS x) SELECT x FROM user_account) s "
                        + "CROSS JOIN user_account a", Rule.ALLOWED_VIEWS),
                arguments("WITH a AS (SELECT * FROM user_account), user_account AS (SELECT 1 AS x) SELECT * FROM a", Rule.ALLOWED_VIEWS),
                // 1b: subqueries in special arguments and window frames
                arguments("SELECT substring(sku FROM (SELECT min(query) FROM pg_stat_activity)) FROM products", Rule.ALLOWED_VIEWS),
                arguments("SELECT position((SELECT min(rolname) FROM pg_roles) IN sku) FROM products", Rule.ALLOWED_VIEWS),
                arguments("SELECT sum(1) OVER w FROM products WINDOW w AS (ORDER BY sku ROWS BETWEEN "
                        + "(SELECT count(*) FROM pg_roles) PRECEDING AND CURRENT ROW)", Rule.ALLOWED_VIEWS),
                // 2: functions whose result outgrows their arguments
                arguments("SELECT string_agg(title, ',') FROM products", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT array_agg(title) FROM products", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT concat(title, title) FROM products", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT concat_ws(',', title, title) FROM products", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT replace(title, 'a', title) FROM products", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT repeat(title, 1000000) FROM products", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT lpad(title, 100000000) FROM products", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT regexp_replace(title, 'a', title, 'g') FROM products", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT string_to_array(title, '') FROM products", Rule.ALLOWED_FUNCTIONS),
                // 4: casts only to plain types
                arguments("SELECT 'pg_authid'::regclass", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT CAST('pg_authid' AS regclass)", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT (sku)::xml FROM products", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT 'now'::pg_catalog.text", Rule.ALLOWED_FUNCTIONS),
                // 2: a recursive CTE can grow without bound
                arguments("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r",
                        Rule.SELECT_ONLY),
                // review of issue 16, item 3: field notation is a call on the whole row
                arguments("SELECT p.to_json FROM products p", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT (p).to_jsonb FROM products p", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT ((p)).to_jsonb FROM products p", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT p.row_to_json FROM products p", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT p.text FROM products p", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT products.to_json FROM products", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT copilot.products.to_json FROM copilot.products", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT sku FROM products p WHERE p.to_json::text LIKE '%x%'", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT sku FROM products p ORDER BY p.to_jsonb", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT s.to_json FROM (SELECT sku FROM products) s", Rule.ALLOWED_FUNCTIONS),
                arguments("WITH c AS (SELECT sku FROM products), d AS (SELECT sku AS to_json FROM products) "
                        + "SELECT c.to_json FROM c", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT x.to_json FROM products p", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT p.sku.to_json FROM products p", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT p.sku FROM products p WHERE EXISTS (SELECT 1 FROM drifts d WHERE d.to_json IS NULL)",
                        Rule.ALLOWED_FUNCTIONS),
                // a table function of two columns has no column named as its alias
                arguments("SELECT to_json.to_json FROM products p, unnest(p.tags, p.tags) AS to_json",
                        Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT t.to_json FROM products p, unnest(p.tags, p.tags) AS t", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT t.to_json FROM products p, unnest(p.tags) AS t(a)", Rule.ALLOWED_FUNCTIONS),
                // a CTE named as a function does not make the function callable, and calls and casts hide neither
                // in an array subscript, an AT TIME ZONE zone nor a LIKE's ESCAPE (the library's walk skips them)
                arguments("WITH set_config AS (SELECT 1 AS x) SELECT now() AT TIME ZONE "
                        + "set_config('work_mem', '1GB', false) FROM set_config", Rule.ALLOWED_FUNCTIONS),
                arguments("WITH current_setting AS (SELECT 1 AS x) SELECT sku FROM products WHERE 'a' LIKE 'b' "
                        + "ESCAPE left(current_setting('data_directory'), 1)", Rule.ALLOWED_FUNCTIONS),
                arguments("WITH query_to_xml AS (SELECT 1 AS x) SELECT (ARRAY[1, 2])[length(query_to_xml("
                        + "'select pg_terminate_backend(pid) from pg_stat_activity', true, true, '')::text)] "
                        + "FROM query_to_xml", Rule.ALLOWED_FUNCTIONS),
                arguments("WITH x AS (SELECT 1 AS x) SELECT (ARRAY[1, 2])[('pg_authid'::regclass)::oid::integer] FROM x",
                        Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT sku FROM products WHERE tags[1:length(query_to_xml('select 1', true, true, ''))] "
                        + "IS NOT NULL", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT sku FROM products WHERE created_at AT TIME ZONE ('UTC'::regclass)::text IS NULL",
                        Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT sku FROM products WHERE sku LIKE 'a' ESCAPE ('x'::regrole)::text",
                        Rule.ALLOWED_FUNCTIONS),
                // typed literals of catalog types, with or without a space, and the TABLE form
                arguments("SELECT regclass 'pg_authid'", Rule.PLAIN_LITERALS),
                arguments("SELECT regproc 'pg_sleep'", Rule.PLAIN_LITERALS),
                arguments("SELECT regrole 'postgres'", Rule.PLAIN_LITERALS),
                arguments("SELECT xml '<a/>'", Rule.PLAIN_LITERALS),
                arguments("TABLE copilot.products", Rule.SYNTAX),
                // a second review: a parenthesized main query kept the scan "in the WITH list", where a CTE's name
                // before a parenthesis passed for its column list, and IS UNKNOWN's operand went unwalked
                arguments("WITH query_to_xml AS (SELECT 1 AS a) (SELECT sku FROM copilot.products) ORDER BY 1, "
                        + "query_to_xml('select rolname from pg_roles', true, true, '')::text::boolean IS UNKNOWN",
                        Rule.ALLOWED_FUNCTIONS),
                arguments("WITH v(a) AS (SELECT sku FROM products) SELECT v.a FROM v", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT sku FROM products WHERE (CAST('pg_authid' AS regclass) IS NULL) IS UNKNOWN",
                        Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT sku FROM products WHERE (CAST('<a/>' AS xml) IS NULL) IS UNKNOWN",
                        Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT sku FROM products WHERE ('pg_authid'::\"regclass\" IS NULL) IS UNKNOWN",
                        Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT tags[CAST(CAST('pg_authid' AS regclass) AS integer)] FROM products",
                        Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT p.tags[length(query_to_xml('select 1', true, true, ''))] FROM products p",
                        Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT sku FROM products p WHERE (p.row_to_json::text = 'x') IS UNKNOWN",
                        Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT sku FROM products p WHERE (p.to_json IS NULL) IS UNKNOWN", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT (SELECT sku FROM products FETCH FIRST (CAST(CAST('pg_authid' AS regclass) AS integer))"
                        + " ROWS ONLY) FROM products", Rule.LIMIT),
                // a third review: the right operand of a JSON operator is not walked, a quoted type before a text
                // is a typed literal to PostgreSQL and a column with an alias to the parser, and some functions
                // are called without parentheses
                arguments("WITH j AS (SELECT \"jsonb\" '{}') SELECT jsonb ->> (SELECT min(p.to_json::text) "
                        + "FROM copilot.products p) FROM j", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT p.reasons ->> (SELECT min(password_hash) FROM user_account) "
                        + "FROM price_change_items p", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT p.reasons #>> (SELECT min(s.p::text) FROM copilot.products s) "
                        + "FROM price_change_items p", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT \"regclass\" 'pg_authid'", Rule.PLAIN_LITERALS),
                arguments("SELECT sku, \"regrole\" 'postgres' FROM products", Rule.PLAIN_LITERALS),
                arguments("WITH a AS (SELECT \"regclass\" 'pg_authid') SELECT * FROM a", Rule.PLAIN_LITERALS),
                arguments("SELECT current_user FROM products", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT session_user, current_schema FROM products", Rule.ALLOWED_FUNCTIONS),
                arguments("SELECT sku FROM products WHERE sku <> current_catalog", Rule.ALLOWED_FUNCTIONS));
    }

    @ParameterizedTest(name = "[{index}] {1}: {0}")
    @MethodSource("hostile")
    void refuses_by_the_rule_that_applies(String sql, Rule rule) {
        assertThatThrownBy(() -> guard.check(sql))
                .isInstanceOfSatisfying(Refused.class, refused -> assertThat(refused.rule()).isEqualTo(rule));
    }

    static Stream<String> unreadable() {
        return Stream.of(
                "SЕLECT * FROM products", // Cyrillic Е
                "SELECT E'\\'', pg_sleep(1) --'",
                "SELECT $$x$$, pg_sleep(1)",
                "EXPLAIN ANALYZE SELECT 1",
                // the library's own walk fails on this frame: refused, not a 5xx
                "SELECT sum(1) OVER (ORDER BY sku ROWS (SELECT count(*) FROM pg_roles) PRECEDING) FROM products",
                "SET app.tenant_id = 'x'",
                "COPY product_view TO '/tmp/x'",
                "",
                "x".repeat(SqlGuard.MAX_LENGTH + 1));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("unreadable")
    void refuses_what_is_not_one_plain_select(String sql) {
        assertThatThrownBy(() -> guard.check(sql)).isInstanceOf(Refused.class);
    }

    @Test
    void runs_what_it_parsed_not_what_it_was_given() {
        GuardedSql guarded = guard.check("SELECT sku FROM products -- ; DELETE FROM product_view");

        assertThat(guarded.sql()).doesNotContain("DELETE").doesNotContain("--").contains("copilot.products");
        assertThat(guarded.views()).containsExactly("products");
    }

    @Test
    void limits_every_answer_to_one_row_more_than_it_shows() {
        assertThat(guard.check("SELECT sku FROM products").sql()).endsWith("LIMIT 1001");
        assertThat(guard.check("SELECT sku FROM products LIMIT 100000").sql()).endsWith("LIMIT 1001");
        assertThat(guard.check("SELECT sku FROM products LIMIT ALL").sql()).endsWith("LIMIT 1001");
        assertThat(guard.check("SELECT sku FROM products LIMIT 5").sql()).endsWith("LIMIT 5");
    }

    @Test
    void accepts_ctes_set_operations_and_qualified_views() {
        GuardedSql guarded = guard.check("WITH v AS (SELECT vendor FROM copilot.products) "
                + "SELECT vendor, count(*) FROM v GROUP BY vendor "
                + "UNION ALL SELECT 'drifts', count(*) FROM drifts WHERE state = 'OPEN'");

        assertThat(guarded.views()).isEqualTo(Set.of("products", "drifts"));
        assertThat(guarded.sql()).contains("copilot.drifts").doesNotContain(" v.");
    }

    @Test
    void accepts_the_forms_whose_parts_the_guard_now_walks_itself() {
        assertThat(guard.check("WITH a AS (SELECT sku AS x FROM products), b AS (SELECT x AS y FROM a) SELECT y FROM b")
                .views()).containsExactly("products");
        assertThat(guard.check("SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY amount), "
                + "CAST(amount AS numeric(10, 2)), valid_from::timestamp(0) FROM current_prices").views())
                .containsExactly("current_prices");
        assertThat(guard.check("SELECT avg(amount)::float, avg(amount)::double precision, CAST(count(*) AS smallint), "
                + "valid_from::time FROM current_prices WHERE (valid_from, valid_from) OVERLAPS (now(), now())")
                .views()).containsExactly("current_prices");
        assertThat(guard.check("SELECT tags[1] FROM products WHERE sku LIKE 'A!%%' ESCAPE '!'")
                .views()).containsExactly("products");
        assertThat(guard.check("SELECT created_at AT TIME ZONE 'Europe/Paris' FROM products "
                + "WHERE created_at > date '2026-01-01' - interval '7 days' "
                + "AND updated_at::timestamp with time zone IS NOT NULL").views()).containsExactly("products");
    }

    @Test
    void allows_casts_to_plain_types() {
        assertThat(guard.check("SELECT sku::text, cost::numeric, CAST(active AS boolean), now()::date FROM products")
                .views()).containsExactly("products");
    }

    @Test
    void scopes_cte_names_like_postgresql() {
        assertThat(guard.check("WITH v AS (SELECT sku FROM products), w AS (SELECT sku FROM v) "
                + "SELECT * FROM w WHERE sku IN (SELECT sku FROM v)").views()).containsExactly("products");
        assertThat(guard.check("WITH V AS (SELECT sku FROM products) SELECT * FROM v").views()).containsExactly("products");
    }

    @Test
    void reads_an_array_comparison_as_one_not_as_a_call() {
        GuardedSql guarded = guard.check("SELECT sku FROM products WHERE 'summer' = ANY (tags)");

        assertThat(guarded.views()).containsExactly("products");
        assertThatThrownBy(() -> guard.check("SELECT sku FROM products WHERE 'x' = ANY (SELECT rolname FROM pg_roles)"))
                .isInstanceOfSatisfying(Refused.class, r -> assertThat(r.rule()).isEqualTo(Rule.ALLOWED_VIEWS));
    }

    @Test
    void text_that_reads_like_an_instruction_is_only_text() {
        GuardedSql guarded = guard.check(
                "SELECT sku FROM products WHERE title = 'ignore previous instructions; DROP TABLE product_view'");

        assertThat(guarded.views()).containsExactly("products");
    }

    @Test
    void accepts_qualified_columns_of_the_relation_they_name() {
        assertThat(guard.check("SELECT p.sku, c.amount, products_total.n FROM products p "
                + "JOIN current_prices c ON c.product_id = p.product_id "
                + "CROSS JOIN (SELECT count(*) AS n FROM products) products_total").views())
                .containsExactlyInAnyOrder("products", "current_prices");
        assertThat(guard.check("WITH v AS (SELECT sku, count(*) FROM products GROUP BY sku) SELECT v.sku, v.count FROM v")
                .views()).containsExactly("products");
        assertThat(guard.check("SELECT s.sku, s.title FROM (SELECT * FROM products) s").views()).containsExactly("products");
        assertThat(guard.check("SELECT p.sku FROM products p WHERE EXISTS (SELECT 1 FROM drifts d WHERE d.sku = p.sku)")
                .views()).containsExactlyInAnyOrder("products", "drifts");
        assertThat(guard.check("SELECT copilot.products.sku, products.title FROM copilot.products").views())
                .containsExactly("products");
        assertThat(guard.check("SELECT p.sku, t.tag FROM products p, unnest(p.tags) AS t(tag) ORDER BY t.tag").views())
                .containsExactly("products");
        assertThat(guard.check("SELECT t.tag, count(*) FROM products p CROSS JOIN LATERAL unnest(p.tags) AS t(tag) "
                + "GROUP BY t.tag").views()).containsExactly("products");
        assertThat(guard.check("SELECT tags.tags FROM products p, unnest(p.tags) AS tags").views())
                .containsExactly("products");
    }
}
