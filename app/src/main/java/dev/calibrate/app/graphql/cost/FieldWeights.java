package dev.calibrate.app.graphql.cost;

import graphql.normalized.ExecutableNormalizedField;

import java.util.Map;
import java.util.Set;

/**
 * What an object field costs of its own, before what it selects: 1, but more for a field whose read is
 * heavier than a row or two. A provenance reads up to 5,000 of the product's events; the price position's summary
 * positions every selected product.
 */
public final class FieldWeights {

    /** A price's provenance: {@code Query.priceProvenance} and {@code Product.provenance}. */
    public static final long PROVENANCE = 50;

    /** The price position's summary: it positions every product the filters select, not just the page. */
    public static final long PRICE_POSITION_SUMMARY = 10;

    private static final Set<String> PROVENANCE_FIELDS = Set.of("Query.priceProvenance", "Product.provenance");

    /**
     * Filters of a connection no index serves in the list's order, so its read may scan the tenant's rows for a
     * match however few nodes it answers: priced as {@code query} ({@link QueryCost#FILTERED_MINIMUM}). The audit
     * log's entity type and id have indexes with the position; its actor and time range do not.
     */
    private static final Map<String, Set<String>> SCANNING_FILTERS = Map.of(
            "Query.auditEntries", Set.of("actor", "from", "to"));

    private FieldWeights() {
    }

    static long of(ExecutableNormalizedField field) {
        for (String type : field.getObjectTypeNames()) {
            if (PROVENANCE_FIELDS.contains(type + "." + field.getFieldName())) {
                return PROVENANCE;
            }
            if ((type + "." + field.getFieldName()).equals("PricePositionConnection.summary")) {
                return PRICE_POSITION_SUMMARY;
            }
        }
        return 1;
    }

    /** Whether the connection {@code field} is given a filter no index serves ({@link #SCANNING_FILTERS}). */
    static boolean scans(ExecutableNormalizedField field) {
        for (String type : field.getObjectTypeNames()) {
            for (String argument : SCANNING_FILTERS.getOrDefault(type + "." + field.getFieldName(), Set.of())) {
                if (field.getResolvedArguments().get(argument) instanceof String text && !text.isBlank()) {
                    return true;
                }
            }
        }
        return false;
    }
}
