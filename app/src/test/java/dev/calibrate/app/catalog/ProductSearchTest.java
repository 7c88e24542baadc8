package dev.calibrate.app.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.ConsoleClient;
import dev.calibrate.app.support.ConsoleClient.Page;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.Sql;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The product list's {@code q} (migration V23: trigram indexes, searched by worker-owned functions
 * that name the transaction's tenant): a substring of the title or SKU in any case, {@code %} and
 * {@code _} as themselves, never another tenant's product, and a count that stops at 10,000.
 */
class ProductSearchTest extends IntegrationTest {

    private static final String PAGE_FUNCTION =
            "product_search_page(text,text,text,text,boolean,integer,integer,integer)";
    private static final String COUNT_FUNCTION = "product_search_count(text,text,text,text,boolean,integer)";

    @Autowired
    Environment env;

    private static Map<String, Object> product(String sku, String title, String vendor, boolean active,
                                               String... tags) {
        Map<String, Object> product = new LinkedHashMap<>();
        product.put("sku", sku);
        product.put("title", title);
        product.put("vendor", vendor);
        product.put("tags", List.of(tags));
        product.put("active", active);
        product.put("prices", List.of(Map.of("currency", "USD", "amount", "10.00")));
        return product;
    }

    private Api.TenantToken catalog(String name, List<Map<String, Object>> products) {
        Api.TenantToken tenant = api.newTenant(name + " " + UUID.randomUUID());
        new PriceChangeSteps(api).catalog(tenant.token(), products);
        return tenant;
    }

    private JsonNode search(Api.TenantToken tenant, String q, String... more) {
        Api.Response page = api.get("/api/v1/products?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)
                + String.join("", more), tenant.token());
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        return page.json();
    }

    private static List<String> skus(JsonNode page) {
        List<String> skus = new ArrayList<>();
        page.get("items").forEach(item -> skus.add(item.get("sku").asText()));
        return skus;
    }

    @Test
    void qFindsAPartOfTheTitleOrSkuAnywhereWhateverItsCase() {
        Api.TenantToken acme = catalog("Search substring", List.of(
                product("ZX-100", "Trail Backpack Navy", "Acme", true),
                product("ZX-200", "Water bottle", "Acme", true),
                product("CAMP-BACK-1", "Tent", "Acme", true)));

        JsonNode middle = search(acme, "CKPAC");
        assertThat(skus(middle)).containsExactly("ZX-100");
        assertThat(middle.get("total").asLong()).isEqualTo(1);
        assertThat(middle.get("totalExact").asBoolean()).isTrue();
        assertThat(skus(search(acme, "back"))).containsExactly("CAMP-BACK-1", "ZX-100");
        assertThat(skus(search(acme, "x-2"))).containsExactly("ZX-200");
        assertThat(skus(search(acme, "a"))).containsExactly("CAMP-BACK-1", "ZX-100", "ZX-200");
        JsonNode none = search(acme, "backpacks");
        assertThat(skus(none)).isEmpty();
        assertThat(none.get("total").asLong()).isZero();
        assertThat(none.get("totalExact").asBoolean()).isTrue();
    }

    @Test
    void percentUnderscoreAndBackslashMatchThemselves() {
        Api.TenantToken acme = catalog("Search wildcards", List.of(
                product("PCT-1", "Mug 50% off", "Acme", true),
                product("PCT-2", "Mug 500 off", "Acme", true),
                product("US_1", "snake_case lamp", "Acme", true),
                product("USX1", "snakeXcase lamp", "Acme", true),
                product("BS-1", "Path a\\b", "Acme", true)));

        assertThat(skus(search(acme, "50%"))).containsExactly("PCT-1");
        assertThat(skus(search(acme, "%"))).containsExactly("PCT-1");
        assertThat(skus(search(acme, "e_c"))).containsExactly("US_1");
        assertThat(skus(search(acme, "_"))).containsExactly("US_1");
        assertThat(skus(search(acme, "a\\b"))).containsExactly("BS-1");
        assertThat(skus(search(acme, "\\"))).containsExactly("BS-1");
    }

    @Test
    void theOtherFiltersNarrowASearchAndItsPagesKeepSkuOrder() {
        Api.TenantToken acme = catalog("Search filters", List.of(
                product("LMP-1", "Desk lamp", "Acme", true, "office"),
                product("LMP-2", "Floor lamp", "Bolt", true, "office"),
                product("LMP-3", "Lamp shade", "Acme", false, "home"),
                product("LMP-4", "Lamp oil", "Acme", true, "home"),
                product("CHR-1", "Chair", "Acme", true, "office")));

        assertThat(skus(search(acme, "lamp", "&vendor=Acme"))).containsExactly("LMP-1", "LMP-3", "LMP-4");
        assertThat(skus(search(acme, "lamp", "&tag=office"))).containsExactly("LMP-1", "LMP-2");
        assertThat(skus(search(acme, "lamp", "&active=false"))).containsExactly("LMP-3");
        assertThat(skus(search(acme, "lamp", "&sku=LMP-4"))).containsExactly("LMP-4");
        List<String> walked = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            JsonNode slice = search(acme, "LAMP", "&size=2&page=" + page);
            assertThat(slice.get("total").asLong()).isEqualTo(4);
            walked.addAll(skus(slice));
        }
        assertThat(walked).containsExactly("LMP-1", "LMP-2", "LMP-3", "LMP-4");
    }

    @Test
    void anotherTenantsProductsAreNeverFound() {
        Api.TenantToken mine = catalog("Search mine", List.of(product("MINE-1", "Shared secret lamp", "Acme", true)));
        Api.TenantToken theirs = catalog("Search theirs", List.of(
                product("THEIRS-1", "Shared secret lamp", "Acme", true),
                product("THEIRS-2", "Another secret lamp", "Acme", true)));

        assertThat(skus(search(mine, "secret lamp"))).containsExactly("MINE-1");
        assertThat(search(mine, "secret").get("total").asLong()).isEqualTo(1);
        assertThat(skus(search(mine, "THEIRS"))).isEmpty();
        assertThat(skus(search(theirs, "secret"))).containsExactly("THEIRS-1", "THEIRS-2");

        // below the application: the functions see the transaction's tenant only, and none without one
        try (Sql request = Sql.connect(env).as("calibrate_api")) {
            String page = "SELECT count(*) "
                    + "FROM product_search_page('%secret%', NULL, NULL, NULL, NULL, 50, 0, 10001)";
            String count = "SELECT product_search_count('%secret%', NULL, NULL, NULL, NULL, 10001)";
            assertThat(request.count(page)).isZero();
            assertThat(request.count(count)).isZero();
            request.tenant("");
            assertThat(request.count(page)).isZero();
            assertThat(request.count(count)).isZero();
            request.tenant(theirs.tenantId());
            assertThat(request.count(page)).isEqualTo(2);
            assertThat(request.count(count)).isEqualTo(2);
            request.tenant(mine.tenantId());
            assertThat(request.count(page)).isEqualTo(1);
        }
    }

    @Test
    void theSearchFunctionsRunAsTheWorkerAndOnlyTheRequestRoleMayCallThem() {
        try (Sql owner = Sql.connect(env)) {
            for (String function : List.of(PAGE_FUNCTION, COUNT_FUNCTION)) {
                Map<String, Object> proc = owner.query("SELECT prosecdef, proowner::regrole::text AS owner, "
                        + "has_function_privilege('calibrate_api', oid, 'EXECUTE') AS api, "
                        + "has_function_privilege('calibrate_worker', oid, 'EXECUTE') AS worker, "
                        + "coalesce(array_to_string(proacl, ','), '') AS acl "
                        + "FROM pg_proc WHERE oid = CAST(? AS regprocedure)", function).get(0);
                assertThat(proc.get("prosecdef")).as("%s is SECURITY DEFINER", function).isEqualTo(true);
                assertThat(proc.get("owner")).as("%s owner", function).isEqualTo("calibrate_worker");
                assertThat(proc.get("api")).as("calibrate_api may call %s", function).isEqualTo(true);
                // no grant to PUBLIC (an entry starting with '=')
                assertThat(((String) proc.get("acl")).split(",")).noneMatch(entry -> entry.startsWith("="));
            }
            // and the worker holds no lasting CREATE on the schema it was lent for the ownership change
            assertThat(owner.single("SELECT has_schema_privilege('calibrate_worker', 'public', 'CREATE')"))
                    .isEqualTo(false);
        }
    }

    @Test
    @Tag("slow") // tens of seconds: ./mvnw verify -Pslow
    void aSearchCountsNoFurtherThanTenThousandAndSaysSo() {
        Api.TenantToken big = api.newTenant("Search capped " + UUID.randomUUID());
        // 10,001 rows straight into the read model, as its projection writes them: 10,001 products
        // through the API would take this test most of a minute
        try (Sql worker = Sql.connect(env).as("calibrate_worker")) {
            worker.execute("""
                    INSERT INTO product_view (product_id, tenant_id, sku, title, vendor, product_type, tags,
                                              cost_amount, cost_currency, channel_refs, active, version,
                                              created_at, updated_at)
                    SELECT gen_random_uuid(), '%s', 'CAP-' || lpad(i::text, 5, '0'), 'Capped widget ' || i,
                           'Acme', NULL, ARRAY['capped'], NULL, NULL, '{}', true, 1, now(), now()
                      FROM generate_series(1, 10001) i""".formatted(UUID.fromString(big.tenantId())));
        }

        try {
            JsonNode capped = search(big, "WIDGET");
            assertThat(capped.get("total").asLong()).isEqualTo(10_000);
            assertThat(capped.get("totalExact").asBoolean()).isFalse();
            assertThat(skus(capped)).hasSize(50).startsWith("CAP-00001", "CAP-00002").endsWith("CAP-00050");
            assertThat(skus(search(big, "widget", "&page=200"))).containsExactly("CAP-10001");
            JsonNode narrow = search(big, "widget 1000");
            assertThat(skus(narrow)).containsExactly("CAP-01000", "CAP-10000", "CAP-10001");
            assertThat(narrow.get("total").asLong()).isEqualTo(3);
            assertThat(narrow.get("totalExact").asBoolean()).isTrue();
            // without q the list still counts exactly: the other filters count through indexes
            JsonNode all = api.get("/api/v1/products?tag=capped", big.token()).json();
            assertThat(all.get("total").asLong()).isEqualTo(10_001);
            assertThat(all.get("totalExact").asBoolean()).isTrue();

            ConsoleClient browser = new ConsoleClient(port);
            assertThat(browser.signInWithToken(big.token()).status()).isEqualTo(302);
            Page first = browser.get("/console/products?q=widget");
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.body()).contains("more than 10,000 products").contains(">Page 1<")
                    .contains("href=\"/console/products?q=widget&amp;page=1\"");
            Page none = browser.get("/console/products?q=gadget");
            assertThat(none.status()).isEqualTo(200);
            assertThat(none.body()).contains("0 products").contains("No products match");
        } finally {
            // rows no event made: a replay of the read models (ReplayTest, later in this JVM) would rebuild
            // the table without them, and find it differs from before
            try (Sql owner = Sql.connect(env)) {
                owner.execute("DELETE FROM product_view WHERE tenant_id = '%s'"
                        .formatted(UUID.fromString(big.tenantId())));
            }
        }
    }
}
