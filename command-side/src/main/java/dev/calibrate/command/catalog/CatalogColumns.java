package dev.calibrate.command.catalog;

import dev.calibrate.command.catalog.moves.PriceSpells;
import dev.calibrate.command.catalog.moves.RecentMoves;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.BrandFloors;
import dev.calibrate.kernel.product.CatalogEntry;
import dev.calibrate.kernel.product.CatalogItem;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;

import java.math.BigDecimal;
import java.util.AbstractList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A tenant's catalog as one preview reads it: a copy of the columns taken at one moment, which later
 * events do not change. {@link #items()} is the engine's {@code List<CatalogItem>} of the active
 * products, made one item at a time when asked for; the accessors read the columns themselves.
 * Rows are the catalog's, active or not; amounts are unscaled at their currency's scale, or
 * {@link #ABSENT}.
 */
public final class CatalogColumns {

    public static final long ABSENT = TenantCatalog.ABSENT;

    /**
     * A catalog of the entries {@code rows} hands to its sink one at a time (a simulation's catalog as of a
     * past day), put into columns as they come, so the items are never held together.
     */
    public static CatalogColumns build(TenantId tenantId, Consumer<Consumer<CatalogEntry>> rows) {
        TenantCatalog catalog = new TenantCatalog(tenantId);
        rows.accept(catalog::put);
        return catalog.snapshot();
    }

    private final int rows;
    private final long[] idHigh;
    private final long[] idLow;
    private final String[] sku;
    private final String[] title;
    private final String[] names;
    private final int[] vendor;
    private final int[] productType;
    private final List<String>[] tagSets;
    private final int[] tags;
    private final Set<String>[] channelSets;
    private final int[] channels;
    private final String[] groups;
    private final int[] group;
    private final boolean[] active;
    private final long[] cost;
    private final int[] costCurrency;
    private final String[] currencies;
    private final int[] currencyScale;
    private final long[][] price;
    private final long[][] compareAt;
    private final RecentMoves[][] moves;
    private final PriceSpells[][] spells;
    private final long[][] since;
    private final Map<Integer, Map<String, BrandFloors>> brandFloors;
    private final int[] activeRows;

    CatalogColumns(int rows, long[] idHigh, long[] idLow, String[] sku, String[] title, String[] names,
                   int[] vendor, int[] productType, List<String>[] tagSets, int[] tags, Set<String>[] channelSets,
                   int[] channels, String[] groups, int[] group, boolean[] active, long[] cost, int[] costCurrency,
                   String[] currencies, int[] currencyScale, long[][] price, long[][] compareAt,
                   RecentMoves[][] moves, PriceSpells[][] spells, long[][] since,
                   Map<Integer, Map<String, BrandFloors>> brandFloors) {
        this.rows = rows;
        this.idHigh = idHigh;
        this.idLow = idLow;
        this.sku = sku;
        this.title = title;
        this.names = names;
        this.vendor = vendor;
        this.productType = productType;
        this.tagSets = tagSets;
        this.tags = tags;
        this.channelSets = channelSets;
        this.channels = channels;
        this.groups = groups;
        this.group = group;
        this.active = active;
        this.cost = cost;
        this.costCurrency = costCurrency;
        this.currencies = currencies;
        this.currencyScale = currencyScale;
        this.price = price;
        this.compareAt = compareAt;
        this.moves = moves;
        this.spells = spells;
        this.since = since;
        this.brandFloors = brandFloors;
        int count = 0;
        for (int row = 0; row < rows; row++) if (active[row]) count++;
        this.activeRows = new int[count];
        for (int row = 0, next = 0; row < rows; row++) if (active[row]) activeRows[next++] = row;
    }

    /** The active products as whole items, made one at a time when asked for (a preview reads the columns). */
    public List<CatalogItem> items() {
        return new AbstractList<>() {
            @Override
            public CatalogItem get(int index) {
                return item(activeRows[index]);
            }

            @Override
            public int size() {
                return activeRows.length;
            }
        };
    }

    /** The channels each active product is linked to, without making its item. */
    public Map<ProductId, Set<String>> channelsOfActive() {
        Map<ProductId, Set<String>> channelsOf = new HashMap<>(activeRows.length * 2);
        for (int row : activeRows) channelsOf.put(productId(row), channels(row));
        return channelsOf;
    }

    /**
     * The channel group of each active product that has one (the channel product it is a variant of);
     * products of one group are written back together, so a run applies them one after the other.
     */
    public Map<ProductId, String> channelGroupsOfActive() {
        Map<ProductId, String> groupOf = new HashMap<>();
        for (int row : activeRows) if (group[row] >= 0) groupOf.put(productId(row), groups[group[row]]);
        return groupOf;
    }

    /** Every row, active or not. */
    public int rows() {
        return rows;
    }

    /** The rows of the active products, in catalog order. */
    public int[] activeRows() {
        return activeRows.clone();
    }

    public ProductId productId(int row) {
        return new ProductId(new UUID(idHigh[row], idLow[row]));
    }

    public String sku(int row) {
        return sku[row];
    }

    public String title(int row) {
        return title[row];
    }

    public String vendor(int row) {
        return name(vendor[row]);
    }

    public String productType(int row) {
        return name(productType[row]);
    }

    /** Sorted and unique; the same list object for every product with the same tags. */
    public List<String> tags(int row) {
        return tagSets[tags[row]];
    }

    /** The code of the row's {@link #tags} among {@link #tagSetCount} distinct tag lists; rows with the same tags share it. */
    public int tagsCode(int row) {
        return tags[row];
    }

    public int tagSetCount() {
        return tagSets.length;
    }

    public Set<String> channels(int row) {
        return channelSets[channels[row]];
    }

    /** The channel product this product is a variant of (a Shopify product gid), or null. */
    public String channelGroup(int row) {
        return group[row] < 0 ? null : groups[group[row]];
    }

    public boolean active(int row) {
        return active[row];
    }

    /** The code of {@code currency} in this catalog's price columns, or -1 when no product has a price in it. */
    public int currencyCode(String currency) {
        for (int c = 0; c < currencies.length; c++) if (currencies[c].equals(currency)) return c;
        return -1;
    }

    public int scale(int currencyCode) {
        return currencyScale[currencyCode];
    }

    /** Unscaled at {@link #scale}, or {@link #ABSENT}. */
    public long unscaledPrice(int row, int currencyCode) {
        return price[currencyCode][row];
    }

    /** Unscaled at {@link #scale}, or {@link #ABSENT}. */
    public long unscaledCompareAt(int row, int currencyCode) {
        return compareAt[currencyCode][row];
    }

    /** The row's recent changes of its price in the currency, oldest first, or null when it has none. */
    public RecentMoves recentMoves(int row, int currencyCode) {
        return moves[currencyCode][row];
    }

    /** The row's earlier prices in the currency that ended in the 30 days before its latest change, or null. */
    public PriceSpells priceSpells(int row, int currencyCode) {
        return spells[currencyCode][row];
    }

    /** When the row's price in the currency began (epoch millis), or {@link PriceSpells#UNKNOWN}. */
    public long priceSince(int row, int currencyCode) {
        return since[currencyCode][row];
    }

    /** The row's brand floors in the currency (ISO code), or null when it has none. */
    public BrandFloors brandFloors(int row, String currency) {
        Map<String, BrandFloors> floors = brandFloors.get(row);
        return floors == null ? null : floors.get(currency);
    }

    /** The product id's high 64 bits, without making the id (ids sort by these, unsigned, then the low bits). */
    public long idHigh(int row) {
        return idHigh[row];
    }

    /** The product id's low 64 bits. */
    public long idLow(int row) {
        return idLow[row];
    }

    /** The currency code of the product's cost in the price columns' numbering, or -1 when it has none. */
    public int costCurrencyCode(int row) {
        return costCurrency[row];
    }

    /** Unscaled at the {@link #scale} of {@link #costCurrencyCode}, or {@link #ABSENT}. */
    public long unscaledCost(int row) {
        return cost[row];
    }

    /** The ISO code of a currency code. */
    public String currency(int currencyCode) {
        return currencies[currencyCode];
    }

    /** The whole product at {@code row}, as the catalog read model would give it. */
    public CatalogItem item(int row) {
        Map<String, Money> prices = Map.of();
        Map<String, Money> compareAts = Map.of();
        for (int c = 0; c < currencies.length; c++) {
            if (price[c][row] != ABSENT) {
                prices = with(prices, currencies[c], money(price[c][row], c));
                if (compareAt[c][row] != ABSENT) compareAts = with(compareAts, currencies[c], money(compareAt[c][row], c));
            }
        }
        Money productCost = costCurrency[row] < 0 ? null : money(cost[row], costCurrency[row]);
        return new CatalogItem(productId(row), sku[row], title[row], vendor(row), productType(row), tags(row),
                channels(row), active[row], productCost, prices, compareAts, brandFloors.get(row));
    }

    /** Immutable maps from the start, so the item keeps them as they are instead of copying them. */
    private static Map<String, Money> with(Map<String, Money> map, String currency, Money money) {
        if (map.isEmpty()) {
            return Map.of(currency, money);
        }
        Map<String, Money> more = new HashMap<>(map);
        more.put(currency, money);
        return Map.copyOf(more);
    }

    private Money money(long unscaled, int currencyCode) {
        return new Money(BigDecimal.valueOf(unscaled, currencyScale[currencyCode]), currencies[currencyCode]);
    }

    private String name(int code) {
        return code < 0 ? null : names[code];
    }
}
