package dev.calibrate.connectors.shopify.writeback.sending;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.connectors.shopify.ShopifyMetrics;
import dev.calibrate.connectors.shopify.ShopifySettings;
import dev.calibrate.connectors.shopify.api.ShopifyException;
import dev.calibrate.connectors.shopify.api.ShopifyGraphQl;
import dev.calibrate.connectors.shopify.writeback.ShopifyDeliveries.BulkDelivery;
import dev.calibrate.connectors.shopify.writeback.ShopifyDeliveries.BulkSlot;
import dev.calibrate.connectors.shopify.writeback.ShopifyDeliveries.Delivery;
import dev.calibrate.connectors.shopify.writeback.ShopifyDeliveries;
import dev.calibrate.kernel.product.ProductId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static dev.calibrate.connectors.shopify.writeback.sending.WriteBackShop.productIds;

/**
 * Sends a shop's due prices as one bulk mutation (a JSONL file of {@code productVariantsBulkUpdate}
 * calls) when they span more products than the bulk mutation threshold, and follows it in later rounds.
 * One runs per shop at a time, and nothing else sends its products until it is over, so its older
 * prices cannot land after newer ones. A crash between claiming the prices and Shopify's answer leaves
 * a starting marker, which sends them again once Shopify runs no bulk mutation any more.
 */
class BulkPriceWrites {

    private static final Logger log = LoggerFactory.getLogger(BulkPriceWrites.class);

    private final ShopifyDeliveries deliveries;
    private final ShopifyGraphQl shopify;
    private final ShopifyBulkFiles files;
    private final DeliveryResults results;
    private final DeliveryFailurePolicy failures;
    private final ShopifySettings settings;
    private final ShopifyMetrics metrics;
    private final TransactionTemplate transaction;
    private final ObjectMapper json;
    private final Clock clock;
    /** When this node last asked Shopify about each bulk operation it follows. */
    private final Map<String, Instant> polled = new ConcurrentHashMap<>();

    BulkPriceWrites(ShopifyDeliveries deliveries, ShopifyGraphQl shopify, ShopifyBulkFiles files,
                    DeliveryResults results, DeliveryFailurePolicy failures, ShopifySettings settings,
                    ShopifyMetrics metrics, TransactionTemplate transaction, ObjectMapper json, Clock clock) {
        this.deliveries = deliveries;
        this.shopify = shopify;
        this.files = files;
        this.results = results;
        this.failures = failures;
        this.settings = settings;
        this.metrics = metrics;
        this.transaction = transaction;
        this.json = json;
        this.clock = clock;
    }

    /** Claims the due prices for one bulk mutation (the ones that fit its file) and starts it. */
    void start(WriteBackShop shop, List<Delivery> due) {
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
                    failures.retryLater(carried, "Shopify answered bulkOperationRunMutation without an operation");
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
                failures.failedCall(shop, carried, e);
            } finally {
                deliveries.releaseBulk(marker);
            }
        } catch (RuntimeException e) {
            deliveries.releaseBulk(marker);
            throw e;
        }
    }

    private void bulkRefused(WriteBackShop shop, String marker, List<Delivery> carried, JsonNode error) {
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
            failures.retryLater(carried, "Shopify refused the bulk mutation: " + message);
            deliveries.releaseBulk(marker);
        });
    }

    /**
     * Follows the tenant's bulk operations: records the results of finished ones. Answers true while one
     * still runs (then no other bulk mutation may start).
     */
    boolean follow(WriteBackShop shop) {
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
                    failures.failedCall(shop, List.of(), e);
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
    private boolean leftBehind(WriteBackShop shop, String marker) {
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
        Map<Integer, JsonNode> answers;
        try {
            answers = url == null ? Map.of() : files.results(url);
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
                JsonNode answer = answers.get(line);
                PriceCall.Result result = answer == null && failure != null ? PriceCall.Result.unanswered(failure)
                        : BulkMutationJsonl.result(call, answer);
                // a row whose intent was replaced meanwhile keeps its new intent pending; the handler that
                // replaced it recorded the old one as superseded
                Set<Delivery> replaced = rows.stream().filter(BulkDelivery::replaced).map(BulkDelivery::delivery)
                        .collect(Collectors.toSet());
                List<Delivery> sent = new ArrayList<>(call.deliveries());
                sent.removeAll(replaced);
                results.record(result.without(replaced), sent);
            });
            deliveries.releaseBulk(operation);
        });
        polled.remove(operation);
        metrics.bulkOperation(failure == null ? "completed" : "failed");
        log.info("Bulk mutation {} finished{}: {} prices recorded", operation, failure == null ? "" : " (" + failure + ")",
                carried.size());
    }
}
