package dev.calibrate.connectors.shopify.fake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import graphql.language.Document;
import graphql.language.OperationDefinition;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A shop's bulk operations and their life: CREATED when started, RUNNING on the next tick,
 * then COMPLETED (or FAILED/CANCELED), processing a configurable number of JSONL lines per second
 * on the fake's background ticker. At most one query and one mutation run at a time, as in Shopify.
 * Everything here runs under the shop's lock, the same lock requests take.
 */
final class BulkOperations {

    private final FakeShop shop;
    private final FakeShopify server;
    private final List<Operation> operations = new ArrayList<>();
    private boolean paused;
    private int linesPerSecond = 20_000;
    private String failNext;

    BulkOperations(FakeShop shop, FakeShopify server) {
        this.shop = shop;
        this.server = server;
    }

    /** Mutable state of one operation; {@link #snapshot()} is what the API shows. */
    private static final class Operation {
        final long id;
        final String type;
        final String query;
        final Document document;
        final OperationDefinition definition;
        final String apiVersion;
        final Instant createdAt;
        final List<String> input;
        List<BulkQuery.Line> lines = List.of();
        final List<String> output = new ArrayList<>();
        String status = "CREATED";
        String errorCode;
        String failWith;
        long rootObjectCount;
        int position;
        double credit;
        Long fileSize;
        String url;
        String partialDataUrl;
        Instant completedAt;

        Operation(long id, String type, String query, Document document, OperationDefinition definition,
                  String apiVersion, Instant createdAt, List<String> input) {
            this.id = id;
            this.type = type;
            this.query = query;
            this.document = document;
            this.definition = definition;
            this.apiVersion = apiVersion;
            this.createdAt = createdAt;
            this.input = input;
        }

        boolean inProgress() {
            return status.equals("CREATED") || status.equals("RUNNING") || status.equals("CANCELING");
        }

        int total() {
            return type.equals("QUERY") ? lines.size() : input.size();
        }

        FakeBulkOperation snapshot() {
            return new FakeBulkOperation(id, type, status, errorCode, query, output.size(), rootObjectCount, fileSize,
                    url, partialDataUrl, createdAt, completedAt, type.equals("QUERY") ? List.of() : List.copyOf(input));
        }
    }

    List<FakeBulkOperation> all() {
        synchronized (shop) {
            return operations.stream().map(Operation::snapshot).toList();
        }
    }

    FakeBulkOperation find(long id) {
        synchronized (shop) {
            return operations.stream().filter(op -> op.id == id).map(Operation::snapshot).findFirst().orElse(null);
        }
    }

    /** The most recent operation of {@code type}, whatever its status; null when there is none. */
    FakeBulkOperation current(String type) {
        synchronized (shop) {
            for (int i = operations.size() - 1; i >= 0; i--) {
                if (operations.get(i).type.equals(type)) {
                    return operations.get(i).snapshot();
                }
            }
            return null;
        }
    }

    /** The operation of {@code type} in progress, or null. */
    FakeBulkOperation inProgress(String type) {
        synchronized (shop) {
            return operations.stream().filter(op -> op.type.equals(type) && op.inProgress())
                    .map(Operation::snapshot).findFirst().orElse(null);
        }
    }

    FakeBulkOperation startQuery(String query, Document document, OperationDefinition definition, String apiVersion) {
        return start("QUERY", query, document, definition, apiVersion, List.of());
    }

    FakeBulkOperation startMutation(String mutation, Document document, OperationDefinition definition,
                                    String apiVersion, String jsonl) {
        List<String> lines = jsonl.lines().filter(line -> !line.isBlank()).toList();
        return start("MUTATION", mutation, document, definition, apiVersion, lines);
    }

    private FakeBulkOperation start(String type, String query, Document document, OperationDefinition definition,
                                    String apiVersion, List<String> input) {
        synchronized (shop) {
            Operation operation = new Operation(server.nextId("BulkOperation"), type, query, document, definition,
                    apiVersion, shop.now(), input);
            operation.failWith = failNext;
            failNext = null;
            operations.add(operation);
            return operation.snapshot();
        }
    }

    /** Asks a running operation to stop; null when it is not in progress. */
    FakeBulkOperation cancel(long id) {
        synchronized (shop) {
            for (Operation operation : operations) {
                if (operation.id == id && operation.inProgress()) {
                    operation.status = "CANCELING";
                    return operation.snapshot();
                }
            }
            return null;
        }
    }

    void pause(boolean pause) {
        synchronized (shop) {
            paused = pause;
        }
    }

    void linesPerSecond(int rate) {
        if (rate <= 0) {
            throw new IllegalArgumentException("lines per second must be positive: " + rate);
        }
        synchronized (shop) {
            linesPerSecond = rate;
        }
    }

    void failNext(String errorCode) {
        if (!List.of("ACCESS_DENIED", "INTERNAL_SERVER_ERROR", "TIMEOUT").contains(errorCode)) {
            throw new IllegalArgumentException("not a BulkOperationErrorCode: " + errorCode);
        }
        synchronized (shop) {
            failNext = errorCode;
        }
    }

    /** Moves every operation in progress forward by {@code seconds} of work. */
    void tick(double seconds) {
        List<String> finished = new ArrayList<>();
        synchronized (shop) {
            if (paused) {
                return;
            }
            for (Operation operation : operations) {
                switch (operation.status) {
                    case "CREATED" -> begin(operation);
                    case "RUNNING" -> advance(operation, seconds);
                    case "CANCELING" -> finish(operation, "CANCELED", null);
                    default -> {
                        continue;
                    }
                }
                if (!operation.inProgress()) {
                    finished.add(Gids.of("BulkOperation", operation.id));
                }
            }
        }
        finished.forEach(gid -> shop.publish("BULK_OPERATIONS_FINISH", gid));
    }

    boolean anyInProgress() {
        synchronized (shop) {
            return operations.stream().anyMatch(Operation::inProgress);
        }
    }

    private void begin(Operation operation) {
        operation.status = "RUNNING";
        if (operation.type.equals("QUERY")) {
            // like Shopify, the query sees the shop as it is when the operation starts running
            operation.lines = BulkQuery.run(shop, operation.document, operation.definition, operation.apiVersion,
                    operation.id);
        }
    }

    private void advance(Operation operation, double seconds) {
        operation.credit += linesPerSecond * seconds;
        int budget = (int) operation.credit;
        operation.credit -= budget;
        int failAt = operation.total() / 2;
        while (budget-- > 0 && operation.position < operation.total()) {
            if (operation.failWith != null && operation.position >= failAt) {
                break;
            }
            if (operation.type.equals("QUERY")) {
                BulkQuery.Line line = operation.lines.get(operation.position);
                operation.output.add(line.json());
                if (line.root()) {
                    operation.rootObjectCount++;
                }
            } else {
                operation.output.add(mutate(operation, operation.input.get(operation.position), operation.position));
                operation.rootObjectCount++;
            }
            operation.position++;
        }
        if (operation.failWith != null && operation.position >= failAt) {
            finish(operation, "FAILED", operation.failWith);
        } else if (operation.position >= operation.total()) {
            finish(operation, "COMPLETED", null);
        }
    }

    /** Runs the bulk mutation once with one JSONL line of variables; the answer line carries {@code __lineNumber}. */
    private String mutate(Operation operation, String jsonLine, int lineNumber) {
        ObjectNode answer;
        try {
            Map<String, Object> variables = Variables.coerce(operation.definition, Json.readMap(jsonLine));
            Execution execution = new Execution(operation.document, variables, false);
            answer = new AdminApi(shop, operation.apiVersion, execution, "bulkOperationRunMutation")
                    .run(operation.definition);
        } catch (Variables.Invalid | RuntimeException e) {
            answer = Json.object();
            answer.putArray("errors").addObject().put("message", e.getMessage());
        }
        answer.put("__lineNumber", lineNumber);
        return answer.toString();
    }

    private void finish(Operation operation, String status, String errorCode) {
        operation.status = status;
        operation.errorCode = errorCode;
        operation.completedAt = shop.now();
        if (operation.output.isEmpty()) {
            return;
        }
        byte[] jsonl = (String.join("\n", operation.output) + "\n").getBytes(StandardCharsets.UTF_8);
        String location = server.storeResult(jsonl);
        if (status.equals("COMPLETED")) {
            operation.url = location;
            operation.fileSize = (long) jsonl.length;
        } else {
            operation.partialDataUrl = location;
        }
    }
}
