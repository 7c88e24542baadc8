package dev.calibrate.app.feed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.feed.FeedSteps.FeedTenant;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.Sql;
import dev.calibrate.schemas.SchemaRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.feed.FeedSteps.ids;
import static dev.calibrate.app.feed.FeedSteps.positions;
import static dev.calibrate.app.support.ProblemAssertions.assertInvalidField;
import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/v1/events}: a tenant's events as CloudEvents, in position order, page by page. */
class EventFeedTest extends IntegrationTest {

    private static final String CREATED = "dev.calibrate.ProductCreated.v1";
    private static final String OBSERVED = "dev.calibrate.ProductPriceObserved.v1";

    @Autowired
    SchemaRegistry schemas;
    @Autowired
    Environment env;

    private FeedSteps steps;

    @BeforeEach
    void steps() {
        steps = new FeedSteps(api);
    }

    @Test
    void servesEachEventAsACloudEvent() {
        FeedTenant acme = steps.tenant("Feed shape " + UUID.randomUUID());
        String product = steps.createProduct(acme, "FS-1");

        List<JsonNode> events = steps.all(acme, "0", 100, "");

        assertThat(events).extracting(e -> e.get("type").asText()).contains("dev.calibrate.TenantCreated.v1",
                "dev.calibrate.ApiTokenIssued.v1", CREATED, OBSERVED);
        assertThat(events).allSatisfy(event -> {
            assertThat(event.get("specversion").asText()).isEqualTo("1.0");
            assertThat(UUID.fromString(event.get("id").asText())).isNotNull();
            assertThat(event.get("source").asText()).isEqualTo("/tenants/" + acme.id());
            assertThat(event.get("type").asText()).matches("dev\\.calibrate\\.[A-Za-z]+\\.v\\d+");
            assertThat(Instant.parse(event.get("time").asText())).isBefore(Instant.now().plusSeconds(1));
            assertThat(event.get("datacontenttype").asText()).isEqualTo("application/json");
            assertThat(event.get("data").get("tenantId").asText()).isEqualTo(acme.id());
            String name = event.get("type").asText().replaceAll("^dev\\.calibrate\\.|\\.v\\d+$", "");
            String version = schemas.latest(name).orElseThrow().version();
            assertThat(event.get("type").asText()).endsWith(".v" + version.substring(0, version.indexOf('.')));
            assertThat(event.get("dataschema").asText()).isEqualTo("/api/v1/schemas/" + name + "/" + version);
            // data is the payload in the schema's current version
            assertThat(schemas.violations(name, event.get("data"))).as(event.toString()).isEmpty();
        });
        JsonNode created = events.stream().filter(e -> e.get("type").asText().equals(CREATED)).findFirst().orElseThrow();
        assertThat(created.get("subject").asText()).isEqualTo(product);
        assertThat(created.get("data").get("sku").asText()).isEqualTo("FS-1");
        assertThat(positions(events)).isSorted().doesNotHaveDuplicates();
        // id and position are the event store's own: the id a webhook delivery carries, the place to resume from
        try (Sql owner = Sql.connect(env)) {
            Map<Long, String> stored = new HashMap<>();
            owner.query("SELECT globalindex, eventidentifier FROM domainevententry WHERE tenant_id = ?",
                    UUID.fromString(acme.id())).forEach(row ->
                    stored.put(((Number) row.get("globalindex")).longValue(), (String) row.get("eventidentifier")));
            assertThat(events).allSatisfy(event -> assertThat(event.get("id").asText())
                    .isEqualTo(stored.get(event.get("position").asLong())));
            assertThat(events).hasSameSizeAs(stored.keySet());
        }
    }

    @Test
    void theSchemaAnEventNamesIsServed() {
        FeedTenant acme = steps.tenant("Feed schema " + UUID.randomUUID());
        steps.createProduct(acme, "SC-1");

        for (JsonNode event : steps.all(acme, "0", 100, "")) {
            Api.Response schema = api.get(event.get("dataschema").asText(), acme.reader().token());
            assertThat(schema.status()).as(event.get("dataschema").asText()).isEqualTo(200);
            assertThat(schema.json().get("title").asText()).isEqualTo(event.get("type").asText()
                    .replaceAll("^dev\\.calibrate\\.|\\.v\\d+$", ""));
        }
    }

    @Test
    void anotherTenantsEventsNeverAppear() {
        FeedTenant acme = steps.tenant("Feed A " + UUID.randomUUID());
        FeedTenant globex = steps.tenant("Feed B " + UUID.randomUUID());
        steps.createProduct(acme, "SAME-SKU");
        steps.createProduct(globex, "SAME-SKU");
        steps.createProduct(globex, "ONLY-B");

        List<JsonNode> acmeEvents = steps.all(acme, "0", 1000, "");
        List<JsonNode> globexEvents = steps.all(globex, "0", 1000, "");

        assertThat(acmeEvents).allSatisfy(e -> {
            assertThat(e.get("source").asText()).isEqualTo("/tenants/" + acme.id());
            assertThat(e.get("data").get("tenantId").asText()).isEqualTo(acme.id());
        });
        assertThat(globexEvents).allSatisfy(e ->
                assertThat(e.get("data").get("tenantId").asText()).isEqualTo(globex.id()));
        assertThat(ids(acmeEvents)).doesNotContainAnyElementsOf(ids(globexEvents));
        assertThat(acmeEvents).noneMatch(e -> e.toString().contains("ONLY-B"));
    }

    @Test
    void pagingWithAfterServesEveryEventOnceInPositionOrder() {
        FeedTenant acme = steps.tenant("Feed paging " + UUID.randomUUID());
        steps.createProducts(acme, "PG", 40);

        List<JsonNode> inOnePage = new java.util.ArrayList<>();
        steps.page(acme, "?limit=1000").get("items").forEach(inOnePage::add);
        List<JsonNode> paged = steps.all(acme, "0", 7, "");

        assertThat(inOnePage).hasSizeGreaterThan(80);
        assertThat(ids(paged)).containsExactlyElementsOf(ids(inOnePage));
        assertThat(positions(paged)).isSorted().doesNotHaveDuplicates();
        assertThat(new HashSet<>(ids(paged))).hasSameSizeAs(paged);
        // resuming from the middle serves exactly the rest
        long middle = paged.get(41).get("position").asLong();
        assertThat(ids(steps.all(acme, Long.toString(middle), 10, ""))).containsExactlyElementsOf(
                ids(paged.subList(42, paged.size())));
    }

    @Test
    void aLimitCutsThePageAndNextResumesAfterIt() {
        FeedTenant acme = steps.tenant("Feed limit " + UUID.randomUUID());
        steps.createProducts(acme, "LM", 3);

        JsonNode first = steps.page(acme, "?limit=2");
        JsonNode all = steps.page(acme, "?limit=1000");
        JsonNode empty = steps.page(acme, "?after=" + Long.MAX_VALUE / 10);

        assertThat(first.get("items")).hasSize(2);
        assertThat(FeedSteps.position(first.get("next").asText())).isEqualTo(first.get("items").get(1).get("position").asLong());
        // a page that is not full was read up to the horizon: at least its last event
        assertThat(FeedSteps.position(all.get("next").asText())).isGreaterThanOrEqualTo(
                all.get("items").get(all.get("items").size() - 1).get("position").asLong());
        assertThat(empty.get("items")).isEmpty();
        assertThat(FeedSteps.position(empty.get("next").asText())).isEqualTo(Long.MAX_VALUE / 10);
        assertThat(steps.page(acme, "?limit=1000").get("items").size()).isGreaterThan(2);
    }

    @Test
    void filtersByTypeAndBySubject() {
        FeedTenant acme = steps.tenant("Feed filters " + UUID.randomUUID());
        String first = steps.createProduct(acme, "FL-1");
        steps.createProduct(acme, "FL-2");
        Api.Response deactivated = api.delete("/api/v1/products/" + first, acme.writer().token());
        assertThat(deactivated.status()).as(deactivated.body()).isIn(200, 204);
        steps.served(acme, deactivated.position());

        List<JsonNode> created = steps.all(acme, "0", 3, "&types=" + CREATED);
        List<JsonNode> twoTypes = steps.all(acme, "0", 100, "&types=" + CREATED + "," + OBSERVED);
        List<JsonNode> repeated = steps.all(acme, "0", 100, "&types=" + CREATED + "&types=" + OBSERVED);
        List<JsonNode> ofFirst = steps.all(acme, "0", 100, "&subject=" + first);
        List<JsonNode> createdOfFirst = steps.all(acme, "0", 100, "&subject=" + first + "&types=" + CREATED);

        assertThat(created).extracting(e -> e.get("data").get("sku").asText()).containsExactly("FL-1", "FL-2");
        assertThat(twoTypes).extracting(e -> e.get("type").asText())
                .containsExactly(CREATED, OBSERVED, CREATED, OBSERVED);
        assertThat(ids(repeated)).containsExactlyElementsOf(ids(twoTypes));
        assertThat(ofFirst).extracting(e -> e.get("type").asText())
                .containsExactly(CREATED, OBSERVED, "dev.calibrate.ProductDeactivated.v1");
        assertThat(ofFirst).allSatisfy(e -> assertThat(e.get("subject").asText()).isEqualTo(first));
        assertThat(createdOfFirst).hasSize(1);
    }

    @Test
    void anUnknownTypeIsA400ListingTheKnownOnes() {
        FeedTenant acme = steps.tenant("Feed types " + UUID.randomUUID());

        JsonNode problem = assertInvalidField(api.get("/api/v1/events?types=dev.calibrate.NoSuchThing.v1",
                acme.reader().token()), "types");
        JsonNode oldMajor = assertInvalidField(api.get("/api/v1/events?types=dev.calibrate.ProductPriceChanged.v1",
                acme.reader().token()), "types");

        assertThat(problem.toString()).contains("NoSuchThing").contains(CREATED)
                .contains("dev.calibrate.ProductPriceChanged.v2");
        assertThat(oldMajor.toString()).contains("dev.calibrate.ProductPriceChanged.v2");
    }

    @Test
    void aBadCursorLimitOrSubjectIsA400() {
        FeedTenant acme = steps.tenant("Feed input " + UUID.randomUUID());
        String token = acme.reader().token();

        assertInvalidField(api.get("/api/v1/events?after=abc", token), "after");
        assertInvalidField(api.get("/api/v1/events?after=-1", token), "after");
        assertInvalidField(api.get("/api/v1/events?after=99999999999999999999", token), "after");
        assertInvalidField(api.get("/api/v1/events?limit=0", token), "limit");
        assertInvalidField(api.get("/api/v1/events?limit=1001", token), "limit");
        assertProblem(api.get("/api/v1/events?limit=many", token), 400, null);
        assertInvalidField(api.get("/api/v1/events?subject=" + "x".repeat(256), token), "subject");
        assertThat(api.get("/api/v1/events?limit=1000", token).status()).isEqualTo(200);
    }

    @Test
    void theFeedNeedsTheEventsReadScope() {
        FeedTenant acme = steps.tenant("Feed scope " + UUID.randomUUID());

        assertProblem(api.get("/api/v1/events", null), 401, "unauthorized");
        assertProblem(api.get("/api/v1/events", acme.writer().token()), 403, "missing-scope");
        assertProblem(api.get("/api/v1/events", api.token(acme.id(), "audit:read").token()), 403, "missing-scope");
        assertProblem(api.get("/api/v1/events", api.adminToken()), 403, "forbidden");
        assertThat(api.get("/api/v1/events", api.token(acme.id(), "admin", "events:read").token()).status())
                .isEqualTo(200);
    }
}
