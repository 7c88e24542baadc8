package dev.calibrate.app.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.AppProcesses;
import dev.calibrate.app.support.Sql;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static dev.calibrate.app.pricechange.PriceChangeSteps.SUMMER_SALE;
import static dev.calibrate.app.pricechange.PriceChangeSteps.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three identical nodes, each its own JVM, on one PostgreSQL (an embedded server this JVM starts, as an
 * operator's external one): the event processors' segments are spread over the nodes; a node killed with
 * SIGKILL leaves its segments to the others within 20 seconds, and the read models keep following new
 * writes; 1,000 price updates sent at once over the three nodes, 20 to each of 50 products, lose none; the node
 * running an apply killed mid-run leaves the run to a survivor, and every item is applied exactly once.
 */
@Tag("slow")
class SeveralNodesTest {

    static final String ADMIN_TOKEN = "several-nodes-admin-token-0123456789abcdef";
    static final int PRODUCTS = 50;
    static final int UPDATES_PER_PRODUCT = 20;
    static final Duration FAILOVER_BOUND = Duration.ofSeconds(20);
    static final int APPLY_ITEMS = 3_000;

    @TempDir
    Path dir;

    private EmbeddedPostgres postgres;
    private final List<Node> nodes = new ArrayList<>();

    private record Node(String name, Process process, Api api, Path log) {
        String ownerPrefix() {
            return process.pid() + "@";
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (Node node : nodes) {
            node.process().destroyForcibly();
            node.process().waitFor(1, TimeUnit.MINUTES);
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void nodesShareTheWorkTakeOverADeadNodesSegmentsAndLoseNoConcurrentUpdate() throws Exception {
        postgres = EmbeddedPostgres.builder()
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("max_connections", "200")
                .start();
        String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";

        // the first node migrates the schema alone; the other two start together
        nodes.add(start("node-1", url));
        awaitUp(nodes.get(0));
        nodes.add(start("node-2", url));
        nodes.add(start("node-3", url));
        awaitUp(nodes.get(1));
        awaitUp(nodes.get(2));
        for (Node node : nodes) {
            assertThat(Files.readString(node.log())).as(node.name() + " started no PostgreSQL of its own")
                    .doesNotContain("Embedded PostgreSQL");
        }

        // (a) the catalog's two segments, one thread per node: two nodes hold one each
        Map<String, String> owners = awaitEverySegmentOwned(url);
        assertThat(owners.values().stream().map(SeveralNodesTest::pidOf).collect(Collectors.toSet()))
                .as("segments held by more than one node: %s", owners).hasSizeGreaterThanOrEqualTo(2);
        assertThat(pidOf(owners.get("catalog/0"))).isNotEqualTo(pidOf(owners.get("catalog/1")));

        // (b) 1,000 updates at once over the three nodes
        Api first = nodes.get(0).api();
        Api.TenantToken token = first.token(first.createTenant("Nodes", "USD"), "catalog:read", "catalog:write");
        List<String> ids = new ArrayList<>();
        Map<String, Long> createdVersion = new LinkedHashMap<>();
        for (int p = 0; p < PRODUCTS; p++) {
            Api.Response created = nodes.get(p % 3).api().post("/api/v1/products", token.token(),
                    product(sku(p), "50.00", null, "nodes"));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            ids.add(created.json().get("id").asText());
            createdVersion.put(ids.get(p), created.json().get("version").asLong());
        }
        List<int[]> updates = new ArrayList<>();
        for (int p = 0; p < PRODUCTS; p++) {
            for (int k = 0; k < UPDATES_PER_PRODUCT; k++) {
                updates.add(new int[]{p, k});
            }
        }
        Collections.shuffle(updates, new java.util.Random(19));
        ExecutorService clients = Executors.newFixedThreadPool(48);
        List<Future<Api.Response>> answers = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < updates.size(); i++) {
            int[] update = updates.get(i);
            Api api = nodes.get(i % 3).api();
            answers.add(clients.submit(() -> api.post("/api/v1/products", token.token(),
                    product(sku(update[0]), price(update[0], update[1]), null, "nodes"))));
        }
        Map<Integer, Integer> statuses = new LinkedHashMap<>();
        long lastPosition = 0;
        for (Future<Api.Response> answer : answers) {
            Api.Response response = answer.get(5, TimeUnit.MINUTES);
            statuses.merge(response.status(), 1, Integer::sum);
            lastPosition = Math.max(lastPosition, response.position());
        }
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        clients.shutdown();
        int retried = 0;
        for (Node node : nodes) {
            retried += (int) Files.readAllLines(node.log()).stream().filter(line -> line.contains("lost a race")).count();
        }
        System.out.printf("SeveralNodesTest: %d updates in %d ms, statuses %s, %d sent again after losing a race%n",
                updates.size(), elapsedMillis, statuses, retried);
        assertThat(statuses).as("every update answered 200 UPDATED, none 409 or 5xx")
                .isEqualTo(Map.of(200, PRODUCTS * UPDATES_PER_PRODUCT));

        try (Sql owner = Sql.connect(url)) {
            for (int p = 0; p < PRODUCTS; p++) {
                String id = ids.get(p);
                List<Map<String, Object>> events = owner.query("""
                        SELECT payloadtype, convert_from(payload, 'UTF8')::jsonb -> 'price' ->> 'amount' AS amount
                        FROM domainevententry WHERE aggregateidentifier = ? AND sequencenumber > ?
                        ORDER BY sequencenumber""", id, createdVersion.get(id));
                // a serial run of the same 20 updates, in the order the store took them: 20 price events, one
                // per update, and the last one's price is the product's
                assertThat(events).as("one event per update of " + sku(p)).hasSize(UPDATES_PER_PRODUCT)
                        .allSatisfy(e -> assertThat((String) e.get("payloadtype")).endsWith("ProductPriceObserved"));
                Set<BigDecimal> sent = new HashSet<>();
                for (int k = 0; k < UPDATES_PER_PRODUCT; k++) {
                    sent.add(new BigDecimal(price(p, k)));
                }
                assertThat(events.stream().map(e -> new BigDecimal((String) e.get("amount"))).collect(Collectors.toSet()))
                        .as("every price sent to " + sku(p) + " was recorded").isEqualTo(sent);
                BigDecimal last = new BigDecimal((String) events.get(events.size() - 1).get("amount"));
                // every node's read model answers that price and version
                for (Node node : nodes) {
                    Api.Response read = node.api().get("/api/v1/products/" + id, token.token(),
                            "X-Calibrate-Wait-For", Long.toString(lastPosition));
                    assertThat(read.status()).as(read.body()).isEqualTo(200);
                    assertThat(usd(read.json())).as(node.name() + " reads " + sku(p)).isEqualByComparingTo(last);
                    assertThat(read.json().get("version").asLong())
                            .isEqualTo(createdVersion.get(id) + UPDATES_PER_PRODUCT);
                }
            }
        }

        // (a, continued) kill the node holding catalog segment 0 and the single-segment processors
        Node victim = nodes.stream().filter(n -> pidOf(owners.get("catalog/0")).equals(Long.toString(n.process().pid())))
                .findFirst().orElseThrow();
        List<String> victimSegments = owners.entrySet().stream()
                .filter(e -> e.getValue().startsWith(victim.ownerPrefix())).map(Map.Entry::getKey).sorted().toList();
        long killedAt = System.nanoTime();
        victim.process().destroyForcibly();
        victim.process().waitFor(1, TimeUnit.MINUTES);
        nodes.remove(victim);
        await("the dead node's segments claimed by the others").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    Map<String, String> now = segmentOwners(url);
                    return victimSegments.stream().allMatch(segment -> now.get(segment) != null
                            && !now.get(segment).startsWith(victim.ownerPrefix()));
                });
        Duration failover = Duration.ofNanos(System.nanoTime() - killedAt);
        System.out.printf("SeveralNodesTest: %s's %d segments %s claimed elsewhere %d ms after the kill%n",
                victim.name(), victimSegments.size(), victimSegments, failover.toMillis());
        assertThat(failover).as("failover of " + victimSegments).isLessThan(FAILOVER_BOUND);

        // the read models keep following: a write on one survivor is read on the other
        Node writer = nodes.get(0);
        Node reader = nodes.get(1);
        Api.Response update = writer.api().post("/api/v1/products", token.token(), product(sku(0), "77.77", null, "nodes"));
        assertThat(update.status()).as(update.body()).isEqualTo(200);
        Api.Response fresh = writer.api().post("/api/v1/products", token.token(), product("AFTER-KILL", "12.34", null, "nodes"));
        assertThat(fresh.status()).as(fresh.body()).isEqualTo(201);
        long position = Math.max(update.position(), fresh.position());
        Api.Response updated = reader.api().get("/api/v1/products/" + ids.get(0), token.token(),
                "X-Calibrate-Wait-For", Long.toString(position));
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(usd(updated.json())).isEqualByComparingTo("77.77");
        Api.Response created = reader.api().get("/api/v1/products/" + fresh.json().get("id").asText(),
                token.token(), "X-Calibrate-Wait-For", Long.toString(position));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(usd(created.json())).isEqualByComparingTo("12.34");

        killTheNodeRunningAnApplyAndItsRunCompletesOnTheOther(url);
    }

    /**
     * (c) With the two survivors: an apply of 3,000 items, and the node running it killed after its first
     * chunks; db-scheduler's dead-execution detection hands the run to the other node, and every item is
     * applied exactly once.
     */
    private void killTheNodeRunningAnApplyAndItsRunCompletesOnTheOther(String url) throws Exception {
        Api api = nodes.get(0).api();
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
                .until(() -> runPickedBy(url), by -> by != null);
        await("part of the apply done").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                .until(() -> applied(url, change) >= 200);
        Node victim = nodes.stream().filter(n -> n.name().equals(runner)).findFirst().orElseThrow();
        long killedAt = System.nanoTime();
        victim.process().destroyForcibly();
        victim.process().waitFor(1, TimeUnit.MINUTES);
        nodes.remove(victim);
        long appliedAtKill = applied(url, change);
        Node survivor = nodes.get(0);
        await("the run taken over").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
                .until(() -> survivor.name().equals(runPickedBy(url)) || applied(url, change) == APPLY_ITEMS);
        Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);
        await("the apply completed").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                .until(() -> applied(url, change) == APPLY_ITEMS);
        new PriceChangeSteps(survivor.api()).awaitApplied(manager.token(), change);
        Duration completed = Duration.ofNanos(System.nanoTime() - killedAt);
        System.out.printf("SeveralNodesTest: apply of %d items, %s killed at %d applied; %s took the run over after"
                        + " %d ms and completed it %d ms after the kill%n", APPLY_ITEMS, victim.name(), appliedAtKill,
                survivor.name(), takeover.toMillis(), completed.toMillis());
        assertThat(appliedAtKill).as("the kill landed mid-apply").isLessThan(APPLY_ITEMS);
        assertThat(takeover).as("run taken over").isLessThan(FAILOVER_BOUND);
        try (Sql owner = Sql.connect(url)) {
            List<Map<String, Object>> perProduct = owner.query("""
                    SELECT aggregateidentifier, count(*) AS writes FROM domainevententry
                    WHERE payloadtype = 'dev.calibrate.kernel.product.ProductMessages$ProductPriceChanged'
                      AND convert_from(payload, 'UTF8')::jsonb ->> 'priceChangeId' = ?
                    GROUP BY aggregateidentifier""", change);
            assertThat(perProduct).as("one price event per product").hasSize(APPLY_ITEMS);
            assertThat(perProduct).allSatisfy(row -> assertThat(((Number) row.get("writes")).longValue()).isEqualTo(1));
        }
    }

    /** The node (scheduler name) running the price change run, or null while none has it picked. */
    private static String runPickedBy(String url) {
        try (Sql sql = Sql.connect(url)) {
            List<Map<String, Object>> rows = sql.query(
                    "SELECT picked_by FROM scheduled_tasks WHERE task_name = 'price-change-run' AND picked");
            return rows.isEmpty() ? null : (String) rows.get(0).get("picked_by");
        }
    }

    private static long applied(String url, String change) {
        try (Sql sql = Sql.connect(url)) {
            return ((Number) sql.single("""
                    SELECT count(*) FROM domainevententry
                    WHERE payloadtype = 'dev.calibrate.kernel.product.ProductMessages$ProductPriceChanged'
                      AND convert_from(payload, 'UTF8')::jsonb ->> 'priceChangeId' = ?""", change)).longValue();
        }
    }

    private Node start(String name, String url) throws IOException {
        int port = AppProcesses.portToBindLater();
        Path log = dir.resolve(name + ".log");
        Process process = AppProcesses.start(dir.resolve(name), port, ADMIN_TOKEN, log,
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                // every node the same copilot password, or each start would change the role's under the others
                "--calibrate.copilot.db.password=several-nodes-copilot",
                "--calibrate.consistency.max-wait=60s",
                // one thread per node for the catalog's two segments: they end up on two nodes, the third waits
                "--axon.eventhandling.processors.catalog.thread-count=1",
                "--logging.level.dev.calibrate.app.cluster=DEBUG",
                // picked_by names the node running a task (db-scheduler's default is the host's name)
                "--db-scheduler.scheduler-name=" + name,
                // chunks of 200, so a kill lands between chunks of an apply
                "--calibrate.price-changes.run-chunk-size=200");
        return new Node(name, process, new Api("http://localhost:" + port, ADMIN_TOKEN, new ObjectMapper()), log);
    }

    private static void awaitUp(Node node) {
        await(node.name() + " up").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions().until(() -> {
                    assertThat(node.process().isAlive()).as(node.name() + " alive").isTrue();
                    return node.api().get("/actuator/health", null).status() == 200;
                });
    }

    /** Every processor's every segment, once each has an owner: "processor/segment" to owner ("pid@host"). */
    private static Map<String, String> awaitEverySegmentOwned(String url) {
        return await("every segment owned").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                .until(() -> segmentOwners(url), owners -> owners.containsKey("catalog/1")
                        && owners.values().stream().allMatch(owner -> owner != null));
    }

    private static Map<String, String> segmentOwners(String url) {
        try (Sql sql = Sql.connect(url)) {
            Map<String, String> owners = new LinkedHashMap<>();
            for (Map<String, Object> row : sql.query("SELECT processorname, segment, owner FROM tokenentry ORDER BY 1, 2")) {
                owners.put(row.get("processorname") + "/" + row.get("segment"), (String) row.get("owner"));
            }
            return owners;
        }
    }

    private static String pidOf(String owner) {
        return owner.substring(0, owner.indexOf('@'));
    }

    private static String sku(int product) {
        return "NODE-" + product;
    }

    /** Twenty different prices per product, each unlike the one it was created with. */
    private static String price(int product, int update) {
        return (100 + product) + "." + String.format("%02d", update + 1);
    }

    private static BigDecimal usd(JsonNode product) {
        for (JsonNode price : product.get("prices")) {
            if (price.get("currency").asText().equals("USD")) {
                return new BigDecimal(price.get("amount").asText());
            }
        }
        throw new AssertionError("no USD price in " + product);
    }
}
