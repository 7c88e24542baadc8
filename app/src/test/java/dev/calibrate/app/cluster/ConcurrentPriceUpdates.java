package dev.calibrate.app.cluster;

import dev.calibrate.app.cluster.ClusterNodes.Node;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.Sql;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static dev.calibrate.app.cluster.ClusterNodes.usd;
import static dev.calibrate.app.pricechange.PriceChangeSteps.product;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SeveralNodesTest}'s concurrent commands: price updates of a few products, sent all at once and spread
 * over every node, so that nodes race for the same aggregates. None is lost: each answers 200, each product
 * has one price event per update holding the prices sent, and every node reads the last event's price.
 */
final class ConcurrentPriceUpdates {

    /** The products written and a token that reads them. */
    record Written(Api.TenantToken token, List<String> ids) {
    }

    private final ClusterNodes cluster;
    private final String url;
    private final int products;
    private final int updatesPerProduct;

    ConcurrentPriceUpdates(ClusterNodes cluster, String url, int products, int updatesPerProduct) {
        this.cluster = cluster;
        this.url = url;
        this.products = products;
        this.updatesPerProduct = updatesPerProduct;
    }

    Written sendAtOnceOverTheNodesAndLoseNone() throws Exception {
        List<Node> nodes = cluster.alive();
        int n = nodes.size();
        Api first = nodes.get(0).api;
        Api.TenantToken token = first.token(first.createTenant("Nodes", "USD"), "catalog:read", "catalog:write");
        List<String> ids = new ArrayList<>();
        Map<String, Long> createdVersion = new LinkedHashMap<>();
        for (int p = 0; p < products; p++) {
            Api.Response created = nodes.get(p % n).api.post("/api/v1/products", token.token(),
                    product(sku(p), "50.00", null, "nodes"));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            ids.add(created.json().get("id").asText());
            createdVersion.put(ids.get(p), created.json().get("version").asLong());
        }
        List<int[]> updates = new ArrayList<>();
        for (int p = 0; p < products; p++) {
            for (int k = 0; k < updatesPerProduct; k++) {
                updates.add(new int[]{p, k});
            }
        }
        Collections.shuffle(updates, new Random(19));
        ExecutorService clients = Executors.newFixedThreadPool(48);
        List<Future<Api.Response>> answers = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < updates.size(); i++) {
            int[] update = updates.get(i);
            Api api = nodes.get(i % n).api;
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
            retried += (int) Files.readAllLines(cluster.log(node)).stream().filter(l -> l.contains("lost a race")).count();
        }
        System.out.printf("SeveralNodesTest: %d updates in %d ms, statuses %s, %d sent again after losing a race%n",
                updates.size(), elapsedMillis, statuses, retried);
        assertThat(statuses).as("every update answered 200 UPDATED, none 409 or 5xx")
                .isEqualTo(Map.of(200, products * updatesPerProduct));

        try (Sql owner = Sql.connect(url)) {
            for (int p = 0; p < products; p++) {
                String id = ids.get(p);
                List<Map<String, Object>> events = owner.query("""
                        SELECT payloadtype, convert_from(payload, 'UTF8')::jsonb -> 'price' ->> 'amount' AS amount
                        FROM domainevententry WHERE aggregateidentifier = ? AND sequencenumber > ?
                        ORDER BY sequencenumber""", id, createdVersion.get(id));
                // a serial run of the same updates, in the order the store took them: one price event per
                // update, and the last one's price is the product's
                assertThat(events).as("one event per update of " + sku(p)).hasSize(updatesPerProduct)
                        .allSatisfy(e -> assertThat((String) e.get("payloadtype")).endsWith("ProductPriceObserved"));
                Set<BigDecimal> sent = new HashSet<>();
                for (int k = 0; k < updatesPerProduct; k++) {
                    sent.add(new BigDecimal(price(p, k)));
                }
                assertThat(events.stream().map(e -> new BigDecimal((String) e.get("amount"))).collect(Collectors.toSet()))
                        .as("every price sent to " + sku(p) + " was recorded").isEqualTo(sent);
                BigDecimal last = new BigDecimal((String) events.get(events.size() - 1).get("amount"));
                for (Node node : nodes) {
                    Api.Response read = node.api.get("/api/v1/products/" + id, token.token(),
                            "X-Calibrate-Wait-For", Long.toString(lastPosition));
                    assertThat(read.status()).as(read.body()).isEqualTo(200);
                    assertThat(usd(read.json())).as(node.name + " reads " + sku(p)).isEqualByComparingTo(last);
                    assertThat(read.json().get("version").asLong())
                            .isEqualTo(createdVersion.get(id) + updatesPerProduct);
                }
            }
        }
        return new Written(token, ids);
    }

    static String sku(int product) {
        return "NODE-" + product;
    }

    /** A price per update of a product, each unlike the one it was created with. */
    static String price(int product, int update) {
        return (100 + product) + "." + String.format("%02d", update + 1);
    }
}
