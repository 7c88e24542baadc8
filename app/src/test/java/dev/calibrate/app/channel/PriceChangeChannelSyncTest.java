package dev.calibrate.app.channel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.EventProcessors;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.Sql;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelError;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelSyncResult;
import dev.calibrate.kernel.message.EventPositions;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import java.util.List;
import java.util.Map;

import static dev.calibrate.app.channel.ChannelSteps.TEN_PERCENT_OFF;
import static dev.calibrate.app.channel.ChannelSteps.item;
import static dev.calibrate.app.support.ProblemAssertions.assertInvalidField;
import static dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind.APPLY;
import static dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind.ROLLBACK;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A price change over products linked to Shopify: each applied item shows whether Shopify holds its
 * price yet (pending, synced, failed with Shopify's reason), and the change counts them per channel.
 */
class PriceChangeChannelSyncTest extends IntegrationTest {

    private static final List<ChannelError> TOO_LOW = List.of(new ChannelError("GREATER_THAN_OR_EQUAL_TO",
            "variants.0.price", "Price must be greater than or equal to 20.00"));

    @Autowired
    CommandGateway commands;
    @Autowired
    EventPositions positions;
    @Autowired
    Environment env;

    private PriceChangeSteps steps;
    private ChannelSteps channel;
    private Api.TenantToken manager;
    private Api.TenantToken approver;
    private String change;

    /** SH-1 and SH-2 on Shopify and applied, SH-3 on Shopify but moved at Shopify since the preview, API-1 not on Shopify. */
    @BeforeEach
    void appliedToShopifyProducts() {
        steps = new PriceChangeSteps(api);
        channel = new ChannelSteps(api, commands, positions);
        manager = api.newTenant("Channel sync");
        approver = api.token(manager.tenantId(), "prices:approve");
        channel.ingest(manager, "SH-1", "20.00", true);
        channel.ingest(manager, "SH-2", "30.00", true);
        channel.ingest(manager, "SH-3", "40.00", true);
        assertThat(api.post("/api/v1/products", manager.token(),
                PriceChangeSteps.product("API-1", "50.00", null, "summer")).status()).isEqualTo(201);
        steps.awaitCatalog(manager.token(), positions.head());

        change = steps.approved(manager.token(), approver.token(), "Summer", TEN_PERCENT_OFF, Map.of());
        channel.ingest(manager, "SH-3", "41.00", true);
        assertThat(steps.action(manager.token(), change, "apply", null).status()).isEqualTo(202);
        steps.awaitApplied(manager.token(), change);
    }

    @Test
    void appliedItemsOfShopifyProductsArePendingUntilShopifyAnswers() {
        List<JsonNode> items = channel.awaitItems(manager, change, all -> { });

        assertThat(item(items, "SH-1").get("outcome").asText()).isEqualTo("APPLIED");
        assertThat(item(items, "SH-1").get("channels")).isEqualTo(states("shopify", "PENDING"));
        assertThat(item(items, "SH-2").get("channels")).isEqualTo(states("shopify", "PENDING"));
        assertThat(item(items, "SH-3").get("outcome").asText()).isEqualTo("CONFLICT");
        assertThat(item(items, "SH-3").get("channels")).as("a conflict sets no price to sync").isEmpty();
        assertThat(item(items, "API-1").get("outcome").asText()).isEqualTo("APPLIED");
        assertThat(item(items, "API-1").get("channels")).as("not on Shopify").isEmpty();
        assertThat(skus("?channelState=PENDING")).containsExactlyInAnyOrder("SH-1", "SH-2");
        assertThat(skus("?channelState=SYNCED")).isEmpty();
    }

    @Test
    void aSyncedItemShowsSyncedAndAFailedOneShopifysReason() {
        channel.synced(manager, "SH-1", change, APPLY, "18.00");
        channel.record(manager, "SH-2", change, APPLY, "27.00", ChannelSyncResult.FAILED,
                "Shopify refused the price", TOO_LOW);

        List<JsonNode> items = channel.awaitItems(manager, change, all ->
                assertThat(item(all, "SH-2").get("channels").path("shopify").path("state").asText()).isEqualTo("FAILED"));
        assertThat(item(items, "SH-1").get("channels")).isEqualTo(states("shopify", "SYNCED"));
        JsonNode failed = item(items, "SH-2").get("channels").get("shopify");
        assertThat(failed.get("reason").asText()).isEqualTo("Shopify refused the price");
        assertThat(failed.get("errors").get(0).get("code").asText()).isEqualTo("GREATER_THAN_OR_EQUAL_TO");
        assertThat(failed.get("errors").get(0).get("field").asText()).isEqualTo("variants.0.price");
        assertThat(failed.get("errors").get(0).get("message").asText()).contains("greater than or equal to");
        assertThat(skus("?channelState=FAILED")).containsExactly("SH-2");
        assertThat(skus("?channelState=synced")).containsExactly("SH-1");
        assertThat(skus("?channelState=PENDING")).isEmpty();
        assertThat(skus("?channelState=FAILED&outcome=CONFLICT")).isEmpty();

        assertThat(syncCounts()).isEqualTo(Map.of("pending", 0, "synced", 1, "failed", 1, "superseded", 0));
    }

    @Test
    void aRolledBackItemShowsTheRollbacksSync() {
        channel.synced(manager, "SH-1", change, APPLY, "18.00");
        channel.synced(manager, "SH-2", change, APPLY, "27.00");
        channel.awaitItems(manager, change, all ->
                assertThat(item(all, "SH-2").get("channels").path("shopify").path("state").asText()).isEqualTo("SYNCED"));

        assertThat(steps.action(manager.token(), change, "rollback", null).status()).isEqualTo(202);
        steps.awaitRolledBack(manager.token(), change);
        List<JsonNode> items = channel.awaitItems(manager, change, all -> { });
        assertThat(item(items, "SH-1").get("outcome").asText()).isEqualTo("ROLLED_BACK");
        assertThat(item(items, "SH-1").get("channels")).isEqualTo(states("shopify", "PENDING"));

        channel.synced(manager, "SH-1", change, ROLLBACK, "20.00");
        items = channel.awaitItems(manager, change, all ->
                assertThat(item(all, "SH-1").get("channels").path("shopify").path("state").asText()).isEqualTo("SYNCED"));
        assertThat(item(items, "SH-2").get("channels")).isEqualTo(states("shopify", "PENDING"));
        assertThat(syncCounts()).isEqualTo(Map.of("pending", 1, "synced", 1, "failed", 0, "superseded", 0));
    }

    @Test
    void replayRebuildsTheItemsSyncStates() {
        channel.synced(manager, "SH-1", change, APPLY, "18.00");
        channel.record(manager, "SH-2", change, APPLY, "27.00", ChannelSyncResult.FAILED,
                "Shopify refused the price", TOO_LOW);
        List<JsonNode> before = channel.awaitItems(manager, change, all ->
                assertThat(item(all, "SH-2").get("channels").path("shopify").path("state").asText()).isEqualTo("FAILED"));
        try (Sql owner = Sql.connect(env)) {
            owner.execute("INSERT INTO price_change_item_confirmation"
                    + " (price_change_id, product_id, tenant_id, apply_confirmation)"
                    + " SELECT price_change_id, product_id, tenant_id, '{\"shopify\": {\"state\": \"SUPERSEDED\"}}'"
                    + " FROM price_change_item WHERE price_change_id = '" + change + "'"
                    + " ON CONFLICT (price_change_id, product_id) DO UPDATE SET apply_confirmation = EXCLUDED.apply_confirmation");
        }
        assertThat(skus("?channelState=SUPERSEDED")).as("tampered").containsExactlyInAnyOrder("SH-1", "SH-2", "API-1");

        Api.Response replay = api.post("/admin/v1/projections/price-change-channel-sync/replay", api.adminToken(),
                null);

        assertThat(replay.status()).as(replay.body()).isEqualTo(202);
        EventProcessors.awaitCaughtUp(api, "price-change-channel-sync");
        assertThat(channel.awaitItems(manager, change, all -> { })).isEqualTo(before);
    }

    @Test
    void anUnknownChannelStateIsABadRequest() {
        assertInvalidField(api.get("/api/v1/price-changes/" + change + "/items?channelState=LOST", manager.token()),
                "channelState");
    }

    private List<String> skus(String query) {
        JsonNode page = api.get("/api/v1/price-changes/" + change + "/items" + query, manager.token()).json();
        return page.get("items").findValues("sku").stream().map(JsonNode::asText).toList();
    }

    /** Shopify's counts in the change's read model, once it shows every write so far. */
    private Map<String, Integer> syncCounts() {
        JsonNode view = api.get("/api/v1/price-changes/" + change, manager.token(),
                EventPositions.WAIT_HEADER, Long.toString(positions.head())).json();
        JsonNode shopify = view.path("channelSync").path("shopify");
        assertThat(shopify.isObject()).as(view.toString()).isTrue();
        return Map.of("pending", shopify.get("pending").asInt(), "synced", shopify.get("synced").asInt(),
                "failed", shopify.get("failed").asInt(), "superseded", shopify.get("superseded").asInt());
    }

    private JsonNode states(String channelName, String state) {
        return mapper.createObjectNode().set(channelName, mapper.createObjectNode().put("state", state));
    }
}
