package dev.calibrate.app.copilot.guard.scan;

import dev.calibrate.app.copilot.guard.Refused;
import dev.calibrate.app.copilot.guard.Refused.Rule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The second reading on its own, as if the parser's walk had let a relation through: in the printed text,
 * every relation after FROM, JOIN or a FROM list's comma is {@code copilot.<view>} or a CTE of the statement,
 * and no name is qualified by another schema.
 */
class PrintedSqlScanTest {

    static Stream<String> relationsTheWalkMissed() {
        return Stream.of(
                "SELECT * FROM pg_roles",
                "SELECT * FROM pg_catalog.pg_authid",
                "SELECT * FROM public.user_account",
                "SELECT * FROM copilot.binding",
                "SELECT * FROM products",
                "SELECT * FROM \"copilot\".\"binding\"",
                "SELECT * FROM copilot.products p, pg_roles r",
                "SELECT * FROM copilot.products p JOIN public.api_credential a ON true",
                "SELECT * FROM copilot.products p LEFT JOIN LATERAL pg_stat_activity a ON true",
                "SELECT * FROM ONLY pg_roles",
                "SELECT * FROM (pg_roles)",
                "SELECT * FROM (copilot.products p JOIN pg_roles r ON true)",
                "SELECT * FROM copilot.products WHERE EXISTS (SELECT 1 FROM user_account)",
                "SELECT substring(sku FROM (SELECT min(query) FROM pg_stat_activity)) FROM copilot.products",
                "SELECT pg_catalog.pg_roles.rolname FROM copilot.products",
                "SELECT public.user_account.email FROM copilot.products",
                "SELECT copilot.binding.tenant_id FROM copilot.products",
                "SELECT a.b.c.d FROM copilot.products");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("relationsTheWalkMissed")
    void refusesARelationThatIsNotACopilotViewOrACte(String printed) {
        assertThatThrownBy(() -> PrintedSqlScan.scan(printed, Set.of("v")))
                .isInstanceOfSatisfying(Refused.class, refused -> org.assertj.core.api.Assertions
                        .assertThat(refused.rule()).isEqualTo(Rule.ALLOWED_VIEWS));
    }

    @Test
    void refusesAFieldOfAParenthesizedExpression() {
        assertThatThrownBy(() -> PrintedSqlScan.scan("SELECT (p).to_json FROM copilot.products p", Set.of()))
                .isInstanceOf(Refused.class);
        assertThatThrownBy(() -> PrintedSqlScan.scan("SELECT p . to_json FROM copilot.products p", Set.of()))
                .isInstanceOf(Refused.class);
    }

    @Test
    void acceptsViewsCtesAndTheFromsThatNameNoRelation() {
        assertThatCode(() -> PrintedSqlScan.scan("SELECT p.sku FROM copilot.products AS p "
                + "JOIN copilot.drifts d ON d.sku = p.sku, copilot.current_prices c "
                + "WHERE p.sku IS DISTINCT FROM 'x' ORDER BY p.sku, c.amount LIMIT 1001", Set.of()))
                .doesNotThrowAnyException();
        assertThatCode(() -> PrintedSqlScan.scan("WITH v AS (SELECT sku FROM copilot.products) "
                + "SELECT * FROM v, LATERAL (SELECT 1 FROM copilot.drifts) x UNION SELECT sku FROM V", Set.of("v")))
                .doesNotThrowAnyException();
        assertThatCode(() -> PrintedSqlScan.scan("SELECT EXTRACT(year FROM created_at), substring(sku FROM 2 FOR 3), "
                + "Trim( BOTH 'x' FROM sku ), copilot.products.sku FROM copilot.products", Set.of()))
                .doesNotThrowAnyException();
        assertThatCode(() -> PrintedSqlScan.scan("SELECT * FROM (SELECT sku FROM copilot.products) s, "
                + "(copilot.products p JOIN copilot.drifts d ON true)", Set.of()))
                .doesNotThrowAnyException();
    }
}
