package dev.calibrate.command.catalog;

import dev.calibrate.command.catalog.moves.RecentMoves;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.BrandFloors;
import dev.calibrate.kernel.product.CatalogEntry;
import dev.calibrate.kernel.product.CatalogItem;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One tenant's products as the pricing engine reads them, in columns: a row per product, arrays per
 * field, shared values (vendor, type, tag sets, channel sets, currencies) as dictionary codes and
 * amounts as unscaled longs at their currency's scale, and each row's channel group (see
 * {@link CatalogEntry#channelGroup()}), so that a run can write a channel product's variants together.
 * 100,000 products take a few tens of MB instead of the hundreds the same {@link CatalogItem} objects
 * take. Rows are never removed (a product is deactivated, never deleted). Mutated by the catalog's
 * event processor and read by previews through {@link #snapshot()}, both under this object's lock,
 * which is held for one event or one array copy.
 */
final class TenantCatalog {

    /** An amount that is not there (no price in this currency, no compare-at, no cost). */
    static final long ABSENT = Long.MIN_VALUE;
    /** Bytes per row of the fixed-width columns, without the ids and prices. */
    private static final long ROW_BYTES = 8 + 4 + 4 + 4 + 4 + 4 + 4 + 1 + 8 + 4 + 4;

    private final TenantId tenantId;
    private final Dictionary<String> names = new Dictionary<>(Dictionary::stringBytes);
    private final Dictionary<List<String>> tagSets = new Dictionary<>(TenantCatalog::bytesOf);
    private final Dictionary<Set<String>> channelSets = new Dictionary<>(TenantCatalog::bytesOf);
    /** Channel groups (Shopify product gids): each is shared by the few variants of one channel product. */
    private final Dictionary<String> groups = new Dictionary<>(Dictionary::stringBytes);

    private final ProductRows rows = new ProductRows();
    private int size;
    private long[] version = new long[16];
    private String[] sku = new String[16];
    private String[] title = new String[16];
    private int[] vendor = new int[16];
    private int[] productType = new int[16];
    private int[] tags = new int[16];
    private int[] channels = new int[16];
    private int[] group = new int[16];
    private boolean[] active = new boolean[16];
    private long[] cost = new long[16];
    private int[] costCurrency = new int[16];
    /** Per currency: each row's price, compare-at and recent moves; a cost's currency is one of its codes too. */
    private final PriceColumns prices = new PriceColumns(rows);
    private final BrandFloorColumn brandFloors = new BrandFloorColumn();
    private long stringBytes;

    TenantCatalog(TenantId tenantId) {
        this.tenantId = tenantId;
    }

    TenantId tenantId() {
        return tenantId;
    }

    synchronized int size() {
        return size;
    }

    /** Adds a product as the read model holds it (a rebuild); a product already here is left as it is. */
    synchronized void put(CatalogEntry entry) {
        CatalogItem item = entry.item();
        if (rows.find(item.productId()) >= 0) {
            return;
        }
        int row = append(item.productId(), item.sku(), entry.version());
        title(row, item.title());
        vendor[row] = names.code(item.vendor());
        productType[row] = names.code(item.productType());
        tags[row] = tagSets.code(List.copyOf(item.tags()));
        channels[row] = channelSets.code(Set.copyOf(item.channels()));
        group[row] = groups.code(entry.channelGroup());
        active[row] = item.active();
        cost(row, item.cost());
        item.prices().forEach((currency, amount) -> price(row, amount, item.compareAt().get(currency), null));
        entry.recentPrices().forEach((currency, points) -> prices.rebuilt(row, currency, points));
        brandFloors.put(row, item.brandFloors());
    }

    /**
     * Applies an event's change unless the product's version has passed it; a change to a product this
     * catalog does not know (other than its creation) is ignored: it was never in this tenant's catalog.
     */
    synchronized boolean apply(CatalogChange change) {
        int row = rows.find(change.productId());
        if (change instanceof CatalogChange.Created created) {
            if (row >= 0) {
                return false;
            }
            Objects.requireNonNull(created.details(), "details");
            Objects.requireNonNull(created.sku(), "sku");
            row = append(created.productId(), created.sku(), created.version());
        } else if (row < 0 || version[row] >= change.version()) {
            return false;
        }
        change.applyTo(this, row);
        version[row] = change.version();
        return true;
    }

    /** Gives back what doubling the arrays while rebuilding left unused, keeping room for a few more products. */
    synchronized void trim() {
        int capacity = Math.max(16, size + size / 16);
        if (capacity < rows.capacity()) {
            grow(capacity);
        }
    }

    /** The columns as they are now, for one preview; later events do not change it. */
    synchronized CatalogColumns snapshot() {
        PriceColumns.Snapshot held = prices.snapshot(size);
        return new CatalogColumns(size, rows.highs(), rows.lows(),
                Arrays.copyOf(sku, size), Arrays.copyOf(title, size), names.snapshot(new String[0]),
                Arrays.copyOf(vendor, size), Arrays.copyOf(productType, size),
                tagSets.snapshot(newListArray()), Arrays.copyOf(tags, size),
                channelSets.snapshot(newSetArray()), Arrays.copyOf(channels, size),
                groups.snapshot(new String[0]), Arrays.copyOf(group, size), Arrays.copyOf(active, size),
                Arrays.copyOf(cost, size), Arrays.copyOf(costCurrency, size), held.currencies(), held.scales(),
                held.prices(), held.compareAts(), held.moves(), held.spells(), held.since(), brandFloors.snapshot());
    }

    /** What this catalog holds on the heap, estimated from its arrays, strings and dictionaries. */
    synchronized long estimatedBytes() {
        long capacity = rows.capacity();
        return capacity * ROW_BYTES + prices.estimatedBytes(capacity) + rows.estimatedBytes() + stringBytes
                + names.estimatedBytes() + tagSets.estimatedBytes() + channelSets.estimatedBytes()
                + groups.estimatedBytes() + brandFloors.estimatedBytes();
    }

    /** Everything that can fail is worked out before the row changes, so a bad event leaves it as it was. */
    void describe(int row, ProductDetails details) {
        int vendorCode = names.code(details.vendor());
        int typeCode = names.code(details.productType());
        int tagsCode = tagSets.code(List.copyOf(details.tags()));
        int channelsCode = channelSets.code(Set.copyOf(details.channelRefs().keySet()));
        int groupCode = groups.code(CatalogEntry.channelGroupOf(details));
        int costCode = details.cost() == null ? -1 : prices.currency(details.cost().currency());
        long costAmount = details.cost() == null ? ABSENT : prices.unscaled(details.cost().amount(), costCode);
        title(row, details.title());
        vendor[row] = vendorCode;
        productType[row] = typeCode;
        tags[row] = tagsCode;
        channels[row] = channelsCode;
        group[row] = groupCode;
        costCurrency[row] = costCode;
        cost[row] = costAmount;
    }

    void activate(int row, boolean isActive) {
        active[row] = isActive;
    }

    /**
     * The price in {@code amount}'s currency, and its compare-at (null removes it). A price set at
     * {@code at} (an event's time; null when a rebuild puts the current price) that changes the one held
     * is one of the row's {@link RecentMoves}.
     */
    void price(int row, Money amount, Money compare, Instant at) {
        prices.price(row, amount, compare, at);
    }

    /** The brand floors in {@code currency}; null clears them. */
    void brandFloors(int row, String currency, BrandFloors floors) {
        brandFloors.set(row, currency, floors);
    }

    private void cost(int row, Money amount) {
        if (amount == null) {
            cost[row] = ABSENT;
            costCurrency[row] = -1;
            return;
        }
        costCurrency[row] = prices.currency(amount.currency());
        cost[row] = prices.unscaled(amount.amount(), costCurrency[row]);
    }

    private void title(int row, String value) {
        stringBytes += Dictionary.stringBytes(value) - Dictionary.stringBytes(title[row]);
        title[row] = value;
    }

    private int append(ProductId productId, String productSku, long productVersion) {
        int row = rows.add(productId);
        if (rows.capacity() > sku.length) {
            grow(rows.capacity());
        }
        size = row + 1;
        version[row] = productVersion;
        sku[row] = productSku;
        stringBytes += Dictionary.stringBytes(productSku);
        vendor[row] = -1;
        productType[row] = -1;
        tags[row] = tagSets.code(List.of());
        channels[row] = channelSets.code(Set.of());
        group[row] = -1;
        cost[row] = ABSENT;
        costCurrency[row] = -1;
        prices.clear(row);
        return row;
    }

    private void grow(int capacity) {
        rows.resize(capacity);
        version = Arrays.copyOf(version, capacity);
        sku = Arrays.copyOf(sku, capacity);
        title = Arrays.copyOf(title, capacity);
        vendor = Arrays.copyOf(vendor, capacity);
        productType = Arrays.copyOf(productType, capacity);
        tags = Arrays.copyOf(tags, capacity);
        channels = Arrays.copyOf(channels, capacity);
        group = Arrays.copyOf(group, capacity);
        active = Arrays.copyOf(active, capacity);
        cost = Arrays.copyOf(cost, capacity);
        costCurrency = Arrays.copyOf(costCurrency, capacity);
        prices.grow(capacity);
    }

    private static long bytesOf(Collection<String> values) {
        return 32 + values.stream().mapToLong(value -> 8 + Dictionary.stringBytes(value)).sum();
    }

    @SuppressWarnings("unchecked")
    private static List<String>[] newListArray() {
        return (List<String>[]) new List<?>[0];
    }

    @SuppressWarnings("unchecked")
    private static Set<String>[] newSetArray() {
        return (Set<String>[]) new Set<?>[0];
    }
}
