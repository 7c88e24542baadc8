package dev.calibrate.app.pricechange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.StoredEvents;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeApplied;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeApplyStarted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeApproved;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeCancelled;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeDrafted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeEdited;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangePreviewed;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRejected;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRollbackStarted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRolledBack;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeScheduled;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeSubmitted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RollbackTrigger;
import dev.calibrate.kernel.tenant.Actor;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static dev.calibrate.app.support.PriceChangeSamples.BARE;
import static dev.calibrate.app.support.PriceChangeSamples.SUMMARY;
import static dev.calibrate.app.support.PriceChangeSamples.SUMMER_RULE;
import static dev.calibrate.app.support.PriceChangeSamples.SUMMER_SALE;
import static dev.calibrate.app.support.ProblemAssertions.assertInvalidField;
import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The price change read model follows each change through its state machine, from the events the
 * PriceChange aggregate stores (appended here directly), and answers only its own tenant.
 */
class PriceChangeViewTest extends IntegrationTest {

    private static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static final Instant DAY = Instant.parse("2026-11-20T09:00:00Z");

    @Autowired
    EventStore eventStore;
    @Autowired
    EventPositions positions;
    @Autowired
    JdbcTemplate jdbc;

    private StoredEvents events;
    private Api.TenantToken acme;
    private TenantId tenant;
    private Actor alice;
    private Actor bob;

    @BeforeEach
    void tenantWithTwoPeople() {
        events = new StoredEvents(eventStore, positions, jdbc);
        acme = api.newTenant("Price changes " + UUID.randomUUID());
        tenant = TenantId.parse(acme.tenantId());
        alice = new Actor(acme.tokenId());
        bob = new Actor(api.token(acme.tenantId(), "prices:approve").tokenId());
    }

    @Test
    void aChangeAppliedAndRolledBackShowsEveryStepWhoTookItAndItsOutcome() {
        PriceChangeId id = PriceChangeId.random();
        long position = append(id, alice,
                new PriceChangeDrafted(id, tenant, alice, BARE, at(0)),
                new PriceChangeEdited(id, tenant, alice, SUMMER_SALE, at(1)),
                new PriceChangePreviewed(id, tenant, alice, HASH, SUMMARY, at(2)),
                new PriceChangeSubmitted(id, tenant, alice, HASH, at(3)),
                new PriceChangeApproved(id, tenant, bob, HASH, false, at(4)),
                new PriceChangeScheduled(id, tenant, bob, Instant.parse("2026-11-26T08:00:00Z"), at(5)),
                new PriceChangeApplyStarted(id, tenant, Actor.SYSTEM, at(6)),
                new PriceChangeApplied(id, tenant, 95, 2, Instant.parse("2026-11-30T23:00:00Z"), at(7)),
                new PriceChangeRollbackStarted(id, tenant, bob, RollbackTrigger.MANUAL, at(8)),
                new PriceChangeRolledBack(id, tenant, 94, 1, RollbackTrigger.MANUAL, at(9)));

        JsonNode change = get(id, position);

        assertThat(change.get("id").asText()).isEqualTo(id.toString());
        assertThat(change.get("name").asText()).isEqualTo("Summer sale");
        assertThat(change.get("state").asText()).isEqualTo("ROLLED_BACK");
        assertThat(change.get("rule")).isEqualTo(SUMMER_RULE);
        assertThat(change.get("scheduleAt").asText()).isEqualTo("2026-11-26T08:00:00Z");
        assertThat(change.get("expiresAt").asText()).isEqualTo("2026-11-30T23:00:00Z");
        assertThat(change.get("note").asText()).isEqualTo("Black Friday week");
        assertThat(change.get("author").asText()).isEqualTo(alice.id());
        assertThat(change.get("lastEditor").asText()).isEqualTo(alice.id());
        assertThat(change.get("approver").asText()).isEqualTo(bob.id());
        assertThat(change.has("rejectedBy")).as("rejectedBy").isFalse();
        assertThat(change.has("rejectionReason")).as("rejectionReason").isFalse();
        assertThat(change.get("previewHash").asText()).isEqualTo(HASH);
        JsonNode preview = change.get("preview");
        assertThat(preview.get("items").asInt()).isEqualTo(120);
        assertThat(preview.get("change").asInt()).isEqualTo(97);
        assertThat(preview.get("noChange").asInt()).isEqualTo(11);
        assertThat(preview.get("blocked").asInt()).isEqualTo(3);
        assertThat(preview.get("skipped").asInt()).isEqualTo(9);
        assertThat(preview.get("minDeltaPercent").asText()).isEqualTo("-18.40");
        assertThat(preview.get("medianDeltaPercent").asText()).isEqualTo("-15.02");
        assertThat(preview.get("maxDeltaPercent").asText()).isEqualTo("-4.35");
        assertThat(change.get("applied").asInt()).isEqualTo(95);
        assertThat(change.get("conflicts").asInt()).isEqualTo(2);
        assertThat(change.get("rolledBack").asInt()).isEqualTo(94);
        assertThat(change.get("rollbackConflicts").asInt()).isEqualTo(1);
        String[] timestamps = {"createdAt", null, "previewedAt", "submittedAt", "approvedAt", "scheduledAt",
                "applyStartedAt", "appliedAt", "rollbackStartedAt", "rolledBackAt"};
        for (int i = 0; i < timestamps.length; i++) {
            if (timestamps[i] != null) {
                assertThat(change.get(timestamps[i]).asText()).as(timestamps[i]).isEqualTo(at(i).toString());
            }
        }
        assertThat(change.get("updatedAt").asText()).isEqualTo(at(9).toString());
        assertThat(change.has("rejectedAt")).as("rejectedAt").isFalse();
        assertThat(change.has("cancelledAt")).as("cancelledAt").isFalse();
        assertThat(change.get("version").asLong()).isEqualTo(9);
    }

    @Test
    void eachStepMovesTheChangeToItsState() {
        PriceChangeId id = PriceChangeId.random();
        assertState(id, "DRAFT", new PriceChangeDrafted(id, tenant, alice, SUMMER_SALE, at(0)));
        assertState(id, "PREVIEWED", new PriceChangePreviewed(id, tenant, alice, HASH, SUMMARY, at(1)));
        assertState(id, "SUBMITTED", new PriceChangeSubmitted(id, tenant, alice, HASH, at(2)));
        assertState(id, "APPROVED", new PriceChangeApproved(id, tenant, bob, HASH, false, at(3)));
        assertState(id, "SCHEDULED", new PriceChangeScheduled(id, tenant, bob, at(100), at(4)));
        assertState(id, "APPLYING", new PriceChangeApplyStarted(id, tenant, Actor.SYSTEM, at(5)));
        assertState(id, "APPLIED", new PriceChangeApplied(id, tenant, 3, 0, at(200), at(6)));
        assertState(id, "ROLLING_BACK",
                new PriceChangeRollbackStarted(id, tenant, Actor.SYSTEM, RollbackTrigger.EXPIRY, at(7)));
        assertState(id, "EXPIRED", new PriceChangeRolledBack(id, tenant, 3, 0, RollbackTrigger.EXPIRY, at(8)));
    }

    @Test
    void anEditVoidsThePreviewAndMakesItADraftAgain() {
        PriceChangeId id = PriceChangeId.random();
        long position = append(id, alice,
                new PriceChangeDrafted(id, tenant, alice, SUMMER_SALE, at(0)),
                new PriceChangePreviewed(id, tenant, alice, HASH, SUMMARY, at(1)),
                new PriceChangeEdited(id, tenant, bob, BARE, at(2)));

        JsonNode change = get(id, position);

        assertThat(change.get("state").asText()).isEqualTo("DRAFT");
        assertThat(change.get("name").asText()).isEqualTo("Tees -15%");
        assertThat(change.get("author").asText()).isEqualTo(alice.id());
        assertThat(change.get("lastEditor").asText()).isEqualTo(bob.id());
        assertThat(change.has("previewHash")).as("previewHash").isFalse();
        assertThat(change.has("preview")).as("preview").isFalse();
        assertThat(change.has("previewedAt")).as("previewedAt").isFalse();
        assertThat(change.has("scheduleAt")).as("scheduleAt").isFalse();
        assertThat(change.has("note")).as("note").isFalse();
    }

    @Test
    void aRejectedChangeSaysByWhomAndWhy() {
        PriceChangeId id = PriceChangeId.random();
        long position = append(id, alice,
                new PriceChangeDrafted(id, tenant, alice, SUMMER_SALE, at(0)),
                new PriceChangePreviewed(id, tenant, alice, HASH, SUMMARY, at(1)),
                new PriceChangeSubmitted(id, tenant, alice, HASH, at(2)),
                new PriceChangeRejected(id, tenant, bob, "floor too low for the outlet tees", at(3)));

        JsonNode change = get(id, position);

        assertThat(change.get("state").asText()).isEqualTo("REJECTED");
        assertThat(change.get("rejectedBy").asText()).isEqualTo(bob.id());
        assertThat(change.get("rejectionReason").asText()).isEqualTo("floor too low for the outlet tees");
        assertThat(change.get("rejectedAt").asText()).isEqualTo(at(3).toString());
        assertThat(change.has("approver")).as("approver").isFalse();
    }

    @Test
    void aCancelledChangeSaysWhen() {
        PriceChangeId id = PriceChangeId.random();
        long position = append(id, alice,
                new PriceChangeDrafted(id, tenant, alice, SUMMER_SALE, at(0)),
                new PriceChangeCancelled(id, tenant, alice, at(1)));

        JsonNode change = get(id, position);

        assertThat(change.get("state").asText()).isEqualTo("CANCELLED");
        assertThat(change.get("cancelledAt").asText()).isEqualTo(at(1).toString());
        assertThat(change.has("preview")).as("preview").isFalse();
        assertThat(change.has("applied")).as("applied").isFalse();
    }

    @Test
    void theListIsNewestFirstPagedAndFilteredByState() {
        List<String> newestFirst = new ArrayList<>();
        long position = 0;
        for (int i = 0; i < 5; i++) {
            PriceChangeId id = PriceChangeId.random();
            // created in order, so the newest is the last
            position = i % 2 == 0
                    ? append(id, alice, new PriceChangeDrafted(id, tenant, alice, SUMMER_SALE, at(10 * i)))
                    : append(id, alice, new PriceChangeDrafted(id, tenant, alice, SUMMER_SALE, at(10 * i)),
                            new PriceChangeCancelled(id, tenant, alice, at(10 * i + 1)));
            newestFirst.add(0, id.toString());
        }
        String wait = String.valueOf(position);

        JsonNode all = list("", wait);
        assertThat(ids(all)).containsExactlyElementsOf(newestFirst);
        assertThat(all.get("total").asLong()).isEqualTo(5);
        assertThat(all.get("page").asInt()).isZero();
        assertThat(all.get("size").asInt()).isEqualTo(50);
        assertThat(all.get("items").get(0).has("rule")).as("the list leaves the rules out").isFalse();

        List<String> paged = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            JsonNode slice = list("?size=2&page=" + page, wait);
            assertThat(slice.get("total").asLong()).isEqualTo(5);
            assertThat(slice.get("size").asInt()).isEqualTo(2);
            paged.addAll(ids(slice));
        }
        assertThat(paged).containsExactlyElementsOf(newestFirst);

        assertThat(ids(list("?state=CANCELLED", wait))).containsExactly(newestFirst.get(1), newestFirst.get(3));
        assertThat(ids(list("?state=draft", wait))).containsExactly(newestFirst.get(0), newestFirst.get(2),
                newestFirst.get(4));
        assertThat(list("?state=APPLIED", wait).get("total").asLong()).isZero();
    }

    @Test
    void anotherTenantsChangesAreNeitherListedNorFound() {
        PriceChangeId id = PriceChangeId.random();
        long position = append(id, alice, new PriceChangeDrafted(id, tenant, alice, SUMMER_SALE, at(0)));
        Api.TenantToken globex = api.newTenant("Price changes other " + UUID.randomUUID());

        Api.Response list = api.get("/api/v1/price-changes", globex.token(), waitFor(position));
        Api.Response found = api.get("/api/v1/price-changes/" + id, globex.token(), waitFor(position));

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("total").asLong()).isZero();
        // the same words as for an id nobody has: the detail never repeats the id
        assertThat(assertProblem(found, 404, "not-found").get("detail").asText()).isEqualTo("price change not found");
        assertThat(get(id, position).get("id").asText()).isEqualTo(id.toString());
    }

    @Test
    void anUnknownChangeIsNotFound() {
        assertProblem(api.get("/api/v1/price-changes/" + UUID.randomUUID(), acme.token()), 404, "not-found");
    }

    @Test
    void badParametersAreInvalidInputNamingThem() {
        assertThat(assertInvalidField(api.get("/api/v1/price-changes?state=LIVE", acme.token()), "state")
                .get("detail").asText()).contains("DRAFT", "ROLLED_BACK", "EXPIRED");
        assertInvalidField(api.get("/api/v1/price-changes?size=0", acme.token()), "size");
        assertInvalidField(api.get("/api/v1/price-changes?page=-1", acme.token()), "page");
        assertInvalidField(api.get("/api/v1/price-changes/not-a-uuid", acme.token()), "id");
    }

    @Test
    void anyPriceOrAuditScopeMayReadButNotACatalogReader() {
        PriceChangeId id = PriceChangeId.random();
        long position = append(id, alice, new PriceChangeDrafted(id, tenant, alice, SUMMER_SALE, at(0)));
        for (String scope : List.of("prices:write", "prices:approve", "prices:apply", "audit:read")) {
            String token = api.token(acme.tenantId(), scope).token();
            assertThat(api.get("/api/v1/price-changes", token, waitFor(position)).status()).as(scope).isEqualTo(200);
            assertThat(api.get("/api/v1/price-changes/" + id, token, waitFor(position)).status()).as(scope)
                    .isEqualTo(200);
        }
        String reader = api.token(acme.tenantId(), "catalog:read").token();
        assertProblem(api.get("/api/v1/price-changes", reader), 403, "missing-scope");
        assertProblem(api.get("/api/v1/price-changes/" + id, reader), 403, "missing-scope");
    }

    @Test
    void aReadWaitsForThePositionItIsGiven() {
        PriceChangeId id = PriceChangeId.random();
        long position = append(id, alice, new PriceChangeDrafted(id, tenant, alice, SUMMER_SALE, at(0)));

        // no polling: the wait header alone makes the change visible to the very first read
        Api.Response found = api.get("/api/v1/price-changes/" + id, acme.token(), waitFor(position));
        Api.Response listed = api.get("/api/v1/price-changes", acme.token(), waitFor(position));

        assertThat(found.status()).as(found.body()).isEqualTo(200);
        assertThat(ids(listed.json())).contains(id.toString());
    }

    private void assertState(PriceChangeId id, String state, Object event) {
        assertThat(get(id, append(id, alice, event)).get("state").asText()).isEqualTo(state);
    }

    private long append(PriceChangeId id, Actor actor, Object... payloads) {
        return events.append("PriceChange", id.toString(), acme.tenantId(), actor.id(), payloads);
    }

    private JsonNode get(PriceChangeId id, long position) {
        Api.Response response = api.get("/api/v1/price-changes/" + id, acme.token(), waitFor(position));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private JsonNode list(String query, String position) {
        Api.Response response = api.get("/api/v1/price-changes" + query, acme.token(),
                EventPositions.WAIT_HEADER, position);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static String[] waitFor(long position) {
        return new String[]{EventPositions.WAIT_HEADER, String.valueOf(position)};
    }

    private static List<String> ids(JsonNode page) {
        return StreamSupport.stream(page.get("items").spliterator(), false).map(i -> i.get("id").asText()).toList();
    }

    private static Instant at(int minutes) {
        return DAY.plusSeconds(60L * minutes);
    }
}
