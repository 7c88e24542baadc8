package dev.calibrate.app.channel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.StoredEvents;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelConnected;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.product.ProductMessages.UpsertOutcome;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.channel.ChannelSteps.TEN_PERCENT_OFF;
import static dev.calibrate.app.channel.ChannelSteps.id;
import static dev.calibrate.app.channel.ChannelSteps.item;
import static dev.calibrate.app.channel.ChannelSteps.tenantId;
import static dev.calibrate.app.support.ProblemAssertions.assertInvalidField;
import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind.APPLY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shopify showing another price than the one a price change set, end to end without Shopify: the
 * connector's ingest and write-back are played through the command gateway, the user works over HTTP.
 * SH-1 went from 20.00 to 18.00 and Shopify confirmed it; SH-2 (19.00 to 17.10) is still on its way.
 */
class ChannelDriftTest extends IntegrationTest {

    @Autowired
    CommandGateway commands;
    @Autowired
    EventPositions positions;
    @Autowired
    EventStore eventStore;
    @Autowired
    JdbcTemplate jdbc;

    private PriceChangeSteps steps;
    private ChannelSteps channel;
    private Api.TenantToken manager;
    private String change;

    @BeforeEach
    void appliedAndSynced() {
        steps = new PriceChangeSteps(api);
        channel = new ChannelSteps(api, commands, positions);
        manager = api.newTenant("Drift");
        Api.TenantToken approver = api.token(manager.tenantId(), "prices:approve");
        channel.ingest(manager, "SH-1", "20.00", true);
        channel.ingest(manager, "SH-2", "19.00", true);
        steps.awaitCatalog(manager.token(), positions.head());
        change = steps.approved(manager.token(), approver.token(), "Summer", TEN_PERCENT_OFF, Map.of());
        steps.action(manager.token(), change, "apply", null);
        steps.awaitApplied(manager.token(), change);
        channel.synced(manager, "SH-1", change, APPLY, "18.00");
    }

    @Test
    void aStaleObservationWhileTheWriteIsOnItsWayIsIgnored() {
        assertThat(channel.ingest(manager, "SH-2", "19.00", true)).isEqualTo(UpsertOutcome.UNCHANGED);

        assertThat(channel.catalogPrice(manager, "SH-2")).isEqualTo("17.10");
        assertThat(channel.drifts(manager, "").get("total").asInt()).isZero();
    }

    @Test
    void anotherPriceAfterTheSyncIsADriftAndTheIntendedPriceStays() {
        assertThat(channel.ingest(manager, "SH-1", "18.00", true)).isEqualTo(UpsertOutcome.UNCHANGED);
        assertThat(channel.ingest(manager, "SH-1", "19.50", true)).isEqualTo(UpsertOutcome.UPDATED);

        assertThat(channel.catalogPrice(manager, "SH-1")).isEqualTo("18.00");
        JsonNode drifts = channel.drifts(manager, "");
        assertThat(drifts.get("total").asInt()).isEqualTo(1);
        JsonNode drift = drifts.get("items").get(0);
        assertThat(drift.get("id").asText()).isEqualTo(id(manager, "SH-1").toString());
        assertThat(drift.get("channel").asText()).isEqualTo("shopify");
        assertThat(drift.get("sku").asText()).isEqualTo("SH-1");
        assertThat(drift.get("currency").asText()).isEqualTo("USD");
        assertThat(drift.get("expected").asText()).isEqualTo("18.00");
        assertThat(drift.get("actual").asText()).isEqualTo("19.50");
        assertThat(drift.get("state").asText()).isEqualTo("OPEN");
        assertThat(drift.get("detectedAt").asText()).isNotBlank();
        assertThat(drift.hasNonNull("resolvedAt")).isFalse();
        assertThat(channel.drifts(manager, "?state=OPEN&page=0&size=1").get("total").asInt()).isEqualTo(1);
        assertThat(channel.drifts(manager, "?state=ACCEPTED,REPAIRED").get("total").asInt()).isZero();
        assertThat(channel.history(manager, "SH-1")).endsWith("ChannelPriceSynced", "ChannelPriceDriftDetected");
    }

    @Test
    void acceptingAdoptsShopifysPriceAndClosesTheDrift() {
        channel.ingest(manager, "SH-1", "19.50", true);

        Api.Response accepted = api.post(drift("SH-1") + "/accept", manager.token(), null);

        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        assertThat(accepted.json().get("state").asText()).isEqualTo("ACCEPTED");
        assertThat(accepted.position()).isEqualTo(positions.head());
        assertThat(channel.catalogPrice(manager, "SH-1")).isEqualTo("19.50");
        assertThat(channel.drifts(manager, "").get("total").asInt()).isZero();
        JsonNode resolved = channel.drifts(manager, "?state=ACCEPTED").get("items").get(0);
        assertThat(resolved.get("sku").asText()).isEqualTo("SH-1");
        assertThat(resolved.get("resolvedAt").asText()).isNotBlank();
        assertThat(channel.history(manager, "SH-1"))
                .endsWith("ChannelPriceDriftDetected", "ProductPriceObserved", "ChannelPriceDriftResolved");

        // Shopify owns the price now: rolling the change back leaves it alone
        steps.action(manager.token(), change, "rollback", null);
        steps.awaitRolledBack(manager.token(), change);
        List<JsonNode> items = channel.awaitItems(manager, change, all -> { });
        assertThat(item(items, "SH-1").get("outcome").asText()).isEqualTo("ROLLBACK_CONFLICT");
        assertThat(item(items, "SH-1").get("outcomeReason").asText()).contains("observed at shopify");
    }

    @Test
    void repairingAsksForTheIntendedPriceAgainAndItsSyncClosesTheDrift() {
        channel.ingest(manager, "SH-1", "19.50", true);

        Api.Response repairing = api.post(drift("SH-1") + "/repair", manager.token(), null);

        assertThat(repairing.status()).as(repairing.body()).isEqualTo(202);
        assertThat(repairing.json().get("state").asText()).isEqualTo("REPAIRING");
        assertThat(channel.history(manager, "SH-1")).endsWith("ChannelPriceDriftDetected", "ChannelPriceRepairRequested");
        JsonNode request = lastEvent("SH-1", "ChannelPriceRepairRequested");
        assertThat(request.get("payload").get("priceChangeId").asText()).isEqualTo(change);
        assertThat(request.get("payload").get("price").get("amount").asText()).isEqualTo("18.00");
        assertThat(request.get("actor").asText()).isEqualTo(manager.tokenId());
        JsonNode open = channel.drifts(manager, "").get("items").get(0);
        assertThat(open.get("state").asText()).isEqualTo("REPAIRING");
        assertThat(channel.drifts(manager, "?state=OPEN").get("total").asInt()).isZero();
        // Shopify still shows the drifted price until the connector's write lands
        assertThat(channel.ingest(manager, "SH-1", "19.50", true)).isEqualTo(UpsertOutcome.UNCHANGED);

        channel.synced(manager, "SH-1", change, APPLY, "18.00");

        assertThat(channel.drifts(manager, "").get("total").asInt()).isZero();
        JsonNode repaired = channel.drifts(manager, "?state=REPAIRED").get("items").get(0);
        assertThat(repaired.get("sku").asText()).isEqualTo("SH-1");
        assertThat(repaired.get("resolvedAt").asText()).isNotBlank();
        assertThat(channel.catalogPrice(manager, "SH-1")).isEqualTo("18.00");
        assertThat(channel.history(manager, "SH-1")).endsWith("ChannelPriceSynced", "ChannelPriceDriftResolved");
    }

    @Test
    void acceptingOrRepairingWithoutAnOpenDriftIsAConflict() {
        for (String action : List.of("accept", "repair")) {
            JsonNode problem = assertProblem(api.post(drift("SH-1") + "/" + action, manager.token(), null), 409,
                    "conflict");
            assertThat(problem.get("detail").asText()).contains("no open drift for shopify");
        }
    }

    @Test
    void anUnknownProductOrChannelIsNotFound() {
        channel.ingest(manager, "SH-1", "19.50", true);
        String unknown = "/api/v1/connectors/shopify/drift/" + UUID.randomUUID();

        assertProblem(api.post(unknown + "/accept", manager.token(), null), 404, "not-found");
        assertProblem(api.post(unknown + "/repair", manager.token(), null), 404, "not-found");
        assertProblem(api.post("/api/v1/connectors/shopify/drift/not-a-uuid/repair", manager.token(), null), 404,
                "not-found");
        String amazon = "/api/v1/connectors/amazon/drift";
        assertProblem(api.post(amazon + "/" + id(manager, "SH-1") + "/accept", manager.token(), null), 404,
                "not-found");
        assertProblem(api.get(amazon, manager.token()), 404, "not-found");
        assertProblem(api.get("/api/v1/connectors/etsy/drift", manager.token()), 404, "not-found");
        assertThat(channel.drifts(manager, "").get("total").asInt()).as("nothing was settled").isEqualTo(1);
    }

    @Test
    void eachEndpointNeedsItsScope() {
        channel.ingest(manager, "SH-1", "19.50", true);
        Api.TenantToken reader = api.token(manager.tenantId(), "catalog:read");
        Api.TenantToken writer = api.token(manager.tenantId(), "prices:write");
        Api.TenantToken connectors = api.token(manager.tenantId(), "connectors:admin");
        Api.TenantToken auditor = api.token(manager.tenantId(), "audit:read");

        assertProblem(api.post(drift("SH-1") + "/accept", reader.token(), null), 403, null);
        assertProblem(api.post(drift("SH-1") + "/repair", writer.token(), null), 403, null);
        assertThat(api.get("/api/v1/connectors/shopify/drift", writer.token()).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/connectors/shopify/drift", reader.token()).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/connectors/shopify/drift", auditor.token()).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/connectors/shopify/drift", connectors.token()).status()).isEqualTo(200);
        assertThat(api.post(drift("SH-1") + "/repair", connectors.token(), null).status()).isEqualTo(202);
    }

    @Test
    void badListParametersAreBadRequests() {
        assertInvalidField(api.get("/api/v1/connectors/shopify/drift?state=GONE", manager.token()), "state");
        assertInvalidField(api.get("/api/v1/connectors/shopify/drift?size=0", manager.token()), "size");
        assertInvalidField(api.get("/api/v1/connectors/shopify/drift?page=-1", manager.token()), "page");
    }

    @Test
    void anotherTenantNeitherSeesNorSettlesTheDrift() {
        channel.ingest(manager, "SH-1", "19.50", true);
        Api.TenantToken globex = api.newTenant("Drift Globex");
        channel.ingest(globex, "SH-1", "5.00", true);

        assertThat(channel.drifts(globex, "?state=OPEN,REPAIRING,ACCEPTED,REPAIRED").get("total").asInt()).isZero();
        assertProblem(api.post(drift("SH-1") + "/accept", globex.token(), null), 404, "not-found");
        assertProblem(api.post(drift("SH-1") + "/repair", globex.token(), null), 404, "not-found");
        assertThat(channel.drifts(manager, "").get("items").get(0).get("state").asText()).isEqualTo("OPEN");
    }

    @Test
    void theAuditLogRecordsTheChannelEvents() {
        channel.ingest(manager, "SH-1", "19.50", true);
        StoredEvents events = new StoredEvents(eventStore, positions, jdbc);
        events.append("ChannelConnection", "shopify:drift.myshopify.com", manager.tenantId(), manager.tokenId(),
                new ChannelConnected(tenantId(manager), "shopify", "drift.myshopify.com", "USD"));

        JsonNode product = audit("?entityType=product&entityId=" + id(manager, "SH-1"));
        assertThat(product.get("items")).extracting(i -> i.get("action").asText())
                .startsWith("ChannelPriceDriftDetected", "ChannelPriceSynced");
        JsonNode connection = audit("?entityType=channel-connection&entityId=shopify:drift.myshopify.com");
        assertThat(connection.get("items")).extracting(i -> i.get("action").asText())
                .containsExactly("ChannelConnected");
        assertThat(connection.get("items").get(0).get("actor").asText()).isEqualTo(manager.tokenId());
    }

    private JsonNode audit(String query) {
        Api.Response audit = api.get("/api/v1/audit" + query, manager.token(),
                EventPositions.WAIT_HEADER, Long.toString(positions.head()));
        assertThat(audit.status()).as(audit.body()).isEqualTo(200);
        return audit.json();
    }

    private JsonNode lastEvent(String sku, String type) {
        JsonNode found = null;
        for (JsonNode event : api.get("/api/v1/products/" + id(manager, sku) + "/history", manager.token()).json()
                .get("events")) {
            if (event.get("type").asText().equals(type)) found = event;
        }
        return found;
    }

    private String drift(String sku) {
        return "/api/v1/connectors/shopify/drift/" + id(manager, sku);
    }
}
