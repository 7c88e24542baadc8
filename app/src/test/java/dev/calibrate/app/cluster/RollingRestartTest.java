package dev.calibrate.app.cluster;

import dev.calibrate.app.cluster.ClusterNodes.Database;
import dev.calibrate.app.cluster.ClusterNodes.Node;
import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.Postgres15;
import dev.calibrate.app.support.Sql;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.calibrate.app.cluster.ClusterNodes.PRICE_CHANGED;
import static dev.calibrate.app.cluster.ClusterNodes.usd;
import static dev.calibrate.app.pricechange.PriceChangeSteps.SUMMER_SALE;
import static dev.calibrate.app.pricechange.PriceChangeSteps.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes on the installed PostgreSQL 15 behind a round-robin client that sends a request again only when
 * a node refused or reset the connection or answered 503, as a load balancer does. While the client keeps
 * writing prices and reading products, and a price change applies, each node in turn is stopped with SIGTERM
 * and started again. No request fails, every acknowledged write is stored once and read back on both nodes,
 * the apply writes every item exactly once, and a stopped node leaves its event processors' segments free at
 * once rather than after the claim timeout.
 */
@Tag("slow") // two application processes on an external server: ./mvnw verify -Pslow
class RollingRestartTest {

    static final String ADMIN_TOKEN = "rolling-restart-admin-token-0123456789abcdef";
    /** Per run, so that runs on one server do not clash; dropped afterwards. */
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String OWNER = "calibrate_rolling_owner_" + RUN;
    /** Reads every tenant's rows for the assertions (the tables force row-level security even on their owner). */
    static final String READER = "calibrate_rolling_reader_" + RUN;
    static final String PASSWORD = "rolling-" + UUID.randomUUID();
    static final int APPLY_ITEMS = 3_000;
    /** Small chunks, one lane: the run has many chunk boundaries for a stop to land between. */
    static final int CHUNK = 50;
    /** The first node is stopped only while at least this many chunks of the apply are still to write. */
    static final int CHUNKS_PENDING_AT_STOP = 20;
    static final int WRITERS = 4;
    static final int PRODUCTS_PER_WRITER = 5;
    /**
     * Multiplies the test's waits (not its bounds on the hand-off): {@code -Dcalibrate.test.time-scale=2} on
     * a machine slower than the 2-core build machine.
     */
    static final double TIME_SCALE = Double.parseDouble(System.getProperty("calibrate.test.time-scale", "1.0"));
    static final Duration STOP_BOUND = scaled(Duration.ofSeconds(45));
    /**
     * Well under the retry backoff the nodes are given (30 s); not scaled, and backed by the other node's log
     * showing no dead execution revived (a missed heartbeat, 10 s).
     */
    static final Duration RESUMED_WITHIN = Duration.ofSeconds(8);
    static final Path LOGS = Path.of("target", "rolling-restart");
    static final String RUN_TASK = "price-change-run";

    @TempDir
    Path dir;

    private final long began = System.nanoTime();
    private String database;
    private String url;
    private ClusterNodes cluster;
    private final List<Node> nodes = new ArrayList<>();
    private String change;
    /** From the first SIGTERM until the run was the other node's: set by {@link #restart}. */
    private volatile Duration continuedAfter;
    /** Items of the apply written when the other node had picked the run: set with {@link #continuedAfter}. */
    private volatile long appliedAtHandOver = -1;

    /** A write the client was answered 2xx for: the price it set and the outcome it was told. */
    private record Acknowledged(String price, String outcome) {
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            if (database != null) {
                Postgres15.superuser("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
                try {
                    Postgres15.superuser("DROP ROLE IF EXISTS " + READER, "DROP ROLE IF EXISTS " + OWNER);
                } catch (RuntimeException stillReferenced) {
                    // a role left behind harms nothing but the server's tidiness: the next run uses new names
                    System.out.printf("RollingRestartTest: roles %s and %s not dropped: %s%n", READER, OWNER,
                            stillReferenced);
                }
            }
        }
    }

    @Test
    void restartingOneNodeAtATimeLosesNoRequestNoEventAndNoItemOfARunningApply() throws Exception {
        Postgres15.start();
        database = "calibrate_rolling_" + UUID.randomUUID().toString().substring(0, 8);
        Postgres15.superuser(createRole(OWNER, "CREATEROLE CREATEDB"), "ALTER ROLE " + OWNER + " PASSWORD '" + PASSWORD + "'",
                createRole(READER, "BYPASSRLS"), "ALTER ROLE " + READER + " PASSWORD '" + PASSWORD + "'",
                "GRANT " + OWNER + " TO " + READER, "CREATE DATABASE " + database + " OWNER " + OWNER);
        url = Postgres15.url(database);
        cluster = new ClusterNodes(dir, ADMIN_TOKEN, new Database(url, OWNER, PASSWORD), new Database(url, READER, PASSWORD),
                LOGS,
                "--calibrate.copilot.db.password=rolling-copilot",
                // small chunks, one lane, so a stop lands between chunks of the apply
                "--calibrate.price-changes.run-chunk-size=" + CHUNK,
                "--calibrate.price-changes.run-lanes=1",
                // a failed attempt would wait this long: the run going on sooner shows the stop was no failure
                "--calibrate.price-changes.run-retry-backoff=30s");

        nodes.add(cluster.add("node-a"));
        nodes.add(cluster.add("node-b"));
        cluster.start(nodes.get(0));
        awaitUp(nodes.get(0));
        cluster.start(nodes.get(1));
        awaitUp(nodes.get(1));

        Api setup = nodes.get(0).api;
        Api.TenantToken manager = setup.token(setup.createTenant("Rolling", "USD"), "catalog:read", "catalog:write",
                "prices:write", "prices:apply", "audit:read");
        Api.TenantToken approver = setup.token(manager.tenantId(), "prices:approve");
        PriceChangeSteps steps = new PriceChangeSteps(setup);
        List<Map<String, Object>> sale = new ArrayList<>();
        for (int i = 0; i < APPLY_ITEMS; i++) {
            sale.add(product("SALE-" + i, (10 + i % 90) + ".00", null, "summer"));
        }
        steps.catalog(manager.token(), sale);
        log("catalog of " + APPLY_ITEMS + " written");
        List<String> ids = new ArrayList<>();
        Map<String, Long> createdVersion = new ConcurrentHashMap<>();
        for (int p = 0; p < WRITERS * PRODUCTS_PER_WRITER; p++) {
            Api.Response created = setup.post("/api/v1/products", manager.token(), product(sku(p), "50.00", null, "kept"));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            ids.add(created.json().get("id").asText());
            createdVersion.put(ids.get(p), created.json().get("version").asLong());
        }
        change = steps.approved(manager.token(), approver.token(), "Rolling sale", SUMMER_SALE, Map.of());

        // the client: each writer sets ever higher prices on its own products, one write at a time, and reads
        RoundRobinClient client = new RoundRobinClient(nodes.stream().map(n -> n.api).toList(), scaled(Duration.ofSeconds(60)),
                Duration.ofSeconds(1));
        Map<String, List<Acknowledged>> acknowledged = new ConcurrentHashMap<>();
        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicInteger reads = new AtomicInteger();
        AtomicInteger brokenWrites = new AtomicInteger();
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            running.add(writers.submit(() -> {
                for (int n = 0; writing.get(); n++) {
                    int p = writer * PRODUCTS_PER_WRITER + n % PRODUCTS_PER_WRITER;
                    String price = price(n / PRODUCTS_PER_WRITER);
                    try {
                        Api.Response written = client.send(api -> api.post("/api/v1/products", manager.token(),
                                product(sku(p), price, null, "kept")));
                        if (written.status() / 100 == 2) {
                            acknowledged.computeIfAbsent(ids.get(p), id -> new CopyOnWriteArrayList<>())
                                    .add(new Acknowledged(price, written.json().get("outcome").asText()));
                        } else {
                            failures.add("write " + sku(p) + " " + price + ": " + written.status() + " " + written.body());
                        }
                        Api.Response read = client.sendIdempotent(api -> api.get("/api/v1/products/" + ids.get(p), manager.token()));
                        reads.incrementAndGet();
                        if (read.status() != 200) {
                            failures.add("read " + sku(p) + ": " + read.status() + " " + read.body());
                        }
                        Thread.sleep(20);
                    } catch (UncheckedIOException broken) {
                        // not sent again (a load balancer does not resend a POST once sent): it may have been
                        // stored, which the writer learns as a client would, by looking
                        brokenWrites.incrementAndGet();
                        if (stored(ids.get(p), createdVersion.get(ids.get(p)), price)) {
                            acknowledged.computeIfAbsent(ids.get(p), id -> new CopyOnWriteArrayList<>())
                                    .add(new Acknowledged(price, "UPDATED"));
                        }
                    } catch (RuntimeException | InterruptedException e) {
                        failures.add(sku(p) + " " + price + ": " + e);
                    }
                }
                return null;
            }));
        }

        long applyStarted = System.nanoTime();
        Api.Response applying = client.send(api -> api.post("/api/v1/price-changes/" + change + "/apply",
                manager.token(), null));
        assertThat(applying.status()).as(applying.body()).isEqualTo(202);
        String runner = await("the run picked").atMost(scaled(Duration.ofMinutes(1))).pollInterval(Duration.ofMillis(50))
                .until(() -> cluster.pickedBy(RUN_TASK), by -> by != null);
        long appliedBeforeStop = await("part of the apply done").atMost(scaled(Duration.ofMinutes(2)))
                .pollInterval(Duration.ofMillis(50)).until(() -> cluster.applied(change), applied -> applied >= 4L * CHUNK);
        assertThat(appliedBeforeStop).as("at least %d chunks of the apply still to write when the node is stopped",
                CHUNKS_PENDING_AT_STOP).isLessThanOrEqualTo(APPLY_ITEMS - (long) CHUNKS_PENDING_AT_STOP * CHUNK);

        // the node running the apply first, then the other
        Node first = nodes.stream().filter(n -> n.name.equals(runner)).findFirst().orElseThrow();
        Node second = nodes.stream().filter(n -> n != first).findFirst().orElseThrow();
        log("apply running on " + runner);
        long appliedAtStop = restart(first, second);
        System.out.printf("RollingRestartTest: the run went on on %s %d ms after %s got SIGTERM%n", second.name,
                continuedAfter.toMillis(), first.name);
        // not after the retry backoff of a failed attempt (30 s), nor the missed heartbeats of a dead node
        assertThat(continuedAfter).as("the run went on at once on the other node").isLessThan(RESUMED_WITHIN);
        assertThat(appliedAtHandOver).as("items of the apply still to write when the other node picked the run")
                .isBetween(0L, APPLY_ITEMS - 1L);
        assertThat(Files.readString(cluster.log(second))).as(second.name + " took the run over as due, not as a"
                + " dead node's").doesNotContainIgnoringCase("dead execution");
        restart(second, first);
        Thread.sleep(2_000);
        writing.set(false);
        for (Future<?> writer : running) {
            writer.get(scaled(Duration.ofMinutes(2)).toMillis(), TimeUnit.MILLISECONDS);
        }
        writers.shutdown();

        log("writers stopped");
        new PriceChangeSteps(first.api).awaitApplied(manager.token(), change);
        log("apply finished");
        String stoppedRunner = Files.readString(cluster.log(first, 1));
        assertThat(stoppedRunner).as("commands still handled while the node stopped")
                .doesNotContain("NoHandlerForCommandException");
        assertThat(stoppedRunner).as("the run stopped between chunks on " + first.name).contains("stopped for shutdown");
        System.out.printf("RollingRestartTest: the run stopped for shutdown on %s and was %s's with %d of %d items"
                + " written%n", first.name, second.name, appliedAtHandOver, APPLY_ITEMS);
        int writes = acknowledged.values().stream().mapToInt(List::size).sum();
        System.out.printf("RollingRestartTest: %d writes and %d reads answered, %d failed; sent again: %d after a"
                        + " refused connection, %d reads after a broken one (%d writes whose connection broke were not), %d"
                        + " after a 503; the apply of %d items (%d done when %s was stopped) finished %d ms after it"
                        + " started%n", writes, reads.get(), failures.size(), client.refused(),
                client.broken() - brokenWrites.get(), brokenWrites.get(), client.unavailable(), APPLY_ITEMS, appliedAtStop,
                first.name,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - applyStarted));
        assertThat(failures).as("requests that failed beyond the retried ones").isEmpty();
        assertThat(appliedAtStop).as("the first stop landed mid-apply").isLessThan(APPLY_ITEMS);

        try (Sql sql = Sql.connect(url, READER, PASSWORD)) {
            long position = ((Number) sql.single("SELECT max(globalindex) FROM domainevententry")).longValue();
            for (String id : ids) {
                List<Acknowledged> writes1 = acknowledged.getOrDefault(id, List.of());
                assertThat(writes1).as("every acknowledged write of %s changed its price", id)
                        .allSatisfy(w -> assertThat(w.outcome()).isEqualTo("UPDATED"));
                List<String> stored = sql.query("""
                        SELECT convert_from(payload, 'UTF8')::jsonb -> 'price' ->> 'amount' AS amount
                        FROM domainevententry WHERE aggregateidentifier = ? AND sequencenumber > ?
                        ORDER BY sequencenumber""", id, createdVersion.get(id)).stream()
                        .map(row -> new BigDecimal((String) row.get("amount")).stripTrailingZeros().toPlainString())
                        .toList();
                assertThat(stored).as("the events of %s after its creation: each acknowledged price once, in order", id)
                        .isEqualTo(writes1.stream().map(w -> new BigDecimal(w.price()).stripTrailingZeros()
                                .toPlainString()).toList());
                for (Node node : nodes) {
                    Api.Response read = node.api.get("/api/v1/products/" + id, manager.token(),
                            "X-Calibrate-Wait-For", Long.toString(position));
                    assertThat(read.status()).as(read.body()).isEqualTo(200);
                    assertThat(read.json().get("version").asLong()).as(node.name + " reads " + id)
                            .isEqualTo(createdVersion.get(id) + writes1.size());
                    if (!writes1.isEmpty()) {
                        assertThat(usd(read.json())).as(node.name + " reads " + id)
                                .isEqualByComparingTo(writes1.get(writes1.size() - 1).price());
                    }
                }
            }

            assertThat(cluster.appliedPerProduct(change)).as("one price event per item of the apply").hasSize(APPLY_ITEMS)
                    .allSatisfy((product, count) -> assertThat(count).isEqualTo(1));
            assertThat(sql.count("""
                    SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?
                      AND payloadtype LIKE '%PriceChangeApplied'""", change)).as("the change applied once").isEqualTo(1);
            // the catalog read model holds every applied item's new price
            Api.Response caughtUp = first.api.get("/api/v1/products?size=1", manager.token(),
                    "X-Calibrate-Wait-For", Long.toString(position));
            assertThat(caughtUp.status()).as(caughtUp.body()).isEqualTo(200);
            assertThat(sql.count("""
                    SELECT count(*) FROM price_change_item item
                    JOIN product_price price ON price.product_id = item.product_id AND price.currency = item.currency
                    WHERE item.price_change_id = ?::uuid AND item.outcome = 'APPLIED'
                      AND price.amount = item.proposed_price""", change))
                    .as("applied items whose read model price is the proposed one").isEqualTo(APPLY_ITEMS);
        }
    }

    /**
     * Stops {@code node} with SIGTERM while the other serves, checks that it gave up its segments and that its
     * readiness never came back once it went, and starts it again. Answers the items applied when it was stopped.
     */
    private long restart(Node node, Node other) throws Exception {
        List<String> held = cluster.segmentsOwnedBy(node.ownerPrefix());
        String ownerPrefix = node.ownerPrefix();
        long applied = appliedTotal();
        List<String> readiness = new CopyOnWriteArrayList<>();
        long stopAt = System.nanoTime();
        AtomicBoolean stopped = new AtomicBoolean();
        boolean watchRun = continuedAfter == null;
        long stopMillis;
        // one connection for the probe's queries, every 100 ms: the nodes, not the probe, are under test
        try (Sql probeSql = Sql.connect(url, READER, PASSWORD)) {
            Thread probe = new Thread(() -> {
                while (!stopped.get()) {
                    try {
                        readiness.add(Integer.toString(node.api.get("/actuator/health/readiness", null).status()));
                    } catch (RuntimeException notAnswered) {
                        readiness.add("refused");
                    }
                    if (watchRun && continuedAfter == null) {
                        handedOver(probeSql, other, stopAt);
                    }
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            node.process.destroy(); // SIGTERM
            probe.start();
            assertThat(node.process.waitFor(STOP_BOUND.toSeconds(), TimeUnit.SECONDS)).as(node.name + " stopped").isTrue();
            stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopAt);
            stopped.set(true);
            probe.join();
            log(node.name + " stopped after " + stopMillis + " ms");
            if (watchRun && continuedAfter == null) {
                await("the run goes on elsewhere").atMost(scaled(Duration.ofMinutes(1))).pollInterval(Duration.ofMillis(100))
                        .until(() -> handedOver(probeSql, other, stopAt));
            }
        }
        List<String> stillHeld = cluster.segmentsOwnedBy(ownerPrefix);
        List<String> readinessChanges = new ArrayList<>();
        for (String status : readiness) {
            if (readinessChanges.isEmpty() || !readinessChanges.get(readinessChanges.size() - 1).equals(status)) {
                readinessChanges.add(status);
            }
        }
        System.out.printf("RollingRestartTest: %s stopped %d ms after SIGTERM (exit %d), holding %s before and %s"
                        + " after; readiness seen: %s%n", node.name, stopMillis, node.process.exitValue(), held,
                stillHeld, readinessChanges);
        assertThat(stillHeld).as(node.name + "'s segments released on shutdown").isEmpty();
        assertThat(readinessChanges.lastIndexOf("200") <= 0).as("ready only before it stopped being so: " + readinessChanges)
                .isTrue();
        if (!held.isEmpty()) {
            await("the other node claims the released segments").atMost(Duration.ofSeconds(8))
                    .pollInterval(Duration.ofMillis(100)).until(() -> cluster.segmentsOwnedBy(other.ownerPrefix()).containsAll(held));
        }
        cluster.start(node);
        awaitUp(node);
        return applied;
    }

    private void log(String what) {
        System.out.printf("RollingRestartTest: %s at %d ms%n", what, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
    }

    private void awaitUp(Node node) {
        cluster.awaitUp(node, scaled(Duration.ofMinutes(4)));
        log(node.name + " ready");
    }

    /**
     * Whether {@code node} has picked the run (a run done, its execution gone, does not count); the first time,
     * records when and how many items were written then.
     */
    private boolean handedOver(Sql sql, Node node, long stopAt) {
        if (!node.name.equals(ClusterNodes.pickedBy(sql, RUN_TASK))) {
            return false;
        }
        if (continuedAfter == null) {
            appliedAtHandOver = ClusterNodes.applied(sql, change);
            continuedAfter = Duration.ofNanos(System.nanoTime() - stopAt);
        }
        return true;
    }

    /** Whether {@code price} was stored on the product after its creation. */
    private boolean stored(String id, long createdVersion, String price) {
        try (Sql sql = Sql.connect(url, READER, PASSWORD)) {
            return sql.count("""
                    SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ? AND sequencenumber > ?
                      AND (convert_from(payload, 'UTF8')::jsonb -> 'price' ->> 'amount')::numeric = ?::numeric""",
                    id, createdVersion, price) > 0;
        }
    }

    private static Duration scaled(Duration wait) {
        return Duration.ofMillis(Math.round(wait.toMillis() * TIME_SCALE));
    }

    private long appliedTotal() {
        try (Sql sql = Sql.connect(url, READER, PASSWORD)) {
            return sql.count("SELECT count(*) FROM domainevententry WHERE payloadtype = ?", PRICE_CHANGED);
        }
    }

    private static String createRole(String role, String options) {
        return "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role + "') THEN"
                + " CREATE ROLE " + role + " LOGIN " + options + "; END IF; END $$";
    }

    private static String sku(int product) {
        return "KEPT-" + product;
    }

    /** The n-th price a writer sets on a product: each higher than the last. */
    private static String price(int n) {
        return new BigDecimal("100.00").add(new BigDecimal(n).movePointLeft(2)).toPlainString();
    }
}
