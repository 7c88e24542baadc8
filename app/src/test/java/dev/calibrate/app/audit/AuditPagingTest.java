package dev.calibrate.app.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.ConsoleClient;
import dev.calibrate.app.support.ConsoleClient.Page;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.Sql;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.calibrate.app.support.ProductBodies.product;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/v1/audit} in keyset pages: opaque cursors that walk the log newest first and back
 * without skipping or repeating an entry, bound to the tenant and filter they were given for; a total
 * that stops counting at 10,000; the deprecated offset page still answering; and the console's
 * timeline paging by the same cursors.
 */
class AuditPagingTest extends IntegrationTest {

    private static final Pattern OLDER = Pattern.compile("href=\"([^\"]+)\" rel=\"next\"");
    private static final Pattern NEWER = Pattern.compile("href=\"([^\"]+)\" rel=\"prev\"");

    @Autowired
    Environment env;

    /** A tenant whose log has its creation, its token and eight products' entries, caught up. */
    private Api.TenantToken tenantWithEntries(String name) {
        Api.TenantToken tenant = api.newTenant(name + " " + UUID.randomUUID());
        List<Map<String, Object>> products = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            products.add(product("AUD-" + i, "10.00"));
        }
        Api.Response written = api.post("/api/v1/products:batch", tenant.token(), Map.of("items", products));
        assertThat(written.status()).as(written.body()).isEqualTo(200);
        assertThat(api.get("/api/v1/audit?size=1", tenant.token(), "X-Calibrate-Wait-For",
                Long.toString(written.position())).status()).isEqualTo(200);
        return tenant;
    }

    private JsonNode read(Api.TenantToken tenant, String query) {
        Api.Response page = api.get("/api/v1/audit" + query, tenant.token());
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        return page.json();
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(entry -> ids.add(entry.get("eventId").asText()));
        return ids;
    }

    /** A page's next or previous cursor; null (left out of the JSON) at either end. */
    private static String cursor(JsonNode page, String name) {
        JsonNode value = page.path(name);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }

    private void assertRejected(Api.TenantToken tenant, String query, String field) {
        Api.Response rejected = api.get("/api/v1/audit" + query, tenant.token());
        assertThat(rejected.status()).as(query).isEqualTo(400);
        assertThat(rejected.contentType()).startsWith("application/problem+json");
        assertThat(rejected.body()).contains(field);
    }

    @Test
    void theCursorsWalkTheWholeLogOlderAndBackWithoutSkippingOrRepeating() {
        Api.TenantToken acme = tenantWithEntries("Audit walk");
        JsonNode everything = read(acme, "?size=500");
        List<String> newestFirst = ids(everything);
        assertThat(newestFirst).hasSizeGreaterThanOrEqualTo(8);
        assertThat(everything.get("total").asLong()).isEqualTo(newestFirst.size());
        assertThat(everything.get("totalExact").asBoolean()).isTrue();
        assertThat(cursor(everything, "next") == null).isTrue();
        assertThat(cursor(everything, "previous") == null).isTrue();

        List<String> walked = new ArrayList<>();
        List<String> pages = new ArrayList<>();
        JsonNode page = read(acme, "?size=3");
        assertThat(cursor(page, "previous") == null).as("the newest page has nothing newer").isTrue();
        while (true) {
            walked.addAll(ids(page));
            assertThat(page.get("total").asLong()).isEqualTo(newestFirst.size());
            if (cursor(page, "next") == null) {
                break;
            }
            pages.add(cursor(page, "next"));
            page = read(acme, "?size=3&after=" + cursor(page, "next"));
        }
        assertThat(walked).containsExactlyElementsOf(newestFirst);
        assertThat(pages).as("more than two pages").hasSizeGreaterThanOrEqualTo(2);

        List<String> back = new ArrayList<>(ids(page));
        while (cursor(page, "previous") != null) {
            page = read(acme, "?size=3&before=" + cursor(page, "previous"));
            back.addAll(0, ids(page));
        }
        assertThat(back).containsExactlyElementsOf(newestFirst);
        assertThat(ids(page)).containsExactlyElementsOf(newestFirst.subList(0, 3));

        // the deprecated offset page answers as before, and gives cursors from where it is
        JsonNode second = read(acme, "?size=3&page=1");
        assertThat(ids(second)).containsExactlyElementsOf(newestFirst.subList(3, 6));
        assertThat(ids(read(acme, "?size=3&after=" + cursor(second, "next"))))
                .containsExactlyElementsOf(newestFirst.subList(6, Math.min(9, newestFirst.size())));
        assertThat(ids(read(acme, "?size=3&before=" + cursor(second, "previous"))))
                .containsExactlyElementsOf(newestFirst.subList(0, 3));
    }

    @Test
    void aFilteredListHasItsOwnCursors() {
        Api.TenantToken acme = tenantWithEntries("Audit filtered walk");
        List<String> products = ids(read(acme, "?entityType=product&size=500"));
        assertThat(products).hasSizeGreaterThanOrEqualTo(8);
        JsonNode first = read(acme, "?entityType=product&size=3");
        List<String> walked = new ArrayList<>();
        JsonNode page = first;
        JsonNode second = null;
        while (true) {
            walked.addAll(ids(page));
            if (cursor(page, "next") == null) {
                break;
            }
            page = read(acme, "?entityType=product&size=3&after=" + cursor(page, "next"));
            second = second == null ? page : second;
        }
        assertThat(walked).containsExactlyElementsOf(products);
        assertThat(second).isNotNull();
        // the same cursor with another filter, or none, is refused rather than read from a foreign place
        assertRejected(acme, "?after=" + cursor(first, "next"), "after");
        assertRejected(acme, "?entityType=tenant&after=" + cursor(first, "next"), "after");
        assertRejected(acme, "?entityType=product&from=2020-01-01T00:00:00Z&before=" + cursor(second, "previous"),
                "before");
    }

    @Test
    void aCursorThatThisListDidNotGiveIsA400() {
        Api.TenantToken acme = tenantWithEntries("Audit bad cursors");
        Api.TenantToken other = tenantWithEntries("Audit other tenant");
        String next = read(acme, "?size=2").get("next").asText();

        assertRejected(acme, "?after=not-a-cursor", "after");
        assertRejected(acme, "?before=%25%25%25", "before");
        String forged = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("a1.12.0000000000000000".getBytes(StandardCharsets.US_ASCII));
        assertRejected(acme, "?after=" + forged, "after");
        String notANumber = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("a1.x.y".getBytes(StandardCharsets.US_ASCII));
        assertRejected(acme, "?after=" + notANumber, "after");
        // another tenant's cursor: refused, and it could only ever have read that tenant's own rows
        assertRejected(other, "?after=" + next, "after");
        assertRejected(acme, "?after=" + next + "&before=" + next, "before");
        assertRejected(acme, "?page=1&after=" + next, "page");
        assertRejected(acme, "?page=-1", "page");
    }

    @Test
    void theTotalStopsCountingAtTenThousandAndTheConsolePagesByCursor() {
        Api.TenantToken big = api.newTenant("Audit capped " + UUID.randomUUID());
        // 10,001 entries straight into the read model, as the audit projection writes them
        try (Sql worker = Sql.connect(env).as("calibrate_worker")) {
            worker.execute("""
                    INSERT INTO audit_entry (event_id, global_index, tenant_id, entity_type, entity_id, action,
                                             actor, at)
                    SELECT gen_random_uuid()::text, 9000000000 + i, '%s', 'widget', 'w-' || i, 'WidgetCounted',
                           'bench', now() - make_interval(secs => 20000 - i)
                      FROM generate_series(1, 10001) i""".formatted(UUID.fromString(big.tenantId())));
        }
        JsonNode first = read(big, "?entityType=widget&size=50");
        assertThat(first.get("total").asLong()).isEqualTo(10_000);
        assertThat(first.get("totalExact").asBoolean()).isFalse();
        assertThat(first.get("items").get(0).get("entityId").asText()).isEqualTo("w-10001");
        assertThat(read(big, "?entityType=widget&entityId=w-7").get("totalExact").asBoolean()).isTrue();

        ConsoleClient browser = new ConsoleClient(port);
        assertThat(browser.signInWithToken(big.token()).status()).isEqualTo(302);
        Page newest = browser.get("/console/audit?entityType=widget");
        assertThat(newest.status()).isEqualTo(200);
        assertThat(newest.body()).contains("more than 10,000 entries, newest first").contains("w-10001")
                .doesNotContain("rel=\"prev\"");
        Matcher older = OLDER.matcher(newest.body());
        assertThat(older.find()).as("an Older link").isTrue();
        Page second = browser.get(older.group(1).replace("&amp;", "&"));
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.body()).contains("w-9951").doesNotContain("w-9952<").doesNotContain("w-10001");
        Matcher newer = NEWER.matcher(second.body());
        assertThat(newer.find()).as("a Newer link").isTrue();
        assertThat(browser.get(newer.group(1).replace("&amp;", "&")).body()).contains("w-10001")
                .doesNotContain("rel=\"prev\"");

        Page tampered = browser.get("/console/audit?entityType=widget&after=not-a-cursor");
        assertThat(tampered.status()).isEqualTo(400);
        assertThat(tampered.body()).contains("id=\"cursor-error\"").contains("Show the newest entries")
                .contains("value=\"widget\"");
        Page otherFilter = browser.get(older.group(1).replace("&amp;", "&").replace("entityType=widget", "actor=bench"));
        assertThat(otherFilter.status()).isEqualTo(400);
        assertThat(otherFilter.body()).contains("id=\"cursor-error\"");
    }
}
