package dev.calibrate.app.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.AppProcesses;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.ShopifyFake;
import dev.calibrate.connectors.shopify.fake.FakeBulkOperation;
import dev.calibrate.connectors.shopify.fake.FakeShop;
import dev.calibrate.connectors.shopify.fake.PriceWrite;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The application is killed (SIGKILL) while it is writing a price change to Shopify, and started
 * again: every price still reaches the shop, none is lost, and no variant ever gets an older price
 * after a newer one. Then the rollback restores the originals. Once with one call per Shopify product,
 * the crash between calls; once on the bulk mutation path, the crash after Shopify started the bulk
 * mutation and before its answer reached Calibrate.
 */
@Tag("slow")
class ShopifyRestartTest {

    static final String ADMIN_TOKEN = "shopify-restart-admin-token-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void aCrashMidWriteLosesNoPriceAndSendsNothingStale() throws Exception {
        FakeShop shop = ShopifyFake.newShop("USD");
        shop.generateCatalog(500, 3, 11);
        Map<String, String> originals = ShopifyPriceHistory.prices(shop);
        int port = AppProcesses.freePort();
        // one call per product, so the crash lands between calls
        String[] settings = settings(port, "--calibrate.shopify.bulk-mutation-threshold=100000",
                "--calibrate.shopify.request-timeout=3s");
        Process first = AppProcesses.start(dataDir, port, ADMIN_TOKEN, dataDir.resolve("first-run.log"), settings);
        Approved approved;
        int writesBefore;
        try {
            Api api = awaitUp(port);
            approved = connectSyncAndApprove(api, shop, 1500);
            // a slower shop, so that the write-back is still running when the process dies
            shop.plan(50);
            writesBefore = shop.writes().size();
            assertThat(new PriceChangeSteps(api).action(approved.manager().token(), approved.change(), "apply", null)
                    .status()).isEqualTo(202);
            int from = writesBefore;
            await("part of the write-back done").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
                    .until(() -> shop.writes().size() - from >= 150);
        } finally {
            first.destroyForcibly();
            first.waitFor(1, TimeUnit.MINUTES);
        }
        int writtenBeforeCrash = ShopifyPriceHistory.writesSince(shop, writesBefore).size();
        assertThat(writtenBeforeCrash).as("variants written before the crash").isBetween(150, 1499);

        try (ConfigurableApplicationContext second = AppProcesses.startInProcess(dataDir, ADMIN_TOKEN, again(settings, port))) {
            Api api = new Api("http://localhost:" + port, ADMIN_TOKEN, second.getBean(ObjectMapper.class));
            shop.plan(1000);
            new PriceChangeSteps(api).awaitApplied(approved.manager().token(), approved.change());
            awaitShopHolds(shop, approved.intended());
            rollBackAndCheckTheWrites(api, shop, approved, originals, writesBefore);
        }
    }

    /**
     * Shopify starts the bulk mutation, and its answer (the operation's id) never reaches Calibrate: what
     * Calibrate knows is that it claimed the prices for a bulk mutation it was starting. Started again, it
     * sends nothing to the shop while Shopify still runs a bulk mutation (that one may carry the prices),
     * and once Shopify's has ended it sends the prices again; resending a price is safe, an older one never
     * comes after a newer.
     */
    @Test
    void aCrashWhileABulkMutationStartsSendsItsPricesAgainOnceShopifysOwnHasEnded() throws Exception {
        FakeShop shop = ShopifyFake.newShop("USD");
        shop.generateCatalog(200, 3, 12);
        Map<String, String> originals = ShopifyPriceHistory.prices(shop);
        int port = AppProcesses.freePort();
        // a bulk mutation for more than 20 due Shopify products; an answer waited for long enough to die in
        String[] settings = settings(port, "--calibrate.shopify.bulk-mutation-threshold=20",
                "--calibrate.shopify.request-timeout=15s");
        Process first = AppProcesses.start(dataDir, port, ADMIN_TOKEN, dataDir.resolve("first-run.log"), settings);
        Approved approved;
        int writesBefore;
        try {
            Api api = awaitUp(port);
            approved = connectSyncAndApprove(api, shop, 600);
            shop.pauseBulkOperations().holdNextAnswerTo("bulkOperationRunMutation", Duration.ofMinutes(10));
            writesBefore = shop.writes().size();
            assertThat(new PriceChangeSteps(api).action(approved.manager().token(), approved.change(), "apply", null)
                    .status()).isEqualTo(202);
            await("Shopify started a bulk mutation and holds its answer").atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(20)).until(() -> shop.held() == 1 && mutations(shop).size() == 1);
        } finally {
            first.destroyForcibly();
            first.waitFor(1, TimeUnit.MINUTES);
        }
        FakeBulkOperation started = mutations(shop).get(0);
        assertThat(started.inProgress()).as("the bulk mutation the crash left running").isTrue();
        // the answer goes to the dead connection; the shop records the request as it leaves
        shop.releaseHeldAnswers();
        await("the held answer gone").atMost(Duration.ofSeconds(30)).until(() -> shop.held() == 0);
        int writesAtCrash = shop.writes().size();
        int startsAtCrash = requests(shop, "bulkOperationRunMutation");

        try (ConfigurableApplicationContext second = AppProcesses.startInProcess(dataDir, ADMIN_TOKEN, again(settings, port))) {
            Api api = new Api("http://localhost:" + port, ADMIN_TOKEN, second.getBean(ObjectMapper.class));
            new PriceChangeSteps(api).awaitApplied(approved.manager().token(), approved.change());
            // the restarted node asks Shopify for its running bulk mutation every round and waits
            int asked = requests(shop, "currentBulkOperation");
            await("rounds that found Shopify's bulk mutation running").atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(100)).until(() -> requests(shop, "currentBulkOperation") >= asked + 3);
            assertThat(requests(shop, "bulkOperationRunMutation")).as("bulk mutations asked for meanwhile")
                    .isEqualTo(startsAtCrash);
            assertThat(mutations(shop)).as("bulk mutations while Shopify runs the one the crash started")
                    .extracting(FakeBulkOperation::gid).containsExactly(started.gid());

            shop.resumeBulkOperations();
            // the crash's bulk mutation wrote its prices; once it ended they went again, in a bulk mutation of their own
            await("the prices sent again after the crash's bulk mutation").atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> assertThat(mutations(shop))
                            .hasSize(2).allMatch(operation -> operation.status().equals("COMPLETED")));
            awaitShopHolds(shop, approved.intended());
            sentAgainAndNothingElseMeanwhile(shop.writes().subList(writesAtCrash, shop.writes().size()),
                    variantsOf(mutations(shop).get(0)));
            rollBackAndCheckTheWrites(api, shop, approved, originals, writesBefore);
        }
    }

    /**
     * The variants the crash's bulk mutation carried (the run may have set some prices after it started: those
     * went on their own) were written once while it ran, by it, and each was sent again after it ended.
     */
    private static void sentAgainAndNothingElseMeanwhile(List<PriceWrite> sinceCrash, Set<String> carried) {
        assertThat(carried).as("variants the crash's bulk mutation carried").isNotEmpty();
        Map<String, List<String>> writesOfCarried = new TreeMap<>();
        sinceCrash.stream().filter(write -> carried.contains(write.variantGid())).forEach(write ->
                writesOfCarried.computeIfAbsent(write.variantGid(), gid -> new ArrayList<>()).add(write.via()));
        assertThat(writesOfCarried).as("writes of each carried variant since the crash: the crash's bulk mutation's,"
                        + " then the one sending its prices again").hasSize(carried.size())
                .allSatisfy((gid, via) -> assertThat(via).containsExactly("bulkOperationRunMutation",
                        "bulkOperationRunMutation"));
    }

    /** The variants a bulk mutation's uploaded lines set prices of. */
    private static Set<String> variantsOf(FakeBulkOperation mutation) throws Exception {
        Set<String> variants = new TreeSet<>();
        for (String line : mutation.input()) {
            JSON.readTree(line).path("variants").forEach(variant -> variants.add(variant.path("id").asText()));
        }
        return variants;
    }

    /** The tenant, its approved change of every Shopify variant by -5 %, and the price each variant should end at. */
    private record Approved(Api.TenantToken manager, String change, Map<String, String> intended) {
    }

    private static Approved connectSyncAndApprove(Api api, FakeShop shop, int variants) {
        PriceChangeSteps changes = new PriceChangeSteps(api);
        Api.TenantToken manager = api.newTenant("Crash " + shop.domain());
        Api.TenantToken approver = api.token(manager.tenantId(), "prices:approve");
        ShopifyFake.connect(api, manager, shop);
        assertThat(api.post("/api/v1/connectors/shopify/sync", manager.token(), null).status()).isEqualTo(202);
        await("catalog").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(api.get("/api/v1/products?size=1", manager.token()).json().path("total").asInt())
                        .isEqualTo(variants));
        String change = changes.approved(manager.token(), approver.token(), "Shopify -5%", Map.of(
                "selector", Map.of("field", "channel", "op", "contains", "value", "shopify"),
                "transform", List.of(Map.of("op", "percent", "value", -5)), "currency", "USD"), Map.of());
        // archived and draft products were synced inactive: no rule selects them, their price stays
        Map<String, String> intended = new TreeMap<>(ShopifyPriceHistory.prices(shop));
        for (JsonNode item : changes.items(manager.token(), change)) {
            intended.put(item.path("sku").asText(), item.path("proposedPrice").path("amount").asText());
        }
        return new Approved(manager, change, intended);
    }

    private static void rollBackAndCheckTheWrites(Api api, FakeShop shop, Approved approved,
                                                  Map<String, String> originals, int writesBefore) {
        PriceChangeSteps changes = new PriceChangeSteps(api);
        assertThat(changes.action(approved.manager().token(), approved.change(), "rollback", null).status())
                .isEqualTo(202);
        changes.awaitRolledBack(approved.manager().token(), approved.change());
        awaitShopHolds(shop, originals);
        ShopifyPriceHistory.assertInOrderAndNeverStale(ShopifyPriceHistory.writesSince(shop, writesBefore),
                approved.intended(), originals);
        assertThat(ShopifyFake.server().invalidDocuments()).isEmpty();
    }

    private static String[] settings(int port, String... more) {
        List<String> settings = new ArrayList<>(List.of(
                "--calibrate.secrets.key=" + IntegrationTest.SECRETS_KEY,
                "--calibrate.shopify.base-url=" + ShopifyFake.server().baseUrlTemplate(),
                "--calibrate.shopify.public-url=http://127.0.0.1:" + port,
                "--calibrate.consistency.max-wait=60s"));
        settings.addAll(List.of(more));
        return settings.toArray(String[]::new);
    }

    private static String[] again(String[] settings, int port) {
        String[] again = Arrays.copyOf(settings, settings.length + 1);
        again[settings.length] = "--server.port=" + port;
        return again;
    }

    private static Api awaitUp(int port) {
        Api api = new Api("http://localhost:" + port, ADMIN_TOKEN, new ObjectMapper());
        await("first run up").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions().until(() -> api.get("/actuator/health", null).status() == 200);
        return api;
    }

    private static List<FakeBulkOperation> mutations(FakeShop shop) {
        return shop.bulkOperations().stream().filter(operation -> operation.type().equals("MUTATION")).toList();
    }

    private static int requests(FakeShop shop, String rootField) {
        return (int) shop.requests().stream().filter(request -> request.rootFields().contains(rootField)).count();
    }

    private static void awaitShopHolds(FakeShop shop, Map<String, String> expected) {
        await("prices at " + shop.domain()).atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(ShopifyPriceHistory.prices(shop)).isEqualTo(expected));
    }
}
