package dev.calibrate.app.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.cluster.ClusterNodes.Node;
import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.shopify.ShopifyPriceHistory;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.ShopifyFake;
import dev.calibrate.app.support.Sql;
import dev.calibrate.connectors.shopify.fake.FakeShop;
import dev.calibrate.connectors.shopify.fake.PriceWrite;
import org.awaitility.core.ConditionTimeoutException;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link SeveralNodesTest}'s write-back step, on a cluster of at least two nodes started with the fake Shopify
 * as their Shopify: a tenant connects a fake shop through the API and imports its catalog; a price change on
 * it is applied, and the node running the write-back round is killed (SIGKILL) mid-way, with a call out (prices
 * claimed, unconfirmed). The race this step stages, every time: a second change, applied at once, gives every
 * variant a newer price, and its intents are recorded over the dead node's claims while the dead node's round
 * still holds the write-back. The test holds the round there (it keeps the other nodes' dead-execution
 * detection from declaring it dead, {@link ClusterNodes#holdDeadNodesTask}) and asserts that the dead node
 * still held it when the newer intents were in; then it releases it, as if the node had died at that moment,
 * and another node must go on with the write-back within the bound, measured from the release. Every variant
 * ends at its newest price, and the shop's record of the prices each variant was sent never shows the older
 * change's price after the newer one's.
 */
final class ShopifyWriteBackKill {

    static final String WRITE_BACK_TASK = "shopify-write-back";
    /** The one segment of the processor that records the write-back's intents. */
    static final String INTENTS_SEGMENT = "shopify-channel/0";
    /** How long the shop holds a call around the kill: under the nodes' Shopify request timeout (3 s). */
    static final Duration CALL_HELD = Duration.ofSeconds(2);

    private final ClusterNodes cluster;

    ShopifyWriteBackKill(ClusterNodes cluster) {
        this.cluster = cluster;
    }

    void killTheNodeWritingBackAndTheWriteBackGoesOnElsewhere(int shopProducts, Duration bound) throws Exception {
        assertThat(cluster.alive()).as("nodes to kill one of and go on with").hasSizeGreaterThanOrEqualTo(2);
        FakeShop shop = ShopifyFake.newShop("USD");
        shop.generateCatalog(shopProducts, 3, 11);
        int variants = shop.variants().size();
        Map<String, String> originals = ShopifyPriceHistory.prices(shop);
        Api api = cluster.alive().get(0).api;
        PriceChangeSteps changes = new PriceChangeSteps(api);
        Api.TenantToken manager = api.newTenant("Cluster " + shop.domain());
        Api.TenantToken approver = api.token(manager.tenantId(), "prices:approve");
        ShopifyFake.connect(api, manager, shop);
        assertThat(api.post("/api/v1/connectors/shopify/sync", manager.token(), null).status()).isEqualTo(202);
        await("catalog imported").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(api.get("/api/v1/products?size=1", manager.token()).json().path("total").asInt())
                        .isEqualTo(variants));
        String change = fivePercentOff(changes, manager, approver, "Shopify -5%");
        // archived and draft products were imported inactive: no rule selects them, their price stays
        Map<String, String> intended = proposed(changes, manager, change, originals);
        int changed = (int) intended.entrySet().stream()
                .filter(e -> new BigDecimal(e.getValue()).compareTo(new BigDecimal(originals.get(e.getKey()))) != 0).count();

        // a slow shop, so that the write-back is still running when its node dies
        // about 40 calls at once, then 2 a second: the write-back outlasts the newer change's preparation
        shop.plan(20);
        int writesBefore = shop.writes().size();
        assertThat(changes.action(manager.token(), change, "apply", null).status()).isEqualTo(202);
        // the newer change is ready before the kill, so that it is applied right after it
        changes.awaitApplied(manager.token(), change);
        String newer = fivePercentOff(changes, manager, approver, "Shopify another -5%");
        Map<String, String> newest = proposed(changes, manager, newer, intended);
        assertThat(newest.entrySet().stream().filter(e -> new BigDecimal(e.getValue())
                .compareTo(new BigDecimal(intended.get(e.getKey()))) != 0).count())
                .as("variants the newer change prices anew: every one the first changed").isEqualTo(changed);
        await("part of the write-back done").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
                .until(() -> shop.writes().size() - writesBefore >= changed / 10);
        Node victim = nodeWithACallOutHeld(shop, manager);
        // the calls the node has not made yet are not held
        shop.clearFaults();
        cluster.kill(victim);
        Instant killed = Instant.now();
        // the round stays the dead node's until the newer change's intents are recorded, however long that takes on
        // a loaded machine: the test keeps the survivors from declaring it dead (else about 10 s after the kill)
        assertThat(cluster.holdDeadNodesTask(WRITE_BACK_TASK, victim)).as("the write-back round %s held as it was"
                + " killed", victim.name).isEqualTo(1);
        long claimedAtKill = claimedUnconfirmed(manager);
        List<Map<String, Object>> claimsAtKill = claims(manager);
        int writesAtKill = shop.writes().size();
        Set<String> writtenAtKill = variantsWritten(shop.writes(), writesBefore);
        assertThat(claimedAtKill).as("prices %s had claimed for a call Shopify had not answered", victim.name)
                .isPositive();
        assertThat(writtenAtKill.size()).as("variants written when %s was killed", victim.name).isLessThan(changed);

        // while the dead node's round still holds the write-back, a newer price for every variant: whatever the
        // dead node had sent or was sending, and whatever the round revived elsewhere sends, no variant may get
        // the first change's price after the second's
        Api survivor = cluster.alive().get(0).api;
        PriceChangeSteps survivorChanges = new PriceChangeSteps(survivor);
        assertThat(survivorChanges.action(manager.token(), newer, "apply", null).status()).isEqualTo(202);
        Instant newerApplied = Instant.now();
        survivorChanges.awaitApplied(manager.token(), newer);
        long changedByNewer = newest.entrySet().stream()
                .filter(e -> new BigDecimal(e.getValue()).compareTo(new BigDecimal(intended.get(e.getKey()))) != 0).count();
        await("the newer change's intents recorded").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
                .until(() -> intentsOf(newer), intents -> intents == changedByNewer);
        Instant recorded = Instant.now();
        // the race this step is for, staged: the newer prices recorded over the dead node's claims of older ones
        // while its round still holds the write-back. A round revived elsewhere would have cleared picked_by, so
        // the dead node's name there means no other node has sent anything since the kill
        String holder = cluster.pickedBy(WRITE_BACK_TASK);
        long overtaken = claimsOvertaken(manager);
        System.out.printf("write-back race staged: held by %s (killed %s) when the newer intents were recorded %d ms"
                        + " after the kill, %d of its %d claimed prices under a newer intent; %d writes since the kill%n",
                holder, victim.name, Duration.between(killed, recorded).toMillis(), overtaken, claimedAtKill,
                shop.writes().size() - writesAtKill);
        assertThat(holder).as("the write-back's holder when the newer intents were recorded").isEqualTo(victim.name);
        assertThat(overtaken).as("the dead node's claimed prices that have a newer intent; claimed at the kill %s,"
                + " the same prices now %s", claimsAtKill, deliveriesOf(claimsAtKill)).isPositive();

        // the call the dead node had out lands about CALL_HELD after it was sent, with the older price: when the
        // newer intents were recorded sooner, it must not count as the write-back going on after the release
        await("the call held at the kill answered").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(50))
                .until(() -> shop.held() == 0);
        // from the release the takeover is db-scheduler's own: the dead node's heartbeats missed, as if it died now
        int quiet = shop.writes().size();
        assertThat(cluster.releaseHeldTask(WRITE_BACK_TASK, victim)).as("the held round released").isEqualTo(1);
        Instant released = Instant.now();
        Instant goneOn = await("the write-back going on on another node after the release").atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(50)).until(() -> shop.writes().size() > quiet ? Instant.now() : null,
                        Objects::nonNull);
        Duration continued = Duration.between(released, goneOn);
        String takenBy = cluster.pickedBy(WRITE_BACK_TASK);
        shop.plan(1000);
        survivorChanges.awaitApplied(manager.token(), newer);
        awaitShopHolds(shop, newest);
        System.out.printf("SeveralNodesTest: write-back of %d variants, %s killed with %d written and %d claimed"
                        + " unconfirmed; a newer change applied %d ms after the kill, its intents recorded %d ms after"
                        + " the kill while the round was held; the write-back went on %d ms after the release (round"
                        + " picked by %s)%n", changed, victim.name, writtenAtKill.size(), claimedAtKill,
                Duration.between(killed, newerApplied).toMillis(), Duration.between(killed, recorded).toMillis(),
                continued.toMillis(), takenBy);
        assertThat(continued).as("the write-back went on after the release").isLessThan(bound);
        assertThat(takenBy).as("the node that went on with the write-back").isNotEqualTo(victim.name);
        ShopifyPriceHistory.assertInOrderAndNeverStale(ShopifyPriceHistory.writesSince(shop, writesBefore),
                intended, newest);
        assertThat(ShopifyFake.server().invalidDocuments()).isEmpty();
    }

    /**
     * A change of every Shopify product's price by -5 %, previewed once the node's catalog holds every event
     * stored so far: a preview evaluated before the catalog had the previous change's last prices would propose
     * them again, and those products would get no newer intent.
     */
    private String fivePercentOff(PriceChangeSteps changes, Api.TenantToken manager, Api.TenantToken approver,
                                  String name) {
        long head;
        try (Sql sql = cluster.read()) {
            head = sql.count("SELECT coalesce(max(globalindex), 0) FROM domainevententry");
        }
        return changes.approved(manager.token(), approver.token(), name, Map.of(
                "selector", Map.of("field", "channel", "op", "contains", "value", "shopify"),
                "transform", List.of(Map.of("op", "percent", "value", -5)), "currency", "USD"), Map.of(), head);
    }

    /** {@code before} with the prices the change proposes, by SKU. */
    private static Map<String, String> proposed(PriceChangeSteps changes, Api.TenantToken manager, String change,
                                                Map<String, String> before) {
        Map<String, String> prices = new TreeMap<>(before);
        for (JsonNode item : changes.items(manager.token(), change)) {
            prices.put(item.path("sku").asText(), item.path("proposedPrice").path("amount").asText());
        }
        return prices;
    }

    /**
     * The node writing back, once the shop holds a call it sent: prices claimed for the call (sent_seq) and not
     * confirmed. The shop holds the next calls for a while before it handles them, and the kill that follows
     * waits until it holds one: that call's claim is still waiting for its answer when the kill lands, not being
     * confirmed by a statement already on its way to the database. The held call still reaches the shop, with the
     * older price, about CALL_HELD after it was sent; long before the round is released and anything newer can
     * be sent. The delivery record's processor is first moved to a node that survives, so the newer change's
     * intents are recorded at once rather than after the dead node's claim times out, and the round is held no
     * longer than needed. A round that ends meanwhile (the first rounds send what is due so far, and the next may
     * go to another node) is followed to the node that has the next one.
     */
    private Node nodeWithACallOutHeld(FakeShop shop, Api.TenantToken manager) {
        for (int attempt = 1; ; attempt++) {
            String writer = await("a write-back round going on").atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(20)).until(() -> cluster.pickedBy(WRITE_BACK_TASK), Objects::nonNull);
            Node victim = cluster.named(writer);
            if (ownsIntents(victim)) {
                Api.Response released = victim.api.post("/admin/v1/projections/" + INTENTS_SEGMENT.replace("/", "/segments/")
                        + "/release?seconds=600", victim.api.adminToken(), null);
                assertThat(released.status()).as(released.body()).isEqualTo(202);
            }
            await(INTENTS_SEGMENT + " on a node that survives").atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(100)).until(() -> cluster.segmentOwners().get(INTENTS_SEGMENT) != null
                            && !ownsIntents(victim));
            shop.delayNext(10, CALL_HELD);
            try {
                await("a call out from " + writer + ", held by the shop").atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(10)).until(() -> shop.held() > 0
                                && writer.equals(cluster.pickedBy(WRITE_BACK_TASK)) && claimedUnconfirmed(manager) > 0);
                return victim;
            } catch (ConditionTimeoutException roundMoved) {
                shop.clearFaults();
                assertThat(attempt).as("write-back rounds followed to a held call; now picked by %s, %d claimed",
                        cluster.pickedBy(WRITE_BACK_TASK), claimedUnconfirmed(manager)).isLessThan(3);
                await("the held calls answered").atMost(Duration.ofMinutes(1)).until(() -> shop.held() == 0);
            }
        }
    }

    private boolean ownsIntents(Node node) {
        String owner = cluster.segmentOwners().get(INTENTS_SEGMENT);
        return owner != null && owner.startsWith(node.ownerPrefix());
    }

    /** The tenant's prices claimed for a call (their intent's sequence in {@code sent_seq}) and not confirmed. */
    private long claimedUnconfirmed(Api.TenantToken tenant) {
        try (Sql sql = cluster.read()) {
            return sql.count("SELECT count(*) FROM shopify_delivery WHERE tenant_id::text = ? AND status = 'PENDING'"
                    + " AND sent_seq IS NOT NULL", tenant.tenantId());
        }
    }

    /** The tenant's prices claimed for a call and not confirmed, as the record holds them. */
    private List<Map<String, Object>> claims(Api.TenantToken tenant) {
        try (Sql sql = cluster.read()) {
            return sql.queryAsText("SELECT " + DELIVERY_STATE + " FROM shopify_delivery WHERE tenant_id::text = ?"
                    + " AND status = 'PENDING' AND sent_seq IS NOT NULL", tenant.tenantId());
        }
    }

    /** What the record holds now for the products of {@code rows}. */
    private List<Map<String, Object>> deliveriesOf(List<Map<String, Object>> rows) {
        try (Sql sql = cluster.read()) {
            return sql.queryAsText("SELECT " + DELIVERY_STATE + " FROM shopify_delivery"
                    + " WHERE product_id::text = ANY (string_to_array(?, ','))",
                    rows.stream().map(row -> (String) row.get("product_id")).collect(Collectors.joining(",")));
        }
    }

    private static final String DELIVERY_STATE = "product_id, variant_gid, status, intent_seq, sent_seq, price,"
            + " attempts, last_error, sent_at, synced_at";

    /** The tenant's prices claimed for a call of an intent the record has since replaced with a newer one. */
    private long claimsOvertaken(Api.TenantToken tenant) {
        try (Sql sql = cluster.read()) {
            return sql.count("SELECT count(*) FROM shopify_delivery WHERE tenant_id::text = ? AND status = 'PENDING'"
                    + " AND sent_seq < intent_seq", tenant.tenantId());
        }
    }

    /** The intents of price change {@code change} the delivery record holds. */
    private long intentsOf(String change) {
        try (Sql sql = cluster.read()) {
            return sql.count("SELECT count(*) FROM shopify_delivery WHERE price_change_id::text = ?", change);
        }
    }

    private static Set<String> variantsWritten(List<PriceWrite> writes, int from) {
        Set<String> variants = new HashSet<>();
        for (PriceWrite write : writes.subList(from, writes.size())) {
            variants.add(write.variantGid());
        }
        return variants;
    }

    private static void awaitShopHolds(FakeShop shop, Map<String, String> expected) {
        await("prices at " + shop.domain()).atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(ShopifyPriceHistory.prices(shop)).isEqualTo(expected));
    }
}
