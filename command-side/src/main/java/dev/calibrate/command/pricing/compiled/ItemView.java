package dev.calibrate.command.pricing.compiled;

import dev.calibrate.command.catalog.CatalogColumns;
import dev.calibrate.command.pricing.CompetitorObservations;
import dev.calibrate.command.pricing.CompetitorObservations.Observation;
import dev.calibrate.command.pricing.Rounding;
import dev.calibrate.kernel.product.BrandFloors;
import dev.calibrate.kernel.product.BrandFloors.BrandFloor;
import dev.calibrate.kernel.product.ProductId;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * One row of the catalog's columns as the compiled rule reads it, without making the product: its
 * amounts in the rule's currency unscaled at that currency's scale ({@link #ABSENT} when there is
 * none), as decimals only where a step computes with them. It reads what
 * {@link CatalogColumns#item} would give: a compare-at counts only beside a price.
 */
final class ItemView {

    static final long ABSENT = CatalogColumns.ABSENT;
    /** An amount looked up and not there; never handed out. */
    private static final BigDecimal NONE = new BigDecimal("-1");

    /** What every row of one evaluation is read with. */
    static final class Reading {
        private final CatalogColumns columns;
        private final String currency;
        private final int currencyCode;
        private final int scale;
        private final CompetitorObservations competitors;
        private final Duration competitorMaxAge;
        private final Instant now;
        /** By tag list code, filled as rows need them; threads racing to fill one write equal immutable lists. */
        private final List<?>[] lowerTags;

        Reading(CatalogColumns columns, String currency, CompetitorObservations competitors, Duration competitorMaxAge,
                Instant now) {
            this.columns = columns;
            this.currency = currency;
            this.currencyCode = columns.currencyCode(currency);
            // the columns hold every amount at its currency's scale, as Money does
            this.scale = Rounding.scale(currency);
            this.competitors = competitors;
            this.competitorMaxAge = competitorMaxAge;
            this.now = now;
            this.lowerTags = new List<?>[columns.tagSetCount()];
        }

        /** The tags of {@code row}, whose tag list code is {@code code}, lower-cased. */
        @SuppressWarnings("unchecked")
        List<String> lowerTags(int code, int row) {
            List<String> lower = (List<String>) lowerTags[code];
            if (lower == null) {
                lower = columns.tags(row).stream()
                        .map(tag -> tag.toLowerCase(Locale.ROOT)).toList();
                lowerTags[code] = lower;
            }
            return lower;
        }
    }

    private final Reading reading;
    private final CatalogColumns columns;
    private final int row;
    private ProductId productId;
    private BigDecimal price;
    private BigDecimal compareAt;
    private BigDecimal cost;
    private List<String> channels;

    ItemView(Reading reading, int row) {
        this.reading = reading;
        this.columns = reading.columns;
        this.row = row;
    }

    ProductId productId() {
        if (productId == null) {
            productId = columns.productId(row);
        }
        return productId;
    }

    String productIdText() {
        return productId().toString();
    }

    String sku() {
        return columns.sku(row);
    }

    String title() {
        return columns.title(row);
    }

    String vendor() {
        return columns.vendor(row);
    }

    String productType() {
        return columns.productType(row);
    }

    long unscaledPrice() {
        return reading.currencyCode < 0 ? ABSENT : columns.unscaledPrice(row, reading.currencyCode);
    }

    /** Only beside a price, as the product holds it. */
    long unscaledCompareAt() {
        return unscaledPrice() == ABSENT ? ABSENT : columns.unscaledCompareAt(row, reading.currencyCode);
    }

    CatalogColumns columns() {
        return columns;
    }

    int row() {
        return row;
    }

    /** The rule's currency in the columns' numbering; -1 when no product has a price in it. */
    int currencyCode() {
        return reading.currencyCode;
    }

    /** The cost in the rule's currency; absent when there is none or it is in another. */
    long unscaledCost() {
        int code = columns.costCurrencyCode(row);
        return code >= 0 && code == reading.currencyCode ? columns.unscaledCost(row) : ABSENT;
    }

    BigDecimal price() {
        if (price == null) price = decimal(unscaledPrice());
        return price == NONE ? null : price;
    }

    BigDecimal compareAt() {
        if (compareAt == null) compareAt = decimal(unscaledCompareAt());
        return compareAt == NONE ? null : compareAt;
    }

    /** Read by the steps, the guardrails and the explain: made once. */
    BigDecimal cost() {
        if (cost == null) cost = decimal(unscaledCost());
        return cost == NONE ? null : cost;
    }

    /** The currency of a cost that is not in the rule's; null otherwise. */
    String costElsewhere() {
        int code = columns.costCurrencyCode(row);
        return code >= 0 && code != reading.currencyCode ? columns.currency(code) : null;
    }

    /** The brand floor in force at the evaluation's instant in the rule's currency (LRP, active PMAP, MAP), or null. */
    BrandFloor brandFloor() {
        BrandFloors floors = columns.brandFloors(row, reading.currency);
        return floors == null ? null : floors.at(reading.now).orElse(null);
    }

    /** Lower-cased once per distinct tag list of the catalog, not per product. */
    List<String> lowerTags() {
        return reading.lowerTags(columns.tagsCode(row), row);
    }

    List<String> channels() {
        if (channels == null) {
            channels = List.copyOf(columns.channels(row));
        }
        return channels;
    }

    List<Observation> fresh(Duration maxAge) {
        return reading.competitors.fresh(productId(), reading.currency, maxAge, reading.now);
    }

    /** The lowest fresh competitor price, unscaled at the currency's scale (a price is always at it), or absent. */
    long unscaledLowestCompetitorPrice() {
        return fresh(reading.competitorMaxAge).stream().map(o -> o.price().amount()).min(Comparator.naturalOrder())
                .map(amount -> amount.setScale(reading.scale, RoundingMode.UNNECESSARY).unscaledValue().longValueExact())
                .orElse(ABSENT);
    }

    /** {@link #NONE} for an absent amount, so that it too is looked up once. */
    private BigDecimal decimal(long unscaled) {
        return unscaled == ABSENT ? NONE : BigDecimal.valueOf(unscaled, reading.scale);
    }
}
