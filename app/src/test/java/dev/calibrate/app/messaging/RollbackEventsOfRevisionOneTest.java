package dev.calibrate.app.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.Sql;
import dev.calibrate.app.support.StoredEvents;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.message.MetadataKeys;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeApplied;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeApplyStarted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeApproved;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeDrafted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangePreviewed;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRollbackStarted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRolledBack;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeSubmitted;
import dev.calibrate.kernel.tenant.Actor;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import static dev.calibrate.app.support.PriceChangeSamples.SUMMARY;
import static dev.calibrate.app.support.PriceChangeSamples.SUMMER_SALE;
import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rollback events stored before revision 2 said {@code "expiry": true|false} and carry no revision.
 * Such rows, written here straight into the event store as the old code wrote them, are read in the
 * new shape ({@code trigger}) by the read model and by the aggregate, through RollbackTriggerUpcaster.
 */
class RollbackEventsOfRevisionOneTest extends IntegrationTest {

    private static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static final Instant DAY = Instant.parse("2026-11-20T09:00:00Z");

    @Autowired
    EventStore eventStore;
    @Autowired
    EventPositions positions;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Environment env;

    private StoredEvents events;
    private Sql sql;
    private Api.TenantToken acme;
    private TenantId tenant;

    @BeforeEach
    void tenant() {
        events = new StoredEvents(eventStore, positions, jdbc);
        sql = Sql.connect(env);
        acme = api.newTenant("Revision one " + UUID.randomUUID());
        tenant = TenantId.parse(acme.tenantId());
    }

    @AfterEach
    void close() {
        sql.close();
    }

    @Test
    void aRollbackStoredWithExpiryTrueReadsAsTriggeredByTheExpiry() {
        PriceChangeId id = appliedChange();
        storeRevisionOne(id, 6, PriceChangeRollbackStarted.class,
                "{\"id\":\"%s\",\"tenantId\":\"%s\",\"by\":\"system\",\"expiry\":true,\"at\":\"%s\"}"
                        .formatted(id, tenant, at(6)));
        long position = storeRevisionOne(id, 7, PriceChangeRolledBack.class,
                "{\"id\":\"%s\",\"tenantId\":\"%s\",\"rolledBack\":94,\"conflicts\":1,\"expiry\":true,\"at\":\"%s\"}"
                        .formatted(id, tenant, at(7)));

        JsonNode change = get(id, position);
        assertThat(change.get("state").asText()).isEqualTo("EXPIRED");
        assertThat(change.get("rolledBack").asInt()).isEqualTo(94);
        assertThat(change.get("rolledBackAt").asText()).isEqualTo(at(7).toString());

        // the aggregate, rebuilt from the same rows, knows it expired
        assertThat(assertProblem(rollback(id), 409, "conflict").get("state").asText()).isEqualTo("EXPIRED");
    }

    @Test
    void aRollbackStoredWithExpiryFalseReadsAsAskedFor() {
        PriceChangeId id = appliedChange();
        storeRevisionOne(id, 6, PriceChangeRollbackStarted.class,
                "{\"id\":\"%s\",\"tenantId\":\"%s\",\"by\":\"%s\",\"expiry\":false,\"at\":\"%s\"}"
                        .formatted(id, tenant, acme.tokenId(), at(6)));
        long position = storeRevisionOne(id, 7, PriceChangeRolledBack.class,
                "{\"id\":\"%s\",\"tenantId\":\"%s\",\"rolledBack\":3,\"conflicts\":0,\"expiry\":false,\"at\":\"%s\"}"
                        .formatted(id, tenant, at(7)));

        assertThat(get(id, position).get("state").asText()).isEqualTo("ROLLED_BACK");
        assertThat(assertProblem(rollback(id), 409, "conflict").get("state").asText()).isEqualTo("ROLLED_BACK");
    }

    @Test
    void aRollbackStoredAsRevisionOneIsStillRollingBackForTheAggregate() {
        PriceChangeId id = appliedChange();
        long position = storeRevisionOne(id, 6, PriceChangeRollbackStarted.class,
                "{\"id\":\"%s\",\"tenantId\":\"%s\",\"by\":\"system\",\"expiry\":true,\"at\":\"%s\"}"
                        .formatted(id, tenant, at(6)));

        assertThat(get(id, position).get("state").asText()).isEqualTo("ROLLING_BACK");
        assertThat(assertProblem(rollback(id), 409, "conflict").get("state").asText()).isEqualTo("ROLLING_BACK");
    }

    /** A change through apply, stored as today's code stores it (sequence numbers 0 to 5). */
    private PriceChangeId appliedChange() {
        PriceChangeId id = PriceChangeId.random();
        Actor author = new Actor(acme.tokenId());
        Actor approver = new Actor(UUID.randomUUID().toString());
        events.append("PriceChange", id.toString(), acme.tenantId(), acme.tokenId(),
                new PriceChangeDrafted(id, tenant, author, SUMMER_SALE, at(0)),
                new PriceChangePreviewed(id, tenant, author, HASH, SUMMARY, at(1)),
                new PriceChangeSubmitted(id, tenant, author, HASH, at(2)),
                new PriceChangeApproved(id, tenant, approver, HASH, false, at(3)),
                new PriceChangeApplyStarted(id, tenant, Actor.SYSTEM, at(4)),
                new PriceChangeApplied(id, tenant, 95, 2, null, at(5)));
        return id;
    }

    /**
     * A row as the code before revision 2 appended it: no payload revision, the boolean {@code expiry}.
     * The rollback run it would start is parked, as {@link StoredEvents} parks the ones it appends.
     */
    private long storeRevisionOne(PriceChangeId id, long sequence, Class<?> event, String payload) {
        jdbc.update("INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked, version)"
                + " VALUES ('price-change-run', ?, now() + interval '1 year', false, 1) ON CONFLICT DO NOTHING",
                id + ":ROLLBACK");
        String metadata = "{\"%s\":\"%s\",\"%s\":\"system\",\"%s\":\"%s\",\"%s\":\"%s\",\"%s\":\"revision-one\"}".formatted(
                MetadataKeys.TENANT_ID, tenant, MetadataKeys.ACTOR, MetadataKeys.CORRELATION_ID, UUID.randomUUID(),
                MetadataKeys.CAUSATION_ID, UUID.randomUUID(), MetadataKeys.REQUEST_ID);
        sql.query("INSERT INTO domainevententry (eventidentifier, aggregateidentifier, sequencenumber, type,"
                        + " timestamp, payloadtype, payloadrevision, payload, metadata, tenant_id)"
                        + " VALUES (?, ?, ?, 'PriceChange', ?, ?, NULL, ?, ?, ?) RETURNING globalindex",
                UUID.randomUUID().toString(), id.toString(), sequence, at((int) sequence).toString(),
                event.getName(), payload.getBytes(StandardCharsets.UTF_8), metadata.getBytes(StandardCharsets.UTF_8),
                tenant.value());
        return positions.head();
    }

    private Api.Response rollback(PriceChangeId id) {
        String applier = api.token(acme.tenantId(), "prices:apply").token();
        return api.post("/api/v1/price-changes/" + id + "/rollback", applier, null);
    }

    private JsonNode get(PriceChangeId id, long position) {
        Api.Response response = api.get("/api/v1/price-changes/" + id, acme.token(), EventPositions.WAIT_HEADER,
                String.valueOf(position));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static Instant at(int minutes) {
        return DAY.plusSeconds(60L * minutes);
    }
}
