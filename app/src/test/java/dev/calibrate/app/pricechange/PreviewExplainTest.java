package dev.calibrate.app.pricechange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.app.graphql.GraphQlClient;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.Sql;
import dev.calibrate.command.pricechange.JdbcPreviewStore;
import dev.calibrate.command.pricechange.JdbcPreviewStore.Pending;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.query.pricechange.PriceChangeItemApi.PriceChangeItem;
import dev.calibrate.query.pricechange.PriceChangeItemQueries;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.pricechange.PriceChangeSteps.SUMMER_SALE;
import static dev.calibrate.app.pricechange.PriceChangeSteps.product;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A preview stores each item's explain as compact inputs and renders it when a page (or a run)
 * reads it: the page shows the explain the engine wrote before, and items stored before keep theirs.
 */
class PreviewExplainTest extends IntegrationTest {

    /** What the engine wrote for TS-1 (20.00, cost 8.00, tagged summer) under the summer sale, as stored before. */
    private static final String TS_1_EXPLAIN = """
            {"matched":["tags contains summer"],"steps":[\
            {"op":"percent","input":"20.00","output":"17.00","detail":"-15%"},\
            {"op":"round","input":"17.00","output":"16.99","detail":"charm ending 0.99, nearest (ties down)"},\
            {"op":"min_margin","input":"16.99","output":"16.99","detail":"cost 8.00, floor 9.60: ok"}],\
            "guardrails":[]}""";

    @Autowired
    JdbcPreviewStore store;

    @Autowired
    PriceChangeItemQueries items;

    @Autowired
    ObjectMapper mapper;

    @Autowired
    Environment env;

    private PriceChangeSteps steps;
    private Api.TenantToken manager;

    @BeforeEach
    void tenant() {
        steps = new PriceChangeSteps(api);
        manager = api.token(api.createTenant("Acme", "USD"), "catalog:read", "catalog:write", "prices:write");
        steps.catalog(manager.token(), List.of(product("TS-1", "20.00", "8.00", "summer"),
                product("TS-3", "44.00", null, "summer")));
    }

    @Test
    void aPageAndARunRenderTheExplainTheEngineWrote() throws Exception {
        String change = steps.draft(manager.token(), "Summer sale", SUMMER_SALE, Map.of());

        JsonNode preview = steps.preview(manager.token(), change);

        JsonNode ts1 = bySku(preview.get("items"), "TS-1");
        assertThat(ts1.get("explain")).isEqualTo(mapper.readTree(TS_1_EXPLAIN));
        assertThat(bySku(preview.get("items"), "TS-3").get("explain").get("steps").get(2).get("detail").asText())
                .isEqualTo("no cost in USD: margin not checked");
        List<Pending> pending = store.pending(new PriceChangeId(UUID.fromString(change)), RunKind.APPLY, JdbcPreviewStore.FROM_START, 10);
        assertThat(pending).hasSize(2);
        for (Pending item : pending) {
            assertThat((JsonNode) mapper.valueToTree(item.explain()))
                    .isEqualTo(bySku(preview.get("items"), sku(preview.get("items"), item)).get("explain"));
        }
        try (Sql worker = Sql.connect(env).as("calibrate_worker")) {
            assertThat(worker.query("SELECT explain, explain_inputs FROM price_change_item WHERE price_change_id = ?::uuid",
                    change)).as("no explain text stored per item, its inputs instead").hasSize(2)
                    .allSatisfy(row -> {
                        assertThat(row.get("explain")).isNull();
                        assertThat((String) row.get("explain_inputs")).hasSizeLessThan(80);
                    });
        }
    }

    @Test
    void aPreviewAgainNumbersItsItemsInTheOtherRangeAndPagesAndRunsStillReadThemInOrder() throws Exception {
        String change = steps.draft(manager.token(), "Summer sale", SUMMER_SALE, Map.of());
        PriceChangeId id = new PriceChangeId(UUID.fromString(change));
        List<String> firstOrder = skus(steps.preview(manager.token(), change).get("items"));
        assertThat(seqs(change)).containsExactly(0, 1);

        List<String> againOrder = skus(steps.preview(manager.token(), change).get("items"));

        assertThat(seqs(change)).as("the replaced rows' numbers are not reused in the same transaction")
                .containsExactly(1 << 30, (1 << 30) + 1);
        assertThat(againOrder).isEqualTo(firstOrder);
        assertThat(store.pending(id, RunKind.APPLY, JdbcPreviewStore.FROM_START, 10)).extracting(Pending::seq)
                .containsExactly(1 << 30, (1 << 30) + 1);
        steps.preview(manager.token(), change);
        assertThat(seqs(change)).as("and back").containsExactly(0, 1);
    }

    /**
     * A page and a GraphQL window read the hash of the preview their rows belong to beside the rows, in the
     * same statement, not the copy each row keeps (written for nodes of earlier releases): rows whose copy no
     * longer matches still render their explains with their preview's frame.
     */
    @Test
    void pagesAndWindowsReadTheHashOfTheirPreviewNotTheRowsCopy() throws Exception {
        String change = steps.draft(manager.token(), "Summer sale", SUMMER_SALE, Map.of());
        JsonNode preview = steps.preview(manager.token(), change);
        try (Sql owner = Sql.connect(env)) {
            owner.execute("UPDATE price_change_item SET preview_hash = '" + "0".repeat(64) + "' WHERE price_change_id = '"
                    + change + "'");
            assertThat(owner.count("SELECT count(*) FROM price_change_item WHERE price_change_id = ?::uuid"
                    + " AND preview_hash = ?", change, "0".repeat(64))).as("every row's copy differs").isEqualTo(2);
        }

        List<PriceChangeItem> page = items.firstPage(new TenantId(UUID.fromString(manager.tenantId())),
                new PriceChangeId(UUID.fromString(change)), 10, 2).items();
        JsonNode windows = new GraphQlClient(api).once(manager.token(), "{ priceChanges(first: 10) { edges { node { "
                + "items(first: 10) { edges { node { sku explain } } } } } } }", Map.of());

        assertThat(page).hasSize(2).allSatisfy(item -> assertThat((JsonNode) mapper.valueToTree(item.explain()))
                .isEqualTo(bySku(preview.get("items"), item.sku()).get("explain")));
        assertThat(windows.has("errors")).as(windows.toString()).isFalse();
        assertThat(windows.at("/data/priceChanges/edges/0/node/items/edges")).hasSize(2).allSatisfy(edge ->
                assertThat(edge.at("/node/explain")).isEqualTo(bySku(preview.get("items"), edge.at("/node/sku").asText())
                        .get("explain")));
    }

    private List<Integer> seqs(String change) {
        try (Sql worker = Sql.connect(env).as("calibrate_worker")) {
            return worker.query("SELECT seq FROM price_change_item WHERE price_change_id = ?::uuid ORDER BY seq", change)
                    .stream().map(row -> ((Number) row.get("seq")).intValue()).toList();
        }
    }

    private static List<String> skus(JsonNode items) {
        List<String> skus = new java.util.ArrayList<>();
        items.forEach(item -> skus.add(item.get("sku").asText()));
        return skus;
    }

    @Test
    void itemsPreviewedBeforeKeepTheExplainTheyStored() throws Exception {
        UUID tenant = UUID.fromString(manager.tenantId());
        UUID change = UUID.randomUUID();
        UUID product = UUID.randomUUID();
        try (Sql owner = Sql.connect(env)) {
            owner.execute("INSERT INTO price_change_item (tenant_id, price_change_id, preview_hash, seq, product_id,"
                    + " sku, currency, status, current_price, proposed_price, delta, delta_percent, current_compare_at,"
                    + " proposed_compare_at, reasons, explain) VALUES ('" + tenant + "', '" + change + "', '"
                    + "0".repeat(64) + "', 0, '" + product + "', 'TS-1', 'USD', 'CHANGE', 20.00, 16.99, -3.01, -15.05,"
                    + " NULL, 20.00, '[]', '" + TS_1_EXPLAIN + "')");
        }
        PriceChangeId id = new PriceChangeId(change);

        List<PriceChangeItem> page = items.firstPage(new TenantId(tenant), id, 10, 1).items();
        List<Pending> pending = store.pending(id, RunKind.APPLY, JdbcPreviewStore.FROM_START, 10);

        assertThat(page).singleElement().satisfies(item ->
                assertThat(item.explain()).isEqualTo(mapper.readTree(TS_1_EXPLAIN)));
        assertThat(pending).singleElement().satisfies(item ->
                assertThat((JsonNode) mapper.valueToTree(item.explain())).isEqualTo(mapper.readTree(TS_1_EXPLAIN)));
    }

    private static JsonNode bySku(JsonNode items, String sku) {
        for (JsonNode item : items) {
            if (item.get("sku").asText().equals(sku)) return item;
        }
        throw new AssertionError("no item " + sku + " in " + items);
    }

    private static String sku(JsonNode items, Pending pending) {
        for (JsonNode item : items) {
            if (item.get("productId").asText().equals(pending.productId().toString())) return item.get("sku").asText();
        }
        throw new AssertionError("no item for " + pending.productId());
    }
}
