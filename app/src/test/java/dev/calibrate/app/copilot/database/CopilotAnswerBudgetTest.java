package dev.calibrate.app.copilot.database;

import dev.calibrate.app.copilot.CopilotSettings;
import dev.calibrate.app.copilot.guard.SqlGuard;
import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.kernel.tenant.TenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.unit.DataSize;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An answer is capped in bytes, not only in rows: statements that widen values ({@code ||}, numeric powers,
 * array concatenation) or multiply rows (cross joins) come back with every value cut to the value budget and
 * marked, and an answer that would pass its budget stops and says it was truncated. Since the 4th review the
 * guard refuses most widening forms itself (rule {@code cost}); they run here past it, as if it had a hole.
 */
class CopilotAnswerBudgetTest extends IntegrationTest {

    private static final int VALUE_BYTES = 64;
    private static final int ANSWER_BYTES = 400;

    @Autowired
    CopilotConnections connections;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CopilotSettings settings;
    @Autowired
    CopilotExecutor defaults;

    private final SqlGuard guard = new SqlGuard(1000);
    private CopilotExecutor small;
    private static TenantId wide;

    @BeforeEach
    void tenant() {
        small = new CopilotExecutor(connections, jdbc, new CopilotSettings(settings.statementTimeout(),
                settings.maxRows(), DataSize.ofBytes(VALUE_BYTES), DataSize.ofBytes(ANSWER_BYTES),
                settings.questionsPerMinute(), settings.maxInFlightPerTenant(), settings.db(), settings.llm()));
        if (wide == null) {
            wide = seed("Wide", 3);
        }
    }

    @Test
    void theDefaultsAreFourKilobytesAValueAndTwoMegabytesAnAnswer() {
        assertThat(settings.maxValueBytes()).isEqualTo(DataSize.ofKilobytes(4));
        assertThat(settings.maxAnswerBytes()).isEqualTo(DataSize.ofMegabytes(2));

        // 700 × "Wide-0" is 4,200 bytes: one value past the default budget
        ResultTable table = defaults.execute(wide, pastTheGuard("SELECT " + "sku || ".repeat(699)
                + "sku AS wide FROM products ORDER BY sku"));

        assertThat(table.rows()).hasSize(3);
        assertThat(table.rows()).allSatisfy(row -> assertCut(row.get(0), 4096));
    }

    @Test
    void aTextWidenedByConcatenationIsCutToTheValueBudgetAndMarked() {
        ResultTable table = small.execute(wide, pastTheGuard("SELECT sku, " + "title || ".repeat(20)
                + "title AS wide FROM products ORDER BY sku"));

        assertThat(table.rows()).hasSize(3);
        assertThat(table.rows()).extracting(row -> row.get(0)).containsExactly("Wide-0", "Wide-1", "Wide-2");
        assertThat(table.rows()).allSatisfy(row -> assertCut(row.get(1), VALUE_BYTES));
        assertThat(table.truncated()).isFalse();
    }

    @Test
    void aWideNumberOrArrayIsCutToo() {
        ResultTable table = small.execute(wide, pastTheGuard("SELECT power(10::numeric, 200) AS big, "
                + "tags || tags || tags || tags || tags || tags || tags || tags AS many, tags, cost_amount "
                + "FROM products ORDER BY sku LIMIT 1"));

        List<Object> row = table.rows().get(0);
        assertCut(row.get(0), VALUE_BYTES);
        assertCut(row.get(1), VALUE_BYTES);
        assertThat(row.get(2)).isEqualTo(List.of("wide-tag"));
        assertThat(row.get(3)).isEqualTo("4.5");
    }

    @Test
    void anAnswerStopsReadingAtItsByteBudgetAndSaysTruncated() {
        // 27 rows of 18 bytes: more than the 400 bytes the answer may hold
        ResultTable table = small.execute(wide, pastTheGuard("SELECT a.sku || b.sku || c.sku AS combo "
                + "FROM products a CROSS JOIN products b CROSS JOIN products c ORDER BY 1"));

        assertThat(table.truncated()).isTrue();
        assertThat(table.rows()).isNotEmpty().hasSizeLessThan(27);
        long bytes = table.rows().stream().mapToLong(row -> row.get(0).toString()
                .getBytes(StandardCharsets.UTF_8).length).sum();
        assertThat(bytes).isLessThanOrEqualTo(ANSWER_BYTES);
        assertThat(table.rows().get(0).get(0)).isEqualTo("Wide-0Wide-0Wide-0");
    }

    @Test
    void valuesWithinTheBudgetsComeBackWhole() {
        ResultTable table = small.execute(wide, guard.check("SELECT sku, title, active, cost_amount, created_at "
                + "FROM products ORDER BY sku").sql());

        assertThat(table.columns()).containsExactly("sku", "title", "active", "cost_amount", "created_at");
        assertThat(table.rows()).hasSize(3);
        assertThat(table.rows().get(0)).startsWith("Wide-0", "Product Wide-0", true, "4.5");
        assertThat(table.truncated()).isFalse();
    }

    /** The statement as the guard would print it, without asking the guard: its views schema-qualified. */
    private static String pastTheGuard(String sql) {
        return sql.replaceAll("\\bproducts\\b", "copilot.products");
    }

    private static void assertCut(Object value, int budget) {
        assertThat(value).isInstanceOf(String.class);
        String text = (String) value;
        assertThat(text.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(budget);
        assertThat(text).endsWith(CappedAnswer.CUT_MARK);
    }

    private TenantId seed(String name, int products) {
        Api.TenantToken owner = api.token(api.createTenant(name, "USD"), "catalog:read", "catalog:write");
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < products; i++) {
            items.add(PriceChangeSteps.product(name + "-" + i, "10.00", "4.50", "wide-tag"));
        }
        new PriceChangeSteps(api).catalog(owner.token(), items);
        return new TenantId(UUID.fromString(owner.tenantId()));
    }
}
