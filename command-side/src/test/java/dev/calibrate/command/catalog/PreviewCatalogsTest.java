package dev.calibrate.command.catalog;

import dev.calibrate.command.catalog.source.CatalogSource;
import dev.calibrate.kernel.product.BrandFloors;
import dev.calibrate.command.pricing.Deadline;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.CatalogEntry;
import dev.calibrate.kernel.product.CatalogItem;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.ProductDeactivated;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The cache's own rules, over an in-memory stand-in for the read model: no event lost or applied twice
 * across a rebuild, the memory budget, idle eviction, and waiting within bounds.
 */
class PreviewCatalogsTest {

    private static final TenantId ACME = TenantId.random();
    private static final TenantId GLOBEX = TenantId.random();
    private static final String TEE = "gid://shopify/Product/1";

    /** The read model: per tenant its entries in product order; {@code duringPage} runs before each page is read. */
    private final Map<TenantId, List<CatalogEntry>> readModel = new HashMap<>();
    private final AtomicLong readModelPosition = new AtomicLong();
    private final AtomicLong processorPosition = new AtomicLong();
    private final List<Long> awaited = new ArrayList<>();
    private int pagesRead;
    private Consumer<Integer> duringPage = page -> { };
    private Instant now = Instant.parse("2026-12-04T06:00:00Z");

    private final CatalogSource source = new CatalogSource() {
        @Override
        public void awaitPosition(long position) {
            awaited.add(position);
            if (readModelPosition.get() < position) throw new CatalogBehind("read model behind");
        }

        @Override
        public List<CatalogEntry> page(TenantId tenantId, ProductId after, int limit, Instant pricesSince) {
            duringPage.accept(pagesRead++);
            List<CatalogEntry> all = readModel.getOrDefault(tenantId, List.of());
            int from = 0;
            while (after != null && from < all.size() && !all.get(from++).item().productId().equals(after)) {
            }
            return List.copyOf(all.subList(from, Math.min(all.size(), from + limit)));
        }
    };

    private PreviewCatalogs catalogs(long budget) {
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        return new PreviewCatalogs(source, () -> OptionalLong.of(processorPosition.get()),
                new CatalogLimits(budget, Duration.ofMinutes(30), Duration.ofMillis(200), 2), clock);
    }

    @Test
    void aRebuildTakesTheReadModelThenTheEventsHandledMeanwhileEachOnlyPastItsProductsVersion() {
        PreviewCatalogs catalogs = catalogs(1L << 30);
        ProductId tee = ProductId.forSku(ACME, "TEE");
        ProductId cap = ProductId.forSku(ACME, "CAP");
        readModel.put(ACME, new ArrayList<>(List.of(entry(tee, "TEE", "10.00", 1), entry(cap, "CAP", "5.00", 0),
                entry(ProductId.forSku(ACME, "MUG"), "MUG", "7.00", 0))));
        catalogs.on(ACME, priced(tee, "9.00", 1), 40);
        processorPosition.set(40);
        readModelPosition.set(40);
        duringPage = page -> {
            if (page == 1) {
                // the read model already holds version 1 of TEE; version 2 of TEE and CAP's new event it does not
                catalogs.on(ACME, priced(tee, "10.00", 1), 41);
                catalogs.on(ACME, priced(tee, "12.00", 2), 42);
                catalogs.on(ACME, priced(cap, "6.00", 1), 43);
                catalogs.on(ACME, new CatalogChange.Created(ProductId.forSku(ACME, "NEW"), "NEW",
                        details(), true, 0), 44);
            }
        };

        CatalogColumns columns = catalogs.snapshot(ACME, Deadline.NONE);

        assertThat(awaited).containsExactly(40L);
        assertThat(prices(columns)).containsOnly(Map.entry("TEE", "12.00"), Map.entry("CAP", "6.00"),
                Map.entry("MUG", "7.00"), Map.entry("NEW", "none"));
        catalogs.on(ACME, priced(tee, "11.00", 2), 45);
        catalogs.on(ACME, priced(tee, "13.00", 3), 46);
        assertThat(prices(catalogs.snapshot(ACME, Deadline.NONE))).containsEntry("TEE", "13.00");
        assertThat(prices(columns)).as("a snapshot does not change after it was taken").containsEntry("TEE", "12.00");
    }

    @Test
    void brandFloorsFromTheReadModelAndFromLaterEventsReachTheSnapshotAndAClearingEventRemovesThem() {
        PreviewCatalogs catalogs = catalogs(1L << 30);
        ProductId tee = ProductId.forSku(ACME, "TEE");
        ProductId cap = ProductId.forSku(ACME, "CAP");
        BrandFloors map = new BrandFloors(new Money(new BigDecimal("9.00"), "USD"), null, null, null, null);
        CatalogEntry read = entry(tee, "TEE", "10.00", 0);
        CatalogItem withFloors = new CatalogItem(tee, "TEE", read.item().title(), read.item().vendor(),
                read.item().productType(), read.item().tags(), read.item().channels(), true, read.item().cost(),
                read.item().prices(), read.item().compareAt(), Map.of("USD", map));
        readModel.put(ACME, List.of(new CatalogEntry(withFloors, 0), entry(cap, "CAP", "5.00", 0)));
        processorPosition.set(10);
        readModelPosition.set(10);
        CatalogColumns before = catalogs.snapshot(ACME, Deadline.NONE);

        BrandFloors lrp = new BrandFloors(null, null, null, null, new Money(new BigDecimal("4.50"), "USD"));
        catalogs.on(ACME, new CatalogChange.Floored(cap, "USD", lrp, 1), 11);
        catalogs.on(ACME, new CatalogChange.Floored(tee, "USD", null, 1), 12);
        processorPosition.set(12);
        CatalogColumns after = catalogs.snapshot(ACME, Deadline.NONE);

        Map<String, Map<String, BrandFloors>> floorsBefore = new java.util.HashMap<>();
        before.items().forEach(item -> floorsBefore.put(item.sku(), item.brandFloors()));
        Map<String, Map<String, BrandFloors>> floorsAfter = new java.util.HashMap<>();
        after.items().forEach(item -> floorsAfter.put(item.sku(), item.brandFloors()));
        assertThat(floorsBefore).containsEntry("TEE", Map.of("USD", map)).containsEntry("CAP", Map.of());
        assertThat(floorsAfter).containsEntry("TEE", Map.of()).containsEntry("CAP", Map.of("USD", lrp));
    }

    @Test
    void anEventHandledBeforeTheRebuildThatTheReadModelHasNotShownYetStillReachesTheCatalog() {
        PreviewCatalogs catalogs = catalogs(1L << 30);
        ProductId tee = ProductId.forSku(ACME, "TEE");
        // committed late: the processor handled it, the read model is past its index but has not filled the gap
        catalogs.on(ACME, priced(tee, "15.00", 1), 30);
        readModel.put(ACME, List.of(entry(tee, "TEE", "10.00", 0)));
        processorPosition.set(31);
        readModelPosition.set(31);

        assertThat(prices(catalogs.snapshot(ACME, Deadline.NONE))).containsEntry("TEE", "15.00");
    }

    @Test
    void pastTheBudgetTheLeastRecentlyPreviewedTenantsAreEvictedAndRebuiltOnTheirNextPreview() {
        readModel.put(ACME, List.of(entry(ProductId.forSku(ACME, "A"), "A", "1.00", 0)));
        readModel.put(GLOBEX, List.of(entry(ProductId.forSku(GLOBEX, "G"), "G", "2.00", 0)));
        PreviewCatalogs measuring = catalogs(1L << 30);
        measuring.snapshot(ACME, Deadline.NONE);
        long one = measuring.estimatedBytes();
        assertThat(one).isPositive();

        PreviewCatalogs catalogs = catalogs(one + one / 2);
        catalogs.snapshot(ACME, Deadline.NONE);
        now = now.plusSeconds(1);
        catalogs.snapshot(GLOBEX, Deadline.NONE);
        assertThat(catalogs.held()).containsExactly(GLOBEX);
        assertThat(catalogs.estimatedBytes()).isLessThanOrEqualTo(one + one / 2);

        int before = pagesRead;
        now = now.plusSeconds(1);
        assertThat(catalogs.snapshot(ACME, Deadline.NONE).items()).extracting(CatalogItem::sku).containsExactly("A");
        assertThat(pagesRead).as("rebuilt").isGreaterThan(before);
        assertThat(catalogs.held()).containsExactly(ACME);
    }

    @Test
    void aWarmedCatalogRanksAsLastUsedWhenItsTenantPreviewedSoLivePreviewsKeepTheirsAndAWarmPastTheBudgetStops() {
        readModel.put(ACME, List.of(entry(ProductId.forSku(ACME, "A"), "A", "1.00", 0)));
        readModel.put(GLOBEX, List.of(entry(ProductId.forSku(GLOBEX, "G"), "G", "2.00", 0)));
        PreviewCatalogs measuring = catalogs(1L << 30);
        measuring.snapshot(ACME, Deadline.NONE);
        long one = measuring.estimatedBytes();

        PreviewCatalogs catalogs = catalogs(one + one / 2);
        catalogs.snapshot(GLOBEX, Deadline.NONE);
        assertThat(catalogs.warm(ACME, now.minusSeconds(60))).as("past the budget").isFalse();
        assertThat(catalogs.held()).as("the live preview's catalog stays, the warmed one goes").containsExactly(GLOBEX);

        PreviewCatalogs roomy = catalogs(1L << 30);
        assertThat(roomy.warm(ACME, now.minusSeconds(60))).isTrue();
        int pages = pagesRead;
        assertThat(roomy.warm(ACME, now.minusSeconds(30))).as("held already: nothing read").isTrue();
        assertThat(roomy.snapshot(ACME, Deadline.NONE).items()).extracting(CatalogItem::sku).containsExactly("A");
        assertThat(pagesRead).as("the preview found it held").isEqualTo(pages);
    }

    @Test
    void aWarmWhileTheReadModelIsBehindSaysSoAndKeepsNothing() {
        readModel.put(ACME, List.of(entry(ProductId.forSku(ACME, "A"), "A", "1.00", 0)));
        processorPosition.set(10);
        readModelPosition.set(5);
        PreviewCatalogs catalogs = catalogs(1L << 30);

        assertThatThrownBy(() -> catalogs.warm(ACME, now)).isInstanceOf(CatalogBehind.class);
        assertThat(catalogs.held()).isEmpty();
    }

    @Test
    void aTenantLargerThanTheWholeBudgetIsPreviewedButNotKept() {
        readModel.put(ACME, List.of(entry(ProductId.forSku(ACME, "A"), "A", "1.00", 0)));
        PreviewCatalogs catalogs = catalogs(1);

        assertThat(catalogs.snapshot(ACME, Deadline.NONE).items()).extracting(CatalogItem::sku).containsExactly("A");
        assertThat(catalogs.held()).isEmpty();
    }

    @Test
    void aTenantLargerThanTheWholeBudgetEvictsNoOtherTenant() {
        readModel.put(ACME, List.of(entry(ProductId.forSku(ACME, "A"), "A", "1.00", 0)));
        List<CatalogEntry> large = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            large.add(entry(ProductId.forSku(GLOBEX, "G-" + i), "G-" + i, "2.00", 0));
        }
        readModel.put(GLOBEX, large);
        PreviewCatalogs measuring = catalogs(1L << 30);
        measuring.snapshot(ACME, Deadline.NONE);
        long small = measuring.estimatedBytes();

        PreviewCatalogs catalogs = catalogs(small * 2);
        catalogs.snapshot(ACME, Deadline.NONE);
        now = now.plusSeconds(1);
        assertThat(catalogs.snapshot(GLOBEX, Deadline.NONE).items()).hasSize(200);

        assertThat(catalogs.held()).as("the small tenant stays, the oversized one is not kept").containsExactly(ACME);
    }

    @Test
    void aRebuildWhoseEventsMeanwhilePassAQuarterOfTheBudgetIsAbandonedAndTriedAgain() {
        PreviewCatalogs catalogs = catalogs(16_000);
        ProductId tee = ProductId.forSku(ACME, "TEE");
        readModel.put(ACME, new ArrayList<>(List.of(entry(tee, "TEE", "10.00", 0))));
        ProductDetails large = new ProductDetails("t".repeat(1_000), null, null, List.of(), null, Map.of());
        duringPage = page -> {
            // about 2 KB each: the fourth passes the 4,000 bytes all rebuilds may keep together
            for (int version = 1; version <= 4; version++) {
                catalogs.on(ACME, new CatalogChange.Described(tee, large, version), 40 + version);
            }
        };

        assertThatThrownBy(() -> catalogs.snapshot(ACME, Deadline.NONE)).isInstanceOf(CatalogBehind.class);

        duringPage = page -> { };
        processorPosition.set(44);
        readModelPosition.set(44);
        assertThat(catalogs.snapshot(ACME, Deadline.NONE).rows()).as("the next preview rebuilds").isEqualTo(1);
    }

    @Test
    void recentChangesKeepTheLatestWithinTheirCountAndBytes() {
        ProductId tee = ProductId.forSku(ACME, "TEE");
        RecentChanges byCount = new RecentChanges(3, Long.MAX_VALUE);
        for (int version = 1; version <= 5; version++) byCount.add(version % 2 == 0 ? GLOBEX : ACME, priced(tee, "1.00", version));
        List<Long> acme = new ArrayList<>();
        byCount.forEachOf(ACME, change -> acme.add(change.version()));
        assertThat(acme).containsExactly(3L, 5L);

        ProductDetails large = new ProductDetails("t".repeat(1_000), null, null, List.of(), null, Map.of());
        long one = new CatalogChange.Described(tee, large, 1).estimatedBytes();
        RecentChanges byBytes = new RecentChanges(1_000, one * 2);
        for (int version = 1; version <= 5; version++) byBytes.add(ACME, new CatalogChange.Described(tee, large, version));
        assertThat(byBytes.size()).isEqualTo(2);
        assertThat(byBytes.estimatedBytes()).isLessThanOrEqualTo(one * 2);
    }

    @Test
    void aTenantIdleForTheIdleTimeIsEvicted() {
        readModel.put(ACME, List.of(entry(ProductId.forSku(ACME, "A"), "A", "1.00", 0)));
        readModel.put(GLOBEX, List.of(entry(ProductId.forSku(GLOBEX, "G"), "G", "2.00", 0)));
        PreviewCatalogs catalogs = catalogs(1L << 30);
        catalogs.snapshot(ACME, Deadline.NONE);
        now = now.plus(Duration.ofMinutes(20));
        catalogs.snapshot(GLOBEX, Deadline.NONE);
        now = now.plus(Duration.ofMinutes(11));

        catalogs.evictIdle();

        assertThat(catalogs.held()).containsExactly(GLOBEX);
    }

    @Test
    void waitsForTheProcessorOnlyAsLongAsTheMaxWait() {
        PreviewCatalogs catalogs = catalogs(1L << 30);
        processorPosition.set(10);
        catalogs.awaitPosition(10);
        catalogs.awaitPosition(0);

        assertThatThrownBy(() -> catalogs.awaitPosition(11)).isInstanceOf(CatalogBehind.class)
                .hasMessageContaining("position 11");
    }

    @Test
    void aRebuildTheReadModelCannotServeYetFailsAndIsTriedAgainOnTheNextPreview() {
        readModel.put(ACME, List.of(entry(ProductId.forSku(ACME, "A"), "A", "1.00", 0)));
        PreviewCatalogs catalogs = catalogs(1L << 30);
        processorPosition.set(5);

        assertThatThrownBy(() -> catalogs.snapshot(ACME, Deadline.NONE)).isInstanceOf(CatalogBehind.class);
        assertThat(catalogs.held()).isEmpty();

        readModelPosition.set(5);
        assertThat(catalogs.snapshot(ACME, Deadline.NONE).items()).hasSize(1);
    }

    @Test
    void aChangeThatCannotBeAppliedDropsOnlyItsTenant() {
        ProductId a = ProductId.forSku(ACME, "A");
        ProductId g = ProductId.forSku(GLOBEX, "G");
        readModel.put(ACME, List.of(entry(a, "A", "1.00", 0)));
        readModel.put(GLOBEX, List.of(entry(g, "G", "2.00", 0)));
        PreviewCatalogs catalogs = catalogs(1L << 30);
        catalogs.snapshot(ACME, Deadline.NONE);
        catalogs.snapshot(GLOBEX, Deadline.NONE);

        catalogs.on(ACME, new CatalogChange.Priced(a, null, null, 1, null), 1);
        catalogs.on(GLOBEX, priced(g, "3.00", 1), 2);

        assertThat(catalogs.held()).containsExactly(GLOBEX);
        assertThat(prices(catalogs.snapshot(GLOBEX, Deadline.NONE))).containsEntry("G", "3.00");
    }

    @Test
    void aProductEventWithoutItsTenantIsRefusedAndEveryTenantStillPreviews() {
        ProductId a = ProductId.forSku(ACME, "A");
        readModel.put(ACME, List.of(entry(a, "A", "1.00", 0)));
        PreviewCatalogs catalogs = catalogs(1L << 30);
        PreviewCatalogProjection projection = new PreviewCatalogProjection(catalogs);

        assertThatThrownBy(() -> projection.on(new ProductDeactivated(a, null), 1, new GlobalSequenceTrackingToken(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without its tenant");
        assertThatThrownBy(() -> projection.on(new ProductDeactivated(null, GLOBEX), 1, new GlobalSequenceTrackingToken(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without its tenant");
        projection.on(new ProductDeactivated(a, ACME), 1, new GlobalSequenceTrackingToken(3));
        processorPosition.set(3);
        readModelPosition.set(3);

        assertThat(catalogs.snapshot(ACME, Deadline.NONE).items()).as("A is inactive now").isEmpty();
        assertThat(catalogs.snapshot(GLOBEX, Deadline.NONE).items()).isEmpty();
    }

    @Test
    void inactiveProductsStayInTheColumnsButNotInTheEnginesItems() {
        ProductId a = ProductId.forSku(ACME, "A");
        readModel.put(ACME, List.of(entry(a, "A", "1.00", 0), entry(ProductId.forSku(ACME, "B"), "B", "2.00", 0)));
        PreviewCatalogs catalogs = catalogs(1L << 30);
        catalogs.snapshot(ACME, Deadline.NONE);

        catalogs.on(ACME, new CatalogChange.Activated(a, false, 1), 1);
        CatalogColumns columns = catalogs.snapshot(ACME, Deadline.NONE);
        assertThat(columns.rows()).isEqualTo(2);
        assertThat(columns.items()).extracting(CatalogItem::sku).containsExactly("B");

        catalogs.on(ACME, new CatalogChange.Activated(a, true, 2), 2);
        assertThat(catalogs.snapshot(ACME, Deadline.NONE).items()).extracting(CatalogItem::sku)
                .containsExactlyInAnyOrder("A", "B");
    }

    @Test
    void keepsEachProductsChannelGroupThroughRebuildsCreationsAndDetailsChanges() {
        ProductId red = ProductId.forSku(ACME, "TEE-RED");
        ProductId blue = ProductId.forSku(ACME, "TEE-BLUE");
        ProductId mug = ProductId.forSku(ACME, "MUG");
        readModel.put(ACME, List.of(new CatalogEntry(entry(red, "TEE-RED", "10.00", 0).item(), 0, TEE),
                entry(mug, "MUG", "7.00", 0)));
        PreviewCatalogs catalogs = catalogs(1L << 30);
        assertThat(catalogs.snapshot(ACME, Deadline.NONE).channelGroupsOfActive()).as("rebuilt")
                .containsExactly(Map.entry(red, TEE));

        catalogs.on(ACME, new CatalogChange.Created(blue, "TEE-BLUE", variantOf(TEE), true, 0), 1);
        catalogs.on(ACME, new CatalogChange.Described(mug, variantOf("gid://shopify/Product/2"), 1), 2);
        assertThat(catalogs.snapshot(ACME, Deadline.NONE).channelGroupsOfActive())
                .containsOnly(Map.entry(red, TEE), Map.entry(blue, TEE), Map.entry(mug, "gid://shopify/Product/2"));

        catalogs.on(ACME, new CatalogChange.Described(red, details(), 1), 3);
        catalogs.on(ACME, new CatalogChange.Activated(blue, false, 1), 4);
        CatalogColumns columns = catalogs.snapshot(ACME, Deadline.NONE);
        assertThat(columns.channelGroupsOfActive()).as("unlinked, and inactive")
                .containsOnly(Map.entry(mug, "gid://shopify/Product/2"));
        assertThat(IntStream.range(0, columns.rows()).mapToObj(columns::channelGroup))
                .containsExactly(null, "gid://shopify/Product/2", TEE);
    }

    @Test
    void givesBackEveryProductExactlyAsTheReadModelGaveItThroughGrowthAndTrimming() {
        List<CatalogEntry> entries = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            ProductId id = ProductId.forSku(ACME, "P-" + i);
            Map<String, Money> prices = new HashMap<>();
            Map<String, Money> compareAt = new HashMap<>();
            prices.put("USD", new Money(new BigDecimal(i + ".99"), "USD"));
            if (i % 3 == 0) compareAt.put("USD", new Money(new BigDecimal((i + 10) + ".00"), "USD"));
            if (i % 4 == 0) prices.put("JPY", new Money(new BigDecimal(i * 100), "JPY"));
            if (i % 5 == 0) prices.put("BHD", new Money(new BigDecimal("1.250"), "BHD"));
            entries.add(new CatalogEntry(new CatalogItem(id, "P-" + i, i % 7 == 0 ? null : "Title " + i,
                    i % 2 == 0 ? null : "Vendor " + i % 9, i % 11 == 0 ? null : "Type " + i % 4,
                    i % 6 == 0 ? List.of() : List.of("t" + i % 5, "z"), i % 2 == 0 ? Set.of("shopify") : Set.of(),
                    i % 13 != 0, i % 8 == 0 ? null : new Money(new BigDecimal("2.5"), i % 16 == 1 ? "EUR" : "USD"),
                    prices, compareAt, null), i, i % 2 == 0 ? "gid://shopify/Product/" + i / 10 : null));
        }
        readModel.put(ACME, entries);
        PreviewCatalogs catalogs = catalogs(1L << 30);

        CatalogColumns columns = catalogs.snapshot(ACME, Deadline.NONE);

        assertThat(IntStream.range(0, columns.rows()).mapToObj(columns::item).toList())
                .containsExactlyElementsOf(entries.stream().map(CatalogEntry::item).toList());
        assertThat(IntStream.range(0, columns.rows()).mapToObj(columns::channelGroup).toList())
                .containsExactlyElementsOf(entries.stream().map(CatalogEntry::channelGroup).toList());
        assertThat(columns.items()).hasSize((int) entries.stream().filter(e -> e.item().active()).count());
        catalogs.on(ACME, new CatalogChange.Created(ProductId.forSku(ACME, "LATE"), "LATE", details(), true, 0), 1);
        assertThat(catalogs.snapshot(ACME, Deadline.NONE).rows()).isEqualTo(1_001);
    }

    private static Map<String, String> prices(CatalogColumns columns) {
        Map<String, String> prices = new HashMap<>();
        columns.items().forEach(item -> prices.put(item.sku(),
                item.price("USD").map(p -> p.amount().toPlainString()).orElse("none")));
        return prices;
    }

    private static CatalogChange priced(ProductId id, String amount, long version) {
        return new CatalogChange.Priced(id, new Money(new BigDecimal(amount), "USD"), null, version, null);
    }

    /** Details linking the product to a variant of the Shopify product {@code group}, as a Shopify import writes them. */
    private static ProductDetails variantOf(String group) {
        return new ProductDetails("A variant", "Acme", "Shirts", List.of("summer"), null,
                Map.of("shopify", Map.of("productId", group, "variantId", "gid://shopify/ProductVariant/9")));
    }

    private static ProductDetails details() {
        return new ProductDetails("A product", "Acme", "Shirts", List.of("summer"), null, Map.of());
    }

    @Test
    void theMemoryEstimateCountsBrandFloors() {
        ProductId tee = ProductId.forSku(ACME, "TEE");
        TenantCatalog catalog = new TenantCatalog(ACME);
        catalog.put(entry(tee, "TEE", "20.00", 0));
        long without = catalog.estimatedBytes();
        BrandFloors floors = new BrandFloors(new Money(new BigDecimal("19.99"), "USD"),
                new Money(new BigDecimal("17.99"), "USD"), Instant.parse("2026-11-27T00:00:00Z"),
                Instant.parse("2026-12-01T00:00:00Z"), null);

        catalog.apply(new CatalogChange.Floored(tee, "USD", floors, 1));
        long oneCurrency = catalog.estimatedBytes();
        catalog.apply(new CatalogChange.Floored(tee, "EUR", new BrandFloors(new Money(new BigDecimal("18.00"), "EUR"),
                null, null, null, null), 2));
        long twoCurrencies = catalog.estimatedBytes();
        catalog.apply(new CatalogChange.Floored(tee, "USD", floors, 3));

        assertThat(oneCurrency).isGreaterThan(without);
        assertThat(twoCurrencies).isGreaterThan(oneCurrency);
        assertThat(catalog.estimatedBytes()).as("the same floors again").isEqualTo(twoCurrencies);
        catalog.apply(new CatalogChange.Floored(tee, "USD", null, 4));
        catalog.apply(new CatalogChange.Floored(tee, "EUR", null, 5));
        assertThat(catalog.estimatedBytes()).as("cleared").isEqualTo(without);

        // a rebuild puts the product with its floors as the read model holds them: they count the same
        TenantCatalog rebuilt = new TenantCatalog(ACME);
        CatalogItem item = entry(tee, "TEE", "20.00", 0).item();
        rebuilt.put(new CatalogEntry(new CatalogItem(tee, "TEE", item.title(), item.vendor(), item.productType(),
                item.tags(), item.channels(), true, item.cost(), item.prices(), Map.of(), Map.of("USD", floors)), 1));
        assertThat(rebuilt.estimatedBytes()).isEqualTo(oneCurrency);
    }

    private static CatalogEntry entry(ProductId id, String sku, String usd, long version) {
        return new CatalogEntry(new CatalogItem(id, sku, "Product " + sku, "Acme", "Shirts", List.of("summer"),
                Set.of(), true, new Money(new BigDecimal("0.50"), "USD"),
                Map.of("USD", new Money(new BigDecimal(usd), "USD")), Map.of(), null), version);
    }
}
