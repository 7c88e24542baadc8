package dev.calibrate.connectors.shopify.writeback;

import dev.calibrate.connectors.shopify.connection.ShopConnection;
import dev.calibrate.connectors.shopify.connection.ShopifyConnections;
import dev.calibrate.connectors.shopify.connection.ShopifyAccessTokens;
import dev.calibrate.connectors.shopify.api.ShopifyGraphQl;
import dev.calibrate.connectors.shopify.api.ShopifyException;
import dev.calibrate.connectors.shopify.ShopifySettings;
import dev.calibrate.connectors.shopify.ShopifyMetrics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.connectors.shopify.writeback.ShopifyDeliveries.BulkDelivery;
import dev.calibrate.connectors.shopify.writeback.ShopifyDeliveries.BulkSlot;
import dev.calibrate.connectors.shopify.writeback.ShopifyDeliveries.Delivery;
import dev.calibrate.connectors.shopify.api.ShopifyGraphQl.ShopAccess;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelError;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.work.WorkerLanes;
import dev.calibrate.kernel.work.WorkerLanes.OnClose;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * Sends the prices the delivery record holds as pending. A round serves every tenant with due prices
 * and an active connection, shops in parallel, one shop's calls one at a time (its cost bucket paces
 * them). A shop whose due prices span more Shopify products than the bulk mutation threshold gets one
 * bulk mutation instead of a call per product; a running one is followed in later rounds, and nothing
 * else sends its products until it is over, so its older prices cannot land after newer ones.
 * <p>
 * Every outcome is written against the intent that was sent: a newer intent that arrived meanwhile
 * stays pending and goes next. A crash after Shopify accepted a price but before the record says so
 * only sends that price (or a newer one) again.
 */
@Component
public class ShopifyWriteBack implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ShopifyWriteBack.class);

    private final ShopifyDeliveries deliveries;
    private final ShopifyConnections connections;
    private final ShopifyAccessTokens tokens;
    private final ShopifyGraphQl shopify;
    private final ShopifyBulkFiles files;
    private final ShopifySettings settings;
    private final ShopifyWriteBackSettings writeBack;
    private final ShopifyWriteBackTuning tuning;
    private final ShopifyMetrics metrics;
    private final TransactionTemplate transaction;
    private final ObjectMapper json;
    private final Clock clock;
    private final DeliveryBackoff backoff;
    private final WorkerLanes shops;
    /** When this node last asked Shopify about each bulk operation it follows. */
    private final Map<String, Instant> polled = new ConcurrentHashMap<>();

    public ShopifyWriteBack(ShopifyDeliveries deliveries, ShopifyConnections connections, ShopifyAccessTokens tokens,
                            ShopifyGraphQl shopify,
                            ShopifyBulkFiles files, ShopifySettings settings, ShopifyWriteBackSettings writeBack,
                            ShopifyWriteBackTuning tuning, ShopifyMetrics metrics,
                            PlatformTransactionManager transactionManager, ObjectMapper json, Optional<Clock> clock) {
        this.deliveries = deliveries;
        this.connections = connections;
        this.tokens = tokens;
        this.shopify = shopify;
        this.files = files;
        this.settings = settings;
        this.writeBack = writeBack;
        this.tuning = tuning;
        this.metrics = metrics;
        this.transaction = new TransactionTemplate(transactionManager);
        this.json = json;
        this.clock = clock.orElse(Clock.systemUTC());
        this.backoff = new DeliveryBackoff(writeBack.retryBackoff(), Duration.ofMinutes(10), settings.deliveryAttempts());
        this.shops = WorkerLanes.of("shopify-write-back", writeBack.shopsInParallel(), OnClose.INTERRUPT);
    }

    @Override
    public void destroy() {
        shops.close();
    }

    /** One round: every tenant with work, until each is done or {@code stopping} says the node shuts down. */
    public void sendDue(BooleanSupplier stopping) {
        List<TenantId> tenants = deliveries.tenantsWithWork(clock.instant());
        Map<TenantId, Future<?>> running = new LinkedHashMap<>();
        for (TenantId tenantId : tenants) {
            running.put(tenantId, shops.submit(() -> sendFor(tenantId, stopping)));
        }
        running.forEach((tenantId, shop) -> {
            try {
                shop.get();
            } catch (ExecutionException e) {
                log.warn("Shopify write-back for tenant {} stopped: {}", tenantId, e.getCause().toString(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Thrown to end a shop's round early: its token was refused, or its circuit breaker is open. */
    private static final class StopShop extends RuntimeException {
        StopShop(String why) {
            super(why, null, false, false);
        }
    }

    /** The shop a round serves: its connection, and the token to call it with. */
    private record Shop(ShopConnection connection, ShopAccess access) {
        TenantId tenantId() {
            return connection.tenantId();
        }

        String domain() {
            return connection.shop();
        }
    }

    void sendFor(TenantId tenantId, BooleanSupplier stopping) {
        Optional<ShopConnection> connection = connections.find(tenantId).filter(ShopConnection::active);
        if (connection.isEmpty()) {
            return;
        }
        try {
            Shop shop = new Shop(connection.get(), tokens.access(connection.get()));
            try {
                boolean bulkRunning = followBulkOperations(shop);
                List<Delivery> due = deliveries.due(tenantId, clock.instant(), writeBack.maxPerRound());
                if (due.isEmpty()) {
                    return;
                }
                long products = due.stream().map(d -> d.intent().productGid()).distinct().count();
                if (products > tuning.bulkMutationThreshold()) {
                    if (!bulkRunning) {
                        startBulk(shop, due);
                    }
                    return;
                }
                sendDirect(shop, due, stopping);
            } catch (StopShop stop) {
                log.info("Shopify write-back for {} paused: {}", shop.domain(), stop.getMessage());
            }
        } catch (ShopifyException e) {
            log.warn("No access to {} for the write-back: {}", connection.get().shop(), e.getMessage());
        }
    }

    // --- one call per product ---------------------------------------------------------------------------

    private void sendDirect(Shop shop, List<Delivery> due, BooleanSupplier stopping) {
        long started = System.nanoTime();
        int calls = 0;
        int prices = 0;
        try {
            for (PriceCall planned : PriceCall.group(due)) {
                if (stopping.getAsBoolean()) {
                    return;
                }
                List<Delivery> claimed = deliveries.claim(shop.tenantId(), productIds(planned.deliveries()),
                        clock.instant(), null);
                for (PriceCall call : PriceCall.group(claimed)) {
                    calls++;
                    prices += call.deliveries().size();
                    send(shop, call);
                }
            }
        } finally {
            if (calls > 0) {
                log.info("Sent {} prices to {} in {} calls ({} ms)", prices, shop.domain(), calls,
                        Duration.ofNanos(System.nanoTime() - started).toMillis());
            }
        }
    }

    private void send(Shop shop, PriceCall call) {
        JsonNode data;
        try {
            data = shopify.execute(shop.access(), PriceCall.DOCUMENT, Map.of("productId", call.productGid(),
                    "variants", call.variables().get("variants")));
        } catch (ShopifyException e) {
            if (e.kind() == ShopifyException.Kind.EXCEEDS_BUCKET && e.fitting(call.deliveries().size()) > 0) {
                call.split(e.fitting(call.deliveries().size())).forEach(part -> send(shop, part));
                return;
            }
            failedCall(shop, call.deliveries(), e);
            return;
        }
        PriceCall.Result result = call.result(data.get("productVariantsBulkUpdate"));
        transaction.executeWithoutResult(tx -> apply(result, call.deliveries()));
    }

    /** A call that did not get through: what its kind of failure means for the prices it carried. */
    private void failedCall(Shop shop, List<Delivery> sent, ShopifyException e) {
        switch (e.kind()) {
            case UNAUTHORIZED -> {
                deliveries.release(shop.tenantId(), productIds(sent));
                if (shop.connection().kind() == ShopConnection.Kind.OAUTH) {
                    // an expiring token may have died early: a refresh (which marks the connection
                    // TOKEN_INVALID when Shopify refuses it) decides whether writes go on next round
                    tokens.refresh(shop.connection());
                    throw new StopShop("the access token was refused and has been refreshed");
                }
                connections.status(shop.tenantId(), ShopConnection.Status.TOKEN_INVALID, e.getMessage());
                log.warn("Shopify refused the access token of {}; price writes wait for a new one", shop.domain());
                throw new StopShop("the access token was refused");
            }
            case REJECTED -> transaction.executeWithoutResult(tx -> failAll(sent, e.getMessage(), List.of()));
            case THROTTLED, EXCEEDS_BUCKET, UNAVAILABLE, NOT_FOUND, CIRCUIT_OPEN -> {
                transaction.executeWithoutResult(tx -> retryLater(sent, e.getMessage()));
                if (e.kind() == ShopifyException.Kind.CIRCUIT_OPEN) {
                    throw new StopShop(e.getMessage());
                }
            }
        }
    }

    /** Records what one answer (or one line of bulk results) said; runs inside the caller's transaction. */
    private void apply(PriceCall.Result result, List<Delivery> sent) {
        Instant now = clock.instant();
        if (result.unanswered() != null) {
            retryLater(sent, result.unanswered());
            return;
        }
        List<DeliveryOutcome> outcomes = new ArrayList<>();
        for (Delivery synced : deliveries.synced(result.synced(), now)) {
            outcomes.add(DeliveryOutcome.synced(synced.intent()));
            metrics.synced(Duration.between(synced.intent().intendedAt(), now));
        }
        result.failed().forEach((delivery, errors) -> {
            String reason = PriceCall.reason(errors);
            if (deliveries.failed(delivery, reason, errors)) {
                outcomes.add(DeliveryOutcome.failed(delivery.intent(), reason, errors));
            }
        });
        if (!result.unwritten().isEmpty()) {
            deliveries.release(result.unwritten().get(0).intent().tenantId(), productIds(result.unwritten()));
        }
        deliveries.recordAll(outcomes, now);
        metrics.delivered("synced", result.synced().size());
        metrics.delivered("failed", result.failed().size());
    }

    private void failAll(List<Delivery> sent, String reason, List<ChannelError> errors) {
        List<DeliveryOutcome> outcomes = new ArrayList<>();
        for (Delivery delivery : sent) {
            if (deliveries.failed(delivery, reason, errors)) {
                outcomes.add(DeliveryOutcome.failed(delivery.intent(), reason, errors));
            }
        }
        deliveries.recordAll(outcomes, clock.instant());
        metrics.delivered("failed", outcomes.size());
    }

    /** A transient failure: each price goes again after its backoff, or is given up after its last attempt. */
    private void retryLater(List<Delivery> sent, String error) {
        Instant now = clock.instant();
        List<DeliveryOutcome> outcomes = new ArrayList<>();
        for (Delivery delivery : sent) {
            int spent = delivery.attempts() + 1;
            Optional<Instant> next = backoff.nextAttempt(spent, now, ThreadLocalRandom.current().nextDouble());
            if (next.isPresent()) {
                deliveries.retryLater(delivery, error, next.get());
            } else {
                String reason = "Shopify could not be reached after " + spent + " attempts: " + error;
                if (deliveries.failed(delivery, reason, List.of())) {
                    outcomes.add(DeliveryOutcome.failed(delivery.intent(), reason, List.of()));
                }
            }
        }
        deliveries.recordAll(outcomes, now);
        metrics.delivered("retried", sent.size() - outcomes.size());
        metrics.delivered("failed", outcomes.size());
    }

    // --- bulk mutations -----------------------------------------------------------------------------------

    private void startBulk(Shop shop, List<Delivery> due) {
        String marker = ShopifyDeliveries.newBulkMarker();
        List<Delivery> claimed = deliveries.claim(shop.tenantId(), productIds(due), clock.instant(), marker);
        if (claimed.isEmpty()) {
            return;
        }
        List<BulkMutationJsonl.File> parts = BulkMutationJsonl.files(PriceCall.group(claimed), BulkMutationJsonl.MAX_FILE_BYTES, json);
        BulkMutationJsonl.File file = parts.get(0);
        List<Delivery> carried = file.lines().stream().flatMap(line -> line.deliveries().stream()).toList();
        if (parts.size() > 1) {
            // one bulk mutation at a time per shop: the rest goes in the next one
            Set<ProductId> inFile = new HashSet<>(productIds(carried));
            deliveries.release(shop.tenantId(), claimed.stream().map(Delivery::productId).filter(id -> !inFile.contains(id)).toList());
        }
        List<BulkSlot> slots = new ArrayList<>();
        for (int line = 0; line < file.lines().size(); line++) {
            List<Delivery> variants = file.lines().get(line).deliveries();
            for (int index = 0; index < variants.size(); index++) {
                slots.add(new BulkSlot(variants.get(index).productId(), line, index));
            }
        }
        deliveries.assignSlots(marker, slots);
        try {
            ShopifyBulkFiles.StagedUpload target = files.stage(shop.access());
            files.upload(target, file.content());
            JsonNode payload = shopify.execute(shop.access(), "BulkOperationRunMutation", Map.of(
                    "mutation", shopify.document(PriceCall.DOCUMENT), "stagedUploadPath", target.path(),
                    "clientIdentifier", marker)).path("bulkOperationRunMutation");
            JsonNode errors = payload.path("userErrors");
            if (errors.isArray() && !errors.isEmpty()) {
                bulkRefused(shop, marker, carried, errors.get(0));
                return;
            }
            String operation = payload.path("bulkOperation").path("id").asText(null);
            if (operation == null) {
                transaction.executeWithoutResult(tx -> {
                    retryLater(carried, "Shopify answered bulkOperationRunMutation without an operation");
                    deliveries.releaseBulk(marker);
                });
                return;
            }
            deliveries.bulkStarted(marker, operation);
            polled.put(operation, clock.instant());
            metrics.bulkOperation("started");
            log.info("Bulk mutation {} started for {}: {} prices of {} products", operation, shop.domain(),
                    carried.size(), file.lines().size());
        } catch (ShopifyException e) {
            try {
                failedCall(shop, carried, e);
            } finally {
                deliveries.releaseBulk(marker);
            }
        } catch (RuntimeException e) {
            deliveries.releaseBulk(marker);
            throw e;
        }
    }

    private void bulkRefused(Shop shop, String marker, List<Delivery> carried, JsonNode error) {
        String code = error.path("code").asText("");
        String message = error.path("message").asText("no message");
        if (code.equals("OPERATION_IN_PROGRESS") || code.equals("LIMIT_REACHED")) {
            // not our failure: the prices wait for the next round, no attempt spent
            deliveries.releaseBulk(marker);
            metrics.bulkOperation("busy");
            log.info("Shopify runs another bulk mutation for {} ({}); prices wait for it", shop.domain(), message);
            return;
        }
        transaction.executeWithoutResult(tx -> {
            retryLater(carried, "Shopify refused the bulk mutation: " + message);
            deliveries.releaseBulk(marker);
        });
    }

    /**
     * Follows the tenant's bulk operations: records the results of finished ones. Answers true while one
     * still runs (then no other bulk mutation may start).
     */
    private boolean followBulkOperations(Shop shop) {
        boolean running = false;
        for (String operation : deliveries.bulkOperations(shop.tenantId())) {
            if (ShopifyDeliveries.startingMarker(operation)) {
                running |= leftBehind(shop, operation);
                continue;
            }
            Instant last = polled.get(operation);
            if (last != null && last.plus(settings.bulkPollInterval()).isAfter(clock.instant())) {
                running = true;
                continue;
            }
            polled.put(operation, clock.instant());
            JsonNode state;
            try {
                state = shopify.execute(shop.access(), "BulkOperation", Map.of("id", operation)).path("bulkOperation");
            } catch (ShopifyException e) {
                if (e.kind() == ShopifyException.Kind.UNAUTHORIZED) {
                    failedCall(shop, List.of(), e);
                }
                running = true;
                continue;
            }
            String status = state.path("status").asText("MISSING");
            switch (status) {
                case "CREATED", "RUNNING", "CANCELING" -> running = true;
                case "COMPLETED" -> finishBulk(operation, state.path("url").asText(null), null);
                default -> finishBulk(operation, state.path("partialDataUrl").asText(null),
                        "the bulk operation ended " + status
                                + (state.hasNonNull("errorCode") ? " (" + state.get("errorCode").asText() + ")" : ""));
            }
        }
        return running;
    }

    /**
     * A marker no round of ours would leave: a crash came between claiming prices and Shopify's answer.
     * While Shopify still runs a bulk mutation (it may be the one started then) the prices wait; after
     * that they go again.
     */
    private boolean leftBehind(Shop shop, String marker) {
        JsonNode current;
        try {
            current = shopify.execute(shop.access(), "CurrentBulkMutation", Map.of()).path("currentBulkOperation");
        } catch (ShopifyException e) {
            return true;
        }
        String status = current.path("status").asText("");
        if (status.equals("CREATED") || status.equals("RUNNING") || status.equals("CANCELING")) {
            return true;
        }
        deliveries.releaseBulk(marker);
        return false;
    }

    /** Records a finished bulk operation's results; what has no result line goes again (an attempt spent). */
    private void finishBulk(String operation, String url, String failure) {
        Map<Integer, JsonNode> results;
        try {
            results = url == null ? Map.of() : files.results(url);
        } catch (ShopifyException e) {
            log.info("Results of bulk mutation {} could not be read yet: {}", operation, e.getMessage());
            return;
        }
        List<BulkDelivery> carried = deliveries.inBulk(operation);
        Map<Integer, List<BulkDelivery>> lines = carried.stream()
                .collect(Collectors.groupingBy(BulkDelivery::line, TreeMap::new, Collectors.toList()));
        transaction.executeWithoutResult(tx -> {
            lines.forEach((line, rows) -> {
                PriceCall call = new PriceCall(rows.get(0).delivery().intent().productGid(),
                        rows.stream().map(BulkDelivery::delivery).toList());
                JsonNode answer = results.get(line);
                PriceCall.Result result = answer == null && failure != null ? PriceCall.Result.unanswered(failure)
                        : BulkMutationJsonl.result(call, answer);
                // a row whose intent was replaced meanwhile keeps its new intent pending; the handler that
                // replaced it recorded the old one as superseded
                Set<Delivery> replaced = rows.stream().filter(BulkDelivery::replaced).map(BulkDelivery::delivery)
                        .collect(Collectors.toSet());
                List<Delivery> sent = new ArrayList<>(call.deliveries());
                sent.removeAll(replaced);
                apply(result.without(replaced), sent);
            });
            deliveries.releaseBulk(operation);
        });
        polled.remove(operation);
        metrics.bulkOperation(failure == null ? "completed" : "failed");
        log.info("Bulk mutation {} finished{}: {} prices recorded", operation, failure == null ? "" : " (" + failure + ")",
                carried.size());
    }

    private static List<ProductId> productIds(List<Delivery> deliveries) {
        return deliveries.isEmpty() ? Collections.emptyList() : deliveries.stream().map(Delivery::productId).toList();
    }
}
