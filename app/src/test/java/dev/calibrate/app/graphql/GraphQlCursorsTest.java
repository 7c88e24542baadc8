package dev.calibrate.app.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.graphql.paging.CursorKey;
import dev.calibrate.app.graphql.paging.ListCursor;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.kernel.tenant.TenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cursors are signed with the server's key and their positions checked after decoding: a forged or
 * out-of-range cursor is a ValidationError on its argument, never an INTERNAL_ERROR; a product's price
 * history pages by keyset in SQL and walks every entry once.
 */
class GraphQlCursorsTest extends IntegrationTest {

    private static final String PRODUCTS = "query($after: String) { products(first: 1, after: $after) { edges { node { sku } } } }";
    private static final String HISTORY = """
            query($id: ID!, $first: Int, $after: String, $currency: String) {
              product(id: $id) {
                priceHistory(first: $first, after: $after, currency: $currency) {
                  edges { cursor node { currency amount validFrom validTo } }
                  pageInfo { hasNextPage hasPreviousPage endCursor }
                }
              }
            }""";

    @Autowired
    private CursorKey cursorKey;

    private GraphQlClient graphql;
    private Api.TenantToken acme;

    @BeforeEach
    void tenant() {
        graphql = new GraphQlClient(api);
        acme = api.newTenant("GraphQL cursors");
    }

    @Test
    void aCursorSignedWithAnotherKeyIsAValidationError() {
        // well-formed g2 cursors with positions the server would take, signed with a key that is not the server's
        TenantId tenant = new TenantId(UUID.fromString(acme.tenantId()));
        CursorKey otherKey = new CursorKey(new byte[32]);
        String forged = new ListCursor(otherKey, tenant, "products?query=").encode("A", UUID.randomUUID().toString());
        GraphQlClient.assertValidationError(graphql.query(acme.token(), PRODUCTS, Map.of("after", forged)), "after");
        // the same position signed with the server's key is taken: only the key made the difference
        String genuine = new ListCursor(cursorKey, tenant, "products?query=").encode("A", UUID.randomUUID().toString());
        JsonNode taken = graphql.query(acme.token(), PRODUCTS, Map.of("after", genuine));
        assertThat(taken.has("errors")).as(taken.toString()).isFalse();

        String id = productWithHistory("F-1", List.of("10.00", "11.00"));
        String history = new ListCursor(otherKey, tenant, "priceHistory/" + id + "?currency=")
                .encode("USD", "2026-01-01T00:00:00Z", "e");
        GraphQlClient.assertValidationError(graphql.query(acme.token(), HISTORY, Map.of("id", id, "after", history)), "after");
    }

    @Test
    void oneTenantsCursorIsAValidationErrorForAnother() {
        productWithHistory("T-1", List.of("10.00"));
        productWithHistory("T-2", List.of("10.00"));
        JsonNode first = graphql.query(acme.token(), "{ products(first: 1) { edges { cursor } } }", Map.of());
        String acmeCursor = first.at("/data/products/edges/0/cursor").asText();
        assertThat(acmeCursor).as(first.toString()).isNotEmpty();
        assertThat(graphql.query(acme.token(), PRODUCTS, Map.of("after", acmeCursor)).has("errors")).isFalse();

        Api.TenantToken other = api.newTenant("Other cursors");
        GraphQlClient.assertValidationError(graphql.query(other.token(), PRODUCTS, Map.of("after", acmeCursor)), "after");
    }

    @Test
    void aSkuWithAC1ControlCharacterPagesBothWays() {
        // SKU rules refuse C0 controls and DEL but take C1 ones (U+0085 NEL): the cursors it gives must page
        List<String> skus = List.of("C1\u00851", "C1\u00852", "C1\u00853");
        Api.Response seeded = api.post("/api/v1/products:batch", acme.token(), Map.of("items", skus.stream()
                .map(sku -> Map.of("sku", sku, "title", "Tee", "prices",
                        List.of(Map.of("currency", "USD", "amount", "10.00")))).toList()));
        assertThat(seeded.status()).as(seeded.body()).isEqualTo(200);
        assertThat(api.get("/api/v1/products?size=1", acme.token(), "X-Calibrate-Wait-For",
                Long.toString(seeded.position())).status()).isEqualTo(200);

        String forward = "query($after: String) { products(first: 1, after: $after) "
                + "{ edges { node { sku } } pageInfo { hasNextPage endCursor } } }";
        List<String> walked = new ArrayList<>();
        String after = null;
        for (boolean more = true; more; ) {
            Map<String, Object> variables = new HashMap<>();
            variables.put("after", after);
            JsonNode answer = graphql.query(acme.token(), forward, variables);
            assertThat(answer.has("errors")).as(answer.toString()).isFalse();
            answer.at("/data/products/edges").forEach(edge -> walked.add(edge.at("/node/sku").asText()));
            more = answer.at("/data/products/pageInfo/hasNextPage").asBoolean();
            after = answer.at("/data/products/pageInfo/endCursor").asText();
        }
        assertThat(walked).containsExactlyElementsOf(skus);

        String backward = "query($before: String) { products(last: 1, before: $before) "
                + "{ edges { node { sku } } pageInfo { hasPreviousPage startCursor } } }";
        List<String> back = new ArrayList<>();
        String before = null;
        for (boolean more = true; more; ) {
            Map<String, Object> variables = new HashMap<>();
            variables.put("before", before);
            JsonNode answer = graphql.query(acme.token(), backward, variables);
            assertThat(answer.has("errors")).as(answer.toString()).isFalse();
            answer.at("/data/products/edges").forEach(edge -> back.add(0, edge.at("/node/sku").asText()));
            more = answer.at("/data/products/pageInfo/hasPreviousPage").asBoolean();
            before = answer.at("/data/products/pageInfo/startCursor").asText();
        }
        assertThat(back).containsExactlyElementsOf(skus);
    }

    @Test
    void aCursorTimestampOutsideTheYears1970To9999IsAValidationError() {
        TenantId tenant = new TenantId(UUID.fromString(acme.tenantId()));
        String id = productWithHistory("Y-1", List.of("10.00"));
        ListCursor history = new ListCursor(cursorKey, tenant, "priceHistory/" + id + "?currency=");
        for (String at : List.of("1969-12-31T23:59:59Z", "+10000-01-01T00:00:00Z", "-5000-01-01T00:00:00Z")) {
            GraphQlClient.assertValidationError(graphql.query(acme.token(), HISTORY,
                    Map.of("id", id, "after", history.encode("USD", at, "e"))), "after");
        }
        JsonNode edge = graphql.query(acme.token(), HISTORY,
                Map.of("id", id, "after", history.encode("USD", "1970-01-01T00:00:00Z", "e")));
        assertThat(edge.has("errors")).as(edge.toString()).isFalse();
        assertThat(edge.at("/data/product/priceHistory/edges/0/node/amount").asText()).isEqualTo("10.00");
    }

    @Test
    void aSignedCursorWithAPositionNoListGivesIsAValidationError() {
        TenantId tenant = new TenantId(UUID.fromString(acme.tenantId()));
        String nulSku = new ListCursor(cursorKey, tenant, "products?query=").encode("\u0000", UUID.randomUUID().toString());
        GraphQlClient.assertValidationError(graphql.query(acme.token(), PRODUCTS, Map.of("after", nulSku)), "after");
        String notAnId = new ListCursor(cursorKey, tenant, "products?query=").encode("SKU", "42");
        GraphQlClient.assertValidationError(graphql.query(acme.token(), PRODUCTS, Map.of("after", notAnId)), "after");

        String id = productWithHistory("F-2", List.of("10.00"));
        ListCursor history = new ListCursor(cursorKey, tenant, "priceHistory/" + id + "?currency=");
        for (String[] position : List.of(new String[]{"usd", "2026-01-01T00:00:00Z", "e"},
                new String[]{"USD", "yesterday", "e"}, new String[]{"USD", "2026-01-01T00:00:00Z", "\u0000"})) {
            GraphQlClient.assertValidationError(graphql.query(acme.token(), HISTORY,
                    Map.of("id", id, "after", history.encode(position))), "after");
        }
        GraphQlClient.assertValidationError(graphql.query(acme.token(), HISTORY, Map.of("id", id, "currency", "USDX")), "currency");
    }

    @Test
    void priceHistoryPagesByKeysetAndWalksEveryEntryOnce() {
        List<String> amounts = List.of("10.00", "11.00", "12.00", "13.00", "14.00", "15.00", "16.00");
        String id = productWithHistory("H-1", amounts);
        Api.TenantToken other = api.newTenant("Other");

        List<String> walked = new ArrayList<>();
        String after = null;
        boolean more = true;
        int pages = 0;
        while (more) {
            Map<String, Object> variables = new HashMap<>(Map.of("id", id, "first", 3, "currency", "USD"));
            variables.put("after", after);
            JsonNode answer = graphql.query(acme.token(), HISTORY, variables);
            assertThat(answer.has("errors")).as(answer.toString()).isFalse();
            JsonNode page = answer.at("/data/product/priceHistory");
            page.get("edges").forEach(edge -> walked.add(edge.at("/node/amount").asText()));
            assertThat(page.at("/pageInfo/hasPreviousPage").asBoolean()).isEqualTo(after != null);
            more = page.at("/pageInfo/hasNextPage").asBoolean();
            after = page.at("/pageInfo/endCursor").asText();
            pages++;
            if (pages == 1) {
                // another tenant's token sees neither the product nor, through the cursor, its history
                JsonNode foreign = graphql.query(other.token(), HISTORY,
                        Map.of("id", id, "first", 3, "currency", "USD", "after", after));
                assertThat(foreign.at("/data/product").isNull()).as(foreign.toString()).isTrue();
                // nor can the same cursor continue another currency's list
                GraphQlClient.assertValidationError(graphql.query(acme.token(), HISTORY,
                        Map.of("id", id, "first", 3, "after", after)), "after");
            }
        }

        assertThat(walked).containsExactlyElementsOf(amounts);
        assertThat(pages).isEqualTo(3);
        JsonNode rest = api.get("/api/v1/products/" + id, acme.token()).json().get("priceHistory");
        List<String> restAmounts = new ArrayList<>();
        rest.forEach(entry -> restAmounts.add(entry.get("amount").asText()));
        assertThat(restAmounts).containsExactlyElementsOf(walked);
    }

    /** A product whose USD price was each of {@code amounts} in turn; answers its id once the catalog shows it. */
    private String productWithHistory(String sku, List<String> amounts) {
        long position = 0;
        for (String amount : amounts) {
            Api.Response response = api.post("/api/v1/products:batch", acme.token(), Map.of("items", List.of(
                    Map.of("sku", sku, "title", "Tee", "prices", List.of(Map.of("currency", "USD", "amount", amount))))));
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            position = response.position();
        }
        Api.Response read = api.get("/api/v1/products?sku=" + sku, acme.token(), "X-Calibrate-Wait-For",
                Long.toString(position));
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        return read.json().at("/items/0/id").asText();
    }
}
