package dev.calibrate.app.cluster;

import dev.calibrate.app.cluster.ClusterNodes.Database;
import dev.calibrate.app.cluster.ClusterNodes.Node;
import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.EventProcessors;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.ReadModels;
import dev.calibrate.app.support.ShopifyFake;
import dev.calibrate.app.support.Sql;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static dev.calibrate.app.cluster.ClusterNodes.usd;
import static dev.calibrate.app.pricechange.PriceChangeSteps.SUMMER_SALE;
import static dev.calibrate.app.pricechange.PriceChangeSteps.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three identical nodes, each its own JVM, on one PostgreSQL (an embedded server this JVM starts, as an
 * operator's external one): the event processors' segments are spread over the nodes; a node killed with
 * SIGKILL leaves its segments to the others within 20 seconds, and the read models keep following new
 * writes; 1,000 price updates sent at once over the three nodes, 20 to each of 50 products, lose none; the node
 * running a 5,000-item apply killed mid-run leaves the run to a survivor, and every item is applied exactly
 * once; the node writing a price change back to a (fake) Shopify killed mid-way, its round held there until a
 * newer change's intents are in, leaves the write-back to a survivor once released, every variant ends at its
 * price and none is sent a stale one after a newer; the read models equal, row for row, a rebuild from the events.
 * Sizes are settings ({@code -Dcalibrate.test.several-nodes.*}), so a CI run can shorten them.
 */
@Tag("slow") // three application processes: ./mvnw verify -Pslow
class SeveralNodesTest {

    static final String ADMIN_TOKEN = "several-nodes-admin-token-0123456789abcdef";
    static final Duration FAILOVER_BOUND = Duration.ofSeconds(20);
    static final int PRODUCTS = setting("products", 50);
    static final int UPDATES_PER_PRODUCT = setting("updates-per-product", 20);
    static final int APPLY_ITEMS = setting("apply-items", 5_000);
    /** Chunks of the apply: a kill lands between them. */
    static final int CHUNK = setting("apply-chunk", 200);
    /** The node running the apply is killed only while at least this many chunks are still to write. */
    static final int CHUNKS_PENDING_AT_KILL = setting("chunks-pending-at-kill", 10);
    /** Products of the fake shop, three variants each: one Calibrate product per variant. */
    static final int SHOP_PRODUCTS = setting("shop-products", 200);
    static final Path LOGS = Path.of("target", "several-nodes");
    static final String RUN_TASK = "price-change-run";

    @TempDir
    Path dir;

    private EmbeddedPostgres postgres;
    private ClusterNodes cluster;
    private String url;

    @AfterEach
    void stop() throws Exception {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    @Test
    void nodesShareTheWorkTakeOverADeadNodesWorkAndBuildTheReadModelsOneNodeWould() throws Exception {
        assertThat(APPLY_ITEMS).as("an apply long enough for a kill with %d chunks pending", CHUNKS_PENDING_AT_KILL)
                .isGreaterThanOrEqualTo((CHUNKS_PENDING_AT_KILL + 2) * CHUNK);
        long began = System.nanoTime();
        postgres = EmbeddedPostgres.builder()
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("max_connections", "200")
                .start();
        url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
        Database superuser = new Database(url, "postgres", "");
        cluster = new ClusterNodes(dir, ADMIN_TOKEN, superuser, superuser, LOGS,
                // every node the same copilot password, or each start would change the role's under the others
                "--calibrate.copilot.db.password=several-nodes-copilot",
                "--logging.level.dev.calibrate.app.cluster=DEBUG",
                "--calibrate.price-changes.run-chunk-size=" + CHUNK,
                "--calibrate.secrets.key=" + IntegrationTest.SECRETS_KEY,
                "--calibrate.shopify.base-url=" + ShopifyFake.server().baseUrlTemplate(),
                "--calibrate.shopify.request-timeout=3s",
                // one call per Shopify product, so a kill lands between calls
                "--calibrate.shopify.bulk-mutation-threshold=100000");

        // the first node migrates the schema alone; the other two start together
        List<Node> nodes = List.of(cluster.add("node-1"), cluster.add("node-2"), cluster.add("node-3"));
        start(nodes.get(0));
        cluster.awaitUp(nodes.get(0), Duration.ofMinutes(4));
        start(nodes.get(1));
        start(nodes.get(2));
        cluster.awaitUp(nodes.get(1), Duration.ofMinutes(4));
        cluster.awaitUp(nodes.get(2), Duration.ofMinutes(4));
        for (Node node : nodes) {
            assertThat(Files.readString(cluster.log(node))).as(node.name + " started no PostgreSQL of its own")
                    .doesNotContain("Embedded PostgreSQL");
        }

        Node segmentsVictim = concurrentUpdatesOnSharedSegmentsAndTheDeadNodesSegmentsTakenOver();
        killTheNodeRunningAnApplyAndItsRunCompletesOnAnother();
        // an operator replaces a dead node: the first one's process starts again, on the same port
        start(segmentsVictim);
        cluster.awaitUp(segmentsVictim, Duration.ofMinutes(4));
        new ShopifyWriteBackKill(cluster).killTheNodeWritingBackAndTheWriteBackGoesOnElsewhere(SHOP_PRODUCTS,
                FAILOVER_BOUND);
        theReadModelsAreThoseOneNodeRebuildsFromTheEventStore();
        System.out.printf("SeveralNodesTest: the whole test took %d s%n",
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began));
    }

    /**
     * (a) the catalog's two segments on two nodes; (b) 1,000 updates at once over the three nodes, none lost;
     * (a, continued) the node holding catalog segment 0 killed, its segments claimed by the others within 20
     * s, and the read models following new writes. Answers the killed node.
     */
    private Node concurrentUpdatesOnSharedSegmentsAndTheDeadNodesSegmentsTakenOver() throws Exception {
        List<Node> nodes = cluster.alive();
        Map<String, String> owners = await("every segment owned").atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(200)).until(cluster::segmentOwners, o -> o.containsKey("catalog/1")
                        && o.values().stream().allMatch(owner -> owner != null));
        assertThat(owners.values().stream().map(SeveralNodesTest::pidOf).collect(Collectors.toSet()))
                .as("segments held by more than one node: %s", owners).hasSizeGreaterThanOrEqualTo(2);
        assertThat(pidOf(owners.get("catalog/0"))).isNotEqualTo(pidOf(owners.get("catalog/1")));

        ConcurrentPriceUpdates.Written written = new ConcurrentPriceUpdates(cluster, url, PRODUCTS, UPDATES_PER_PRODUCT)
                .sendAtOnceOverTheNodesAndLoseNone();
        Api.TenantToken token = written.token();
        List<String> ids = written.ids();

        // the node holding catalog segment 0 (and the single-segment processors it has) killed
        Node victim = nodes.stream().filter(n -> pidOf(owners.get("catalog/0")).equals(Long.toString(n.process.pid())))
                .findFirst().orElseThrow();
        String victimOwner = victim.ownerPrefix();
        List<String> victimSegments = cluster.segmentsOwnedBy(victimOwner);
        long killedAt = System.nanoTime();
        cluster.kill(victim);
        await("the dead node's segments claimed by the others").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    Map<String, String> now = cluster.segmentOwners();
                    return victimSegments.stream().allMatch(segment -> now.get(segment) != null
                            && !now.get(segment).startsWith(victimOwner));
                });
        Duration failover = Duration.ofNanos(System.nanoTime() - killedAt);
        System.out.printf("SeveralNodesTest: %s's %d segments %s claimed elsewhere %d ms after the kill%n",
                victim.name, victimSegments.size(), victimSegments, failover.toMillis());
        assertThat(failover).as("failover of " + victimSegments).isLessThan(FAILOVER_BOUND);

        // the read models keep following: a write on one survivor is read on the other
        Node writer = cluster.alive().get(0);
        Node reader = cluster.alive().get(1);
        Api.Response update = writer.api.post("/api/v1/products", token.token(), product(sku(0), "77.77", null, "nodes"));
        assertThat(update.status()).as(update.body()).isEqualTo(200);
        Api.Response fresh = writer.api.post("/api/v1/products", token.token(), product("AFTER-KILL", "12.34", null, "nodes"));
        assertThat(fresh.status()).as(fresh.body()).isEqualTo(201);
        long position = Math.max(update.position(), fresh.position());
        Api.Response updated = reader.api.get("/api/v1/products/" + ids.get(0), token.token(),
                "X-Calibrate-Wait-For", Long.toString(position));
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(usd(updated.json())).isEqualByComparingTo("77.77");
        Api.Response created = reader.api.get("/api/v1/products/" + fresh.json().get("id").asText(),
                token.token(), "X-Calibrate-Wait-For", Long.toString(position));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(usd(created.json())).isEqualByComparingTo("12.34");
        return victim;
    }

    /**
     * (c) With the two survivors: an apply, and the node running it killed while at least
     * {@link #CHUNKS_PENDING_AT_KILL} chunks are still to write; db-scheduler's dead-execution detection hands
     * the run to the other node, which picks it with items still pending, and every item is applied exactly once.
     */
    private void killTheNodeRunningAnApplyAndItsRunCompletesOnAnother() throws Exception {
        Api api = cluster.alive().get(0).api;
        Api.TenantToken manager = api.token(api.createTenant("Apply", "USD"), "catalog:read", "catalog:write",
                "prices:write", "prices:apply", "audit:read");
        Api.TenantToken approver = api.token(manager.tenantId(), "prices:approve");
        List<Map<String, Object>> products = new ArrayList<>();
        for (int i = 0; i < APPLY_ITEMS; i++) {
            products.add(product("AP-" + i, (10 + i % 90) + ".00", null, "summer"));
        }
        PriceChangeSteps steps = new PriceChangeSteps(api);
        steps.catalog(manager.token(), products);
        String change = steps.approved(manager.token(), approver.token(), "Sale", SUMMER_SALE, Map.of());
        assertThat(steps.action(manager.token(), change, "apply", null).status()).isEqualTo(202);
        String runner = await("the run picked").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(50))
                .until(() -> cluster.pickedBy(RUN_TASK), by -> by != null);
        long appliedBeforeKill = await("part of the apply done").atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(20)).until(() -> cluster.applied(change), applied -> applied >= CHUNK);
        assertThat(appliedBeforeKill).as("at least %d chunks of the apply still to write when the node is killed",
                CHUNKS_PENDING_AT_KILL).isLessThanOrEqualTo(APPLY_ITEMS - (long) CHUNKS_PENDING_AT_KILL * CHUNK);
        Node victim = cluster.named(runner);
        assertThat(cluster.pickedBy(RUN_TASK)).as("the node running the apply as it is killed").isEqualTo(runner);
        long killedAt = System.nanoTime();
        cluster.kill(victim);
        long appliedAtKill = cluster.applied(change);
        Node survivor = cluster.alive().get(0);
        long[] appliedAtTakeover = {-1};
        try (Sql sql = Sql.connect(url)) {
            await("the run taken over").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        long applied = ClusterNodes.applied(sql, change);
                        if (!survivor.name.equals(ClusterNodes.pickedBy(sql, RUN_TASK)) && applied < APPLY_ITEMS) {
                            return false;
                        }
                        appliedAtTakeover[0] = applied;
                        return true;
                    });
        }
        Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);
        await("the apply completed").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                .until(() -> cluster.applied(change) == APPLY_ITEMS);
        new PriceChangeSteps(survivor.api).awaitApplied(manager.token(), change);
        Duration completed = Duration.ofNanos(System.nanoTime() - killedAt);
        System.out.printf("SeveralNodesTest: apply of %d items, %s killed at %d applied; %s took the run over with %d"
                        + " applied after %d ms and completed it %d ms after the kill%n", APPLY_ITEMS, victim.name,
                appliedAtKill, survivor.name, appliedAtTakeover[0], takeover.toMillis(), completed.toMillis());
        assertThat(appliedAtKill).as("the kill landed mid-apply").isLessThan(APPLY_ITEMS);
        assertThat(appliedAtTakeover[0]).as("items applied when the other node picked the run")
                .isLessThanOrEqualTo(APPLY_ITEMS - (long) CHUNKS_PENDING_AT_KILL * CHUNK);
        assertThat(takeover).as("run taken over").isLessThan(FAILOVER_BOUND);
        assertThat(cluster.appliedPerProduct(change)).as("one price event per product").hasSize(APPLY_ITEMS)
                .allSatisfy((product, count) -> assertThat(count).isEqualTo(1));
    }

    /**
     * (e) The survivors stopped, one node alone on the same database: once it has caught up with the tail, the
     * read models the cluster built are compared with what that node rebuilds from the event store alone, by
     * replaying every projection.
     */
    private void theReadModelsAreThoseOneNodeRebuildsFromTheEventStore() throws Exception {
        for (Node node : cluster.alive()) {
            node.process.destroy(); // SIGTERM: its claims released, so the single node needs no claim timeout
            assertThat(node.process.waitFor(1, TimeUnit.MINUTES)).as(node.name + " stopped").isTrue();
        }
        Node single = cluster.add("single");
        cluster.start(single, "--calibrate.shopify.public-url=http://127.0.0.1:" + single.port);
        cluster.awaitUp(single, Duration.ofMinutes(4));
        EventProcessors.awaitCaughtUp(single.api, ReadModels.PROJECTIONS.toArray(String[]::new));
        Map<String, List<Map<String, String>>> built = readModels();
        long began = System.nanoTime();
        for (String projection : ReadModels.PROJECTIONS) {
            Api.Response replay = single.api.post("/admin/v1/projections/" + projection + "/replay",
                    single.api.adminToken(), null);
            assertThat(replay.status()).as(replay.body()).isEqualTo(202);
            EventProcessors.awaitCaughtUp(single.api, projection);
        }
        Map<String, List<Map<String, String>>> rebuilt = readModels();
        System.out.printf("SeveralNodesTest: one node rebuilt %d read-model rows from the event store in %d ms%n",
                rebuilt.values().stream().mapToInt(List::size).sum(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
        assertThat(built.get("product_view")).hasSizeGreaterThan(APPLY_ITEMS);
        built.forEach((table, rows) -> assertThat(rebuilt.get(table))
                .as("%s rebuilt by one node from the event store", table).isEqualTo(rows));
    }

    private Map<String, List<Map<String, String>>> readModels() throws Exception {
        try (Connection connection = DriverManager.getConnection(url, "postgres", "")) {
            return ReadModels.content(connection);
        }
    }

    private void start(Node node) throws Exception {
        cluster.start(node, "--calibrate.shopify.public-url=http://127.0.0.1:" + node.port,
                // one thread per node for the catalog's two segments: they end up on two nodes, the third waits
                "--axon.eventhandling.processors.catalog.thread-count=1");
    }

    /** {@code -Dcalibrate.test.several-nodes.<name>=n}, or the default. */
    private static int setting(String name, int fallback) {
        return Integer.getInteger("calibrate.test.several-nodes." + name, fallback);
    }

    private static String pidOf(String owner) {
        return owner.substring(0, owner.indexOf('@'));
    }

    private static String sku(int product) {
        return ConcurrentPriceUpdates.sku(product);
    }
}
