package dev.calibrate.app.feed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.feed.FeedSteps.FeedTenant;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantScope;
import dev.calibrate.query.feed.EventFeed;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one request to the feed may cost: a page scans at most the scan window of the tenant's events
 * whatever the filter, and its statement is cancelled after the statement timeout. Tests run with a
 * window of 200 events and a 5 s timeout (IntegrationTest).
 */
class FeedBoundsTest extends IntegrationTest {

    private static final int WINDOW = 200;
    private static final String DEACTIVATED = "dev.calibrate.ProductDeactivated.v1";

    @Autowired
    Environment env;
    @Autowired
    TenantScope tenantScope;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aSparseFilterScansOneWindowPerPageAndNextResumesAfterIt() {
        FeedSteps steps = new FeedSteps(api);
        FeedTenant acme = steps.tenant("Sparse " + UUID.randomUUID());
        // a position, not the unfiltered page's next: that one resumes only the unfiltered feed
        String start = Long.toString(FeedSteps.position(steps.page(acme, "?limit=1000").get("next").asText()));
        String first = steps.createProduct(acme, "SP-0");
        steps.createProducts(acme, "SP", 150);
        Api.Response deactivated = api.delete("/api/v1/products/" + first, acme.writer().token());
        assertThat(deactivated.status()).as(deactivated.body()).isIn(200, 204);
        steps.served(acme, deactivated.position());

        JsonNode page = steps.page(acme, "?after=" + start + "&types=" + DEACTIVATED);

        // 300 events of other types first: the page scanned 200 of them, found none, and says where it stopped
        assertThat(page.get("items")).isEmpty();
        List<JsonNode> unfiltered = steps.all(acme, start, 1000, "");
        assertThat(unfiltered.size()).isGreaterThan(WINDOW);
        long lastScanned = unfiltered.get(WINDOW - 1).get("position").asLong();
        assertThat(FeedSteps.position(page.get("next").asText())).isEqualTo(lastScanned);
        // following next reaches the event, and nothing was skipped on the way
        List<JsonNode> found = steps.all(acme, start, 100, "&types=" + DEACTIVATED);
        assertThat(found).hasSize(1);
        assertThat(found.get(0).get("subject").asText()).isEqualTo(first);
    }

    @Test
    void aPageWhoseReadTakesTooLongIsCancelledWithA503() throws Exception {
        FeedSteps steps = new FeedSteps(api);
        FeedTenant acme = steps.tenant("Slow read " + UUID.randomUUID());
        StoredEvents store = new StoredEvents(env);

        try (Connection owner = store.owner()) {
            owner.setAutoCommit(false);
            // holds every reader of the event store for longer than the statement timeout
            owner.createStatement().execute("LOCK TABLE domainevententry IN ACCESS EXCLUSIVE MODE");
            long start = System.nanoTime();
            Api.Response page = api.get("/api/v1/events?after=0&types=" + DEACTIVATED, acme.reader().token());
            double seconds = (System.nanoTime() - start) / 1e9;
            owner.rollback();

            assertProblem(page, 503, null);
            assertThat(page.header("Retry-After")).isNotNull();
            assertThat(seconds).isLessThan(9);
        }
        assertThat(steps.page(acme, "?after=0").get("items")).isNotEmpty();
    }

    @Test
    void aPageReadsTheTenantsEventsThroughTheTenantPositionIndex() throws Exception {
        FeedSteps steps = new FeedSteps(api);
        FeedTenant acme = steps.tenant("Plan " + UUID.randomUUID());
        try (Connection owner = new StoredEvents(env).owner(); Statement sql = owner.createStatement()) {
            sql.execute("ANALYZE domainevententry");
        }
        // planned as the feed runs it: as the request role with the tenant set, row-level security on
        List<String> plan = tenantScope.read(TenantId.parse(acme.id()), () -> jdbc.query(connection -> {
            PreparedStatement explain = connection.prepareStatement("EXPLAIN " + EventFeed.pageSql(true, false));
            explain.setObject(1, UUID.fromString(acme.id()));
            explain.setLong(2, 0);
            explain.setLong(3, Long.MAX_VALUE);
            explain.setInt(4, WINDOW);
            explain.setArray(5, connection.createArrayOf("varchar", new Object[] {"ProductCreated"}));
            explain.setInt(6, 100);
            return explain;
        }, (rs, row) -> rs.getString(1)));
        assertThat(String.join("\n", plan)).as(String.join("\n", plan)).contains("domainevententry_tenant")
                .doesNotContain("Seq Scan on domainevententry");
        String role = tenantScope.read(TenantId.parse(acme.id()), () -> jdbc.queryForObject("SELECT current_user",
                String.class));
        assertThat(role).as("not the owner, who bypasses row-level security").isNotEqualTo(owner());
    }

    private String owner() throws Exception {
        try (Connection owner = new StoredEvents(env).owner(); Statement sql = owner.createStatement();
             ResultSet rs = sql.executeQuery("SELECT current_user")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
