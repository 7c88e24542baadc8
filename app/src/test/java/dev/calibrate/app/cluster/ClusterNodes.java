package dev.calibrate.app.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.AppProcesses;
import dev.calibrate.app.support.Sql;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Identical application nodes, each its own JVM, on one PostgreSQL, for the multi-node tests: starting,
 * stopping and killing them (and keeping a killed node's db-scheduler task from the others for a while), their
 * logs, and what the shared database says of them (segment claims, the node running a db-scheduler task, the
 * items of an apply written).
 */
final class ClusterNodes implements AutoCloseable {

    static final String PRICE_CHANGED = "dev.calibrate.kernel.product.ProductMessages$ProductPriceChanged";

    /** Where to connect and as whom. */
    record Database(String url, String user, String password) {

        Sql connect() {
            return Sql.connect(url, user, password);
        }
    }

    /** A node: one port, data directory and scheduler name; its process changes with each start. */
    static final class Node {
        final String name;
        final int port;
        final Api api;
        volatile Process process;
        int starts;

        private Node(String name, int port, String adminToken) {
            this.name = name;
            this.port = port;
            this.api = new Api("http://localhost:" + port, adminToken, new ObjectMapper());
        }

        /** How the node's process names itself as a segment's owner in {@code tokenentry} ("pid@host"). */
        String ownerPrefix() {
            return process.pid() + "@";
        }
    }

    private final Path dir;
    private final String adminToken;
    private final Database nodesDatabase;
    private final Database reader;
    private final List<String> settings;
    private final Path keptLogs;
    private final List<Node> nodes = new ArrayList<>();

    /**
     * @param nodesDatabase what the nodes connect with; {@code reader} what the tests read every tenant's rows with
     * @param keptLogs where the nodes' logs are copied on {@link #close()} (the temporary directory goes), or null
     * @param settings the command-line settings every node gets besides the database and its scheduler name
     */
    ClusterNodes(Path dir, String adminToken, Database nodesDatabase, Database reader, Path keptLogs,
                 String... settings) {
        this.dir = dir;
        this.adminToken = adminToken;
        this.nodesDatabase = nodesDatabase;
        this.reader = reader;
        this.keptLogs = keptLogs;
        this.settings = List.of(settings);
    }

    /** A new node, not started. */
    Node add(String name) {
        Node node = new Node(name, AppProcesses.portToBindLater(), adminToken);
        nodes.add(node);
        return node;
    }

    /** The nodes whose process is alive. */
    List<Node> alive() {
        return nodes.stream().filter(n -> n.process != null && n.process.isAlive()).toList();
    }

    Node named(String name) {
        return nodes.stream().filter(n -> n.name.equals(name)).findFirst().orElseThrow();
    }

    /** Starts (or starts again) {@code node}'s process, its log {@link #log(Node, int)} of this start. */
    void start(Node node, String... moreSettings) throws IOException {
        node.starts++;
        List<String> args = new ArrayList<>(List.of(
                // the node's name on its database sessions, so that a kill can wait for them to end
                "--spring.datasource.url=" + nodesDatabase.url() + (nodesDatabase.url().contains("?") ? "&" : "?")
                        + "ApplicationName=" + node.name,
                "--spring.datasource.username=" + nodesDatabase.user(),
                "--spring.datasource.password=" + nodesDatabase.password(),
                "--calibrate.consistency.max-wait=60s",
                // picked_by names the node running a task (db-scheduler's default is the host's name)
                "--db-scheduler.scheduler-name=" + node.name));
        args.addAll(settings);
        args.addAll(List.of(moreSettings));
        node.process = AppProcesses.start(dir.resolve(node.name), node.port, adminToken, log(node, node.starts),
                args.toArray(String[]::new));
    }

    /** Waits until {@code node} is ready for traffic (its readiness probe answers 200). */
    void awaitUp(Node node, Duration atMost) {
        await(node.name + " up").atMost(atMost).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions().until(() -> {
                    assertThat(node.process.isAlive()).as(node.name + " alive").isTrue();
                    return node.api.get("/actuator/health/readiness", null).status() == 200;
                });
    }

    /** SIGKILL: the node stops at once, holding whatever it held. */
    void kill(Node node) throws InterruptedException {
        node.process.destroyForcibly();
        assertThat(node.process.waitFor(1, TimeUnit.MINUTES)).as(node.name + " killed").isTrue();
        // a statement the node sent before it died still runs and may commit after the process is gone: the kill
        // is over once PostgreSQL has ended every session of the node (it ends one when it next reads the socket)
        await(node.name + "'s database sessions ended").atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(20)).until(() -> sessionsOf(node) == 0);
    }

    /** The database sessions {@code node} opened (its connections name it, {@link #start}). */
    long sessionsOf(Node node) {
        try (Sql sql = reader.connect()) {
            return sql.count("SELECT count(*) FROM pg_stat_activity WHERE application_name = ?", node.name);
        }
    }

    Path log(Node node, int start) {
        return dir.resolve(node.name + "-" + start + ".log");
    }

    /** The log of the node's latest start. */
    Path log(Node node) {
        return log(node, node.starts);
    }

    /** A connection that reads every tenant's rows. */
    Sql read() {
        return reader.connect();
    }

    /** Every processor's every segment: "processor/segment" to owner ("pid@host", or null while free). */
    Map<String, String> segmentOwners() {
        try (Sql sql = reader.connect()) {
            Map<String, String> owners = new LinkedHashMap<>();
            for (Map<String, Object> row : sql.query("SELECT processorname, segment, owner FROM tokenentry ORDER BY 1, 2")) {
                owners.put(row.get("processorname") + "/" + row.get("segment"), (String) row.get("owner"));
            }
            return owners;
        }
    }

    /** The segments ("processor/segment") whose owner starts with {@code ownerPrefix}. */
    List<String> segmentsOwnedBy(String ownerPrefix) {
        try (Sql sql = reader.connect()) {
            return sql.query("SELECT processorname || '/' || segment AS segment FROM tokenentry WHERE owner LIKE ?"
                    + " ORDER BY 1", ownerPrefix + "%").stream().map(row -> (String) row.get("segment")).toList();
        }
    }

    /** The node (scheduler name) running db-scheduler task {@code task}, or null while none has it picked. */
    String pickedBy(String task) {
        try (Sql sql = reader.connect()) {
            return pickedBy(sql, task);
        }
    }

    static String pickedBy(Sql sql, String task) {
        List<Map<String, Object>> rows = sql.query(
                "SELECT picked_by FROM scheduled_tasks WHERE task_name = ? AND picked", task);
        return rows.isEmpty() ? null : (String) rows.get(0).get("picked_by");
    }

    /**
     * Holds the execution of task {@code task} that dead node {@code node} was running where it is: its last
     * heartbeat moved an hour ahead, so no other node's dead-execution detection (heartbeats missed for
     * {@code db-scheduler.heartbeat-interval} x {@code missed-heartbeats-limit}) takes it over until
     * {@link #releaseHeldTask}. Answers the executions held: 1, or 0 when the node no longer had it.
     */
    long holdDeadNodesTask(String task, Node node) {
        try (Sql sql = reader.connect()) {
            return sql.count("""
                    WITH held AS (UPDATE scheduled_tasks SET last_heartbeat = now() + interval '1 hour'
                                   WHERE task_name = ? AND picked AND picked_by = ? RETURNING 1)
                    SELECT count(*) FROM held""", task, node.name);
        }
    }

    /**
     * Lets the other nodes take over what {@link #holdDeadNodesTask} held, as if the node had died now: its last
     * heartbeat set to now, so they declare it dead once the heartbeats from now on are missed.
     */
    long releaseHeldTask(String task, Node node) {
        try (Sql sql = reader.connect()) {
            return sql.count("""
                    WITH released AS (UPDATE scheduled_tasks SET last_heartbeat = now()
                                       WHERE task_name = ? AND picked AND picked_by = ? RETURNING 1)
                    SELECT count(*) FROM released""", task, node.name);
        }
    }

    /** Price events price change {@code change} has written: its items applied so far. */
    long applied(String change) {
        try (Sql sql = reader.connect()) {
            return applied(sql, change);
        }
    }

    static long applied(Sql sql, String change) {
        return sql.count("""
                SELECT count(*) FROM domainevententry WHERE payloadtype = ?
                  AND convert_from(payload, 'UTF8')::jsonb ->> 'priceChangeId' = ?""", PRICE_CHANGED, change);
    }

    /** Price events per product of {@code change}: "product id" to count. */
    Map<String, Long> appliedPerProduct(String change) {
        try (Sql sql = reader.connect()) {
            Map<String, Long> writes = new LinkedHashMap<>();
            for (Map<String, Object> row : sql.query("""
                    SELECT aggregateidentifier, count(*) AS writes FROM domainevententry
                    WHERE payloadtype = ? AND convert_from(payload, 'UTF8')::jsonb ->> 'priceChangeId' = ?
                    GROUP BY aggregateidentifier""", PRICE_CHANGED, change)) {
                writes.put((String) row.get("aggregateidentifier"), ((Number) row.get("writes")).longValue());
            }
            return writes;
        }
    }

    static BigDecimal usd(JsonNode product) {
        for (JsonNode price : product.get("prices")) {
            if (price.get("currency").asText().equals("USD")) {
                return new BigDecimal(price.get("amount").asText());
            }
        }
        throw new AssertionError("no USD price in " + product);
    }

    /**
     * Kills what still runs, every node before any log is copied, and keeps the logs: a log that cannot be
     * copied leaves no process behind and the other logs are still copied.
     */
    @Override
    public void close() throws Exception {
        for (Node node : nodes) {
            if (node.process != null) {
                node.process.destroyForcibly();
            }
        }
        for (Node node : nodes) {
            if (node.process != null) {
                node.process.waitFor(1, TimeUnit.MINUTES);
            }
        }
        if (keptLogs == null) {
            return;
        }
        Exception failed = null;
        for (Node node : nodes) {
            for (int start = 1; start <= node.starts; start++) {
                try {
                    Files.createDirectories(keptLogs);
                    Files.copy(log(node, start), keptLogs.resolve(log(node, start).getFileName()),
                            StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    if (failed == null) {
                        failed = e;
                    } else {
                        failed.addSuppressed(e);
                    }
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }
}
