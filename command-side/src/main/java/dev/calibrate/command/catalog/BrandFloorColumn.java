package dev.calibrate.command.catalog;

import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.BrandFloors;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/**
 * A {@link TenantCatalog}'s brand floors: per row, the floors by currency. Few products have any, so a
 * map of those that do rather than a column of every row; kept apart from the prices, with the bytes it
 * takes. Guarded by the catalog's lock.
 */
final class BrandFloorColumn {

    /** Bytes of a row's entry: the map node, the boxed row and the row's own map. */
    private static final long FLOORED_ROW_BYTES = 96;
    /**
     * Bytes of one currency's floors: the map entry, a {@link BrandFloors} with up to three amounts (each a
     * {@link Money} and its {@link BigDecimal}) and a PMAP's two instants.
     */
    private static final long FLOORS_BYTES = 240;

    private final Map<Integer, Map<String, BrandFloors>> floors = new HashMap<>();
    /** How many (row, currency) floors are held, for the estimate. */
    private long held;

    /** A new row's floors as the read model holds them (a rebuild). */
    void put(int row, Map<String, BrandFloors> byCurrency) {
        if (!byCurrency.isEmpty()) {
            floors.put(row, byCurrency);
            held += byCurrency.size();
        }
    }

    /** The floors of {@code row} in {@code currency}; null clears them. */
    void set(int row, String currency, BrandFloors currencyFloors) {
        Map<String, BrandFloors> byCurrency = new HashMap<>(floors.getOrDefault(row, Map.of()));
        held -= byCurrency.size();
        if (currencyFloors == null) byCurrency.remove(currency);
        else byCurrency.put(currency, currencyFloors);
        held += byCurrency.size();
        if (byCurrency.isEmpty()) floors.remove(row);
        else floors.put(row, Map.copyOf(byCurrency));
    }

    /** The floors as they are now, for a snapshot: each row's map is immutable. */
    Map<Integer, Map<String, BrandFloors>> snapshot() {
        return Map.copyOf(floors);
    }

    long estimatedBytes() {
        return floors.size() * FLOORED_ROW_BYTES + held * FLOORS_BYTES;
    }
}
