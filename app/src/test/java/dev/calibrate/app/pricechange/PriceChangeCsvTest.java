package dev.calibrate.app.pricechange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.query.pricechange.PriceChangeItemCsv;
import dev.calibrate.query.pricechange.PriceChangeItemQueries.Filter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.io.IOException;
import java.io.OutputStream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.pricechange.PriceChangeSteps.SUMMER_SALE;
import static dev.calibrate.app.pricechange.PriceChangeSteps.product;
import static dev.calibrate.app.support.ProblemAssertions.assertInvalidField;
import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** A change's preview and its items with their outcomes, exported as CSV for the spreadsheet people check them in. */
class PriceChangeCsvTest extends IntegrationTest {

    private static final String HEADER = "productId,sku,currency,status,outcome,currentPrice,proposedPrice,delta,"
            + "deltaPercent,currentCompareAt,proposedCompareAt,reasons,outcomeReason";

    @Autowired
    private PriceChangeItemCsv itemCsv;
    private PriceChangeSteps steps;
    private Api.TenantToken author;
    private Api.TenantToken approver;

    @BeforeEach
    void tenant() {
        steps = new PriceChangeSteps(api);
        author = api.token(api.createTenant("Acme", "USD"), "catalog:read", "catalog:write", "prices:write",
                "prices:apply", "audit:read");
        approver = api.token(author.tenantId(), "prices:approve", "admin");
    }

    @Test
    void thePreviewAndTheOutcomesExportEveryItemAsDefusedCsv() {
        steps.catalog(author.token(), List.of(product("TS-1", "20.00", null, "summer"),
                product("=HYPERLINK(\"evil\")", "30.00", null, "summer"), product("-TS-3", "40.00", null, "summer")));
        String change = steps.draft(author.token(), "Sale", SUMMER_SALE, Map.of());
        steps.preview(author.token(), change);
        Api.Response excluded = api.post("/api/v1/price-changes/" + change + "/preview/edits", author.token(),
                Map.of("edits", List.of(Map.of("sku", "-TS-3", "action", "EXCLUDE", "reason", "=not this one"))));
        assertThat(excluded.status()).as(excluded.body()).isEqualTo(200);

        Api.Response preview = csv("/api/v1/price-changes/" + change + "/preview");
        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        assertThat(preview.contentType()).startsWith("text/csv");
        assertThat(preview.header("Content-Disposition")).contains("price-change-" + change + "-preview.csv");
        List<String> lines = preview.body().lines().toList();
        assertThat(lines.get(0)).isEqualTo(HEADER);
        assertThat(lines).hasSize(4);
        JsonNode items = api.get("/api/v1/price-changes/" + change + "/preview?size=10", author.token()).json();
        String ts1 = null;
        for (JsonNode item : items.get("items")) if (item.get("sku").asText().equals("TS-1")) ts1 = item.get("productId").asText();
        assertThat(lines).contains(ts1 + ",\"TS-1\",USD,CHANGE,PENDING,20.00,16.99,-3.01,-15.05,,20.00,\"\",");
        assertThat(preview.body()).contains(",\"'=HYPERLINK(\"\"evil\"\")\",USD,CHANGE,")
                .contains(",\"'-TS-3\",USD,SKIPPED,SKIPPED,40.00,,,,,,\"excluded by " + author.tokenId() + ": =not this one\",")
                .doesNotContain(",\"=HYPERLINK");
        assertThat(csv("/api/v1/price-changes/" + change + "/preview?status=SKIPPED").body().lines()).hasSize(2);

        String hash = excluded.json().get("previewHash").asText();
        assertThat(steps.action(author.token(), change, "submit", null).status()).isEqualTo(200);
        assertThat(steps.action(approver.token(), change, "approve", Map.of("previewHash", hash)).status()).isEqualTo(200);
        assertThat(steps.action(author.token(), change, "apply", null).status()).isEqualTo(202);
        steps.awaitApplied(author.token(), change);
        List<String> outcomes = csv("/api/v1/price-changes/" + change + "/items?outcome=APPLIED").body().lines().toList();
        assertThat(outcomes).hasSize(3);
        assertThat(outcomes).contains(ts1 + ",\"TS-1\",USD,CHANGE,APPLIED,20.00,16.99,-3.01,-15.05,,20.00,\"\",");
    }

    /** Past one page of the read: every row comes, once, in the run order the JSON pages show. */
    @Test
    void aLargePreviewStreamsEveryRowInRunOrder() {
        String change = bulkPreview(2_100);
        List<String> lines = csv("/api/v1/price-changes/" + change + "/preview").body().lines().toList();
        assertThat(lines).hasSize(2_101);
        List<String> csvOrder = lines.stream().skip(1).map(l -> l.split(",")[0]).toList();
        List<String> runOrder = new ArrayList<>();
        for (int page = 0; page < 5; page++) {
            api.get("/api/v1/price-changes/" + change + "/preview?size=500&page=" + page, author.token()).json()
                    .get("items").forEach(item -> runOrder.add(item.get("productId").asText()));
        }
        assertThat(csvOrder).hasSize(2_100).doesNotHaveDuplicates().isEqualTo(runOrder);
    }

    /** A slow client holds no connection: each page is read in its own transaction, written after it closed. */
    @Test
    void eachPageIsWrittenOutsideTheTransactionThatReadIt() {
        String change = bulkPreview(2_100);
        List<Boolean> inTransactionAtFlush = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        OutputStream client = new OutputStream() {
            @Override
            public void write(int b) {
                text.append((char) b);
            }

            @Override
            public void flush() {
                inTransactionAtFlush.add(TransactionSynchronizationManager.isActualTransactionActive());
            }
        };
        itemCsv.write(new TenantId(UUID.fromString(author.tenantId())), new PriceChangeId(UUID.fromString(change)),
                new Filter(null, null, null, false), client);
        // the header, then pages of 1,000, 1,000 and 100 (a short page is the last)
        assertThat(inTransactionAtFlush).containsExactly(false, false, false, false);
        assertThat(text.toString().lines()).hasSize(2_101);
    }

    /** A client gone mid-file ends the write without an error. */
    @Test
    void aClientGoneMidFileEndsTheWriteQuietly() {
        String change = bulkPreview(1_500);
        int[] flushes = {0};
        OutputStream gone = new OutputStream() {
            @Override
            public void write(int b) {
            }

            @Override
            public void flush() throws IOException {
                if (++flushes[0] > 1) throw new IOException("Broken pipe");
            }
        };
        itemCsv.write(new TenantId(UUID.fromString(author.tenantId())), new PriceChangeId(UUID.fromString(change)),
                new Filter(null, null, null, false), gone);
        assertThat(flushes[0]).isEqualTo(2);
    }

    /** An edit between two pages ends the file after the first: rows of two previews are never mixed. */
    @Test
    void aPreviewEditedWhileItIsReadEndsTheFileShort() {
        String change = bulkPreview(1_500);
        int[] flushes = {0};
        StringBuilder text = new StringBuilder();
        OutputStream client = new OutputStream() {
            @Override
            public void write(int b) {
                text.append((char) b);
            }

            @Override
            public void flush() {
                if (++flushes[0] == 2) {
                    Api.Response edited = api.post("/api/v1/price-changes/" + change + "/preview/edits", author.token(),
                            Map.of("edits", List.of(Map.of("sku", "BULK-01499", "action", "EXCLUDE", "reason", "late"))));
                    assertThat(edited.status()).as(edited.body()).isEqualTo(200);
                }
            }
        };
        itemCsv.write(new TenantId(UUID.fromString(author.tenantId())), new PriceChangeId(UUID.fromString(change)),
                new Filter(null, null, null, false), client);
        assertThat(text.toString().lines()).hasSize(1_001);
        assertThat(csv("/api/v1/price-changes/" + change + "/preview").body().lines()).hasSize(1_501);
    }

    private String bulkPreview(int items) {
        List<Map<String, Object>> products = new ArrayList<>();
        for (int i = 0; i < items; i++) products.add(product(String.format("BULK-%05d", i), "10.00", null, "summer"));
        steps.catalog(author.token(), products);
        String change = steps.draft(author.token(), "Bulk", SUMMER_SALE, Map.of());
        steps.preview(author.token(), change);
        return change;
    }

    @Test
    void aCsvRequestThatCannotBeAnsweredIsAProblemBeforeAnyRow() {
        steps.catalog(author.token(), List.of(product("TS-1", "20.00", null, "summer")));
        String change = steps.draft(author.token(), "Sale", SUMMER_SALE, Map.of());
        steps.preview(author.token(), change);
        assertInvalidField(csv("/api/v1/price-changes/" + change + "/preview?status=GREAT"), "status");
        assertInvalidField(csv("/api/v1/price-changes/" + change + "/items?outcome=GREAT"), "outcome");
        assertInvalidField(csv("/api/v1/price-changes/" + change + "/items?channelState=GREAT"), "channelState");
        assertProblem(csv("/api/v1/price-changes/" + UUID.randomUUID() + "/items"), 404, "not-found");
        assertProblem(csv("/api/v1/price-changes/not-an-id/preview"), 404, "not-found");
        Api.TenantToken stranger = api.newTenant("Other");
        assertProblem(api.get("/api/v1/price-changes/" + change + "/items", stranger.token(), "Accept", "text/csv"),
                404, "not-found");
        Api.TenantToken reader = api.token(author.tenantId(), "catalog:read");
        assertProblem(api.get("/api/v1/price-changes/" + change + "/preview", reader.token(), "Accept", "text/csv"),
                403, "missing-scope");
        String draft = steps.draft(author.token(), "Not previewed", SUMMER_SALE, Map.of());
        assertThat(csv("/api/v1/price-changes/" + draft + "/preview").body().lines().toList()).containsExactly(HEADER);
    }

    private Api.Response csv(String path) {
        return api.get(path, author.token(), "Accept", "text/csv");
    }
}
