package dev.calibrate.connectors.shopify.fake;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Realistic-looking, seeded product data: the same seed gives the same catalog, so a failing test
 * can be replayed. Titles, vendors, types and tags come from small word lists; prices end in .99,
 * .95 or .00 like shop prices do; about a fifth of the variants are on sale (compare-at price) and
 * about a quarter have no known cost.
 */
final class CatalogGenerator {

    private static final Pattern NOT_ALPHANUMERIC = Pattern.compile("[^a-z0-9]+");
    private static final Pattern EDGE_DASHES = Pattern.compile("(^-|-$)");
    private static final List<String> ADJECTIVES = List.of("Classic", "Organic", "Vintage", "Everyday", "Premium",
            "Lightweight", "Heritage", "Recycled", "Essential", "Rugged", "Soft", "Travel");
    private static final List<String> MATERIALS = List.of("Cotton", "Linen", "Wool", "Canvas", "Leather", "Ceramic",
            "Bamboo", "Steel", "Denim", "Merino");
    private static final List<String> TYPES = List.of("T-Shirt", "Hoodie", "Mug", "Backpack", "Sneakers",
            "Water Bottle", "Notebook", "Candle", "Beanie", "Tote Bag", "Socks", "Scarf");
    private static final List<String> VENDORS = List.of("Northwind Outfitters", "Bluebird Supply Co.",
            "Copper & Oak", "Harbor Lane", "Fjell Goods", "Atlas Workshop", "Little Fern");
    private static final List<String> TAGS = List.of("summer", "winter", "sale", "new", "bestseller", "eco", "gift",
            "limited", "clearance", "staff-pick");
    private static final List<String> COLORS = List.of("Black", "White", "Navy", "Olive", "Sand", "Rust", "Grey");
    private static final List<String> SIZES = List.of("XS", "S", "M", "L", "XL", "XXL");
    private static final List<String> BASE_PRICES = List.of("9.99", "12.00", "14.99", "19.99", "24.95", "29.99",
            "34.00", "39.99", "49.99", "59.00", "79.95", "99.00", "129.00");

    /** What to create for one product. */
    record ProductSpec(String title, String vendor, String productType, List<String> tags, String status,
                       Instant createdAt, Instant updatedAt, List<VariantSpec> variants) {
    }

    /** What to create for one variant. */
    record VariantSpec(String title, String sku, String price, String compareAtPrice, String unitCost) {
    }

    private final Random random;
    private final Instant now;

    CatalogGenerator(long seed, Instant now) {
        this.random = new Random(seed);
        this.now = now;
    }

    /** One product; {@code number} makes SKUs unique within the shop, e.g. {@code SKU-000123-2}. */
    ProductSpec product(int number, int variantCount) {
        String type = pick(TYPES);
        String title = pick(ADJECTIVES) + " " + pick(MATERIALS) + " " + type;
        TreeSet<String> tags = new TreeSet<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            tags.add(pick(TAGS));
        }
        int statusDraw = random.nextInt(20);
        String status = statusDraw == 0 ? "DRAFT" : statusDraw == 1 ? "ARCHIVED" : "ACTIVE";
        Instant createdAt = now.minus(Duration.ofMinutes(60L * 24 * 30 + random.nextInt(60 * 24 * 700)))
                .truncatedTo(ChronoUnit.SECONDS);
        Instant updatedAt = createdAt.plus(Duration.ofMinutes(random.nextInt(60 * 24 * 25)));
        BigDecimal base = new BigDecimal(pick(BASE_PRICES));
        boolean sized = random.nextBoolean();
        String color = pick(COLORS);
        List<VariantSpec> variants = new ArrayList<>();
        for (int v = 1; v <= variantCount; v++) {
            String variantTitle = variantCount == 1 ? "Default Title"
                    : sized ? color + " / " + SIZES.get((v - 1) % SIZES.size()) + (v > SIZES.size() ? " " + v : "")
                    : COLORS.get((v - 1) % COLORS.size()) + (v > COLORS.size() ? " " + v : "");
            BigDecimal price = sized && v > 4 ? base.add(new BigDecimal("2.00")) : base;
            String compareAt = random.nextInt(5) == 0 ? money(price.multiply(new BigDecimal("1.25"))
                    .setScale(0, RoundingMode.CEILING).subtract(new BigDecimal("0.01"))) : null;
            String cost = random.nextInt(4) == 0 ? null
                    : money(price.multiply(BigDecimal.valueOf(35 + random.nextInt(25), 2)));
            variants.add(new VariantSpec(variantTitle, String.format("SKU-%06d-%d", number, v), money(price),
                    compareAt, cost));
        }
        return new ProductSpec(title, pick(VENDORS), type, List.copyOf(tags), status, createdAt, updatedAt,
                variants);
    }

    static String money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    static String handle(String title, long id) {
        return EDGE_DASHES.matcher(NOT_ALPHANUMERIC.matcher(title.toLowerCase(Locale.ROOT)).replaceAll("-"))
                .replaceAll("") + "-" + (id % 10_000);
    }

    private String pick(List<String> words) {
        return words.get(random.nextInt(words.size()));
    }
}
