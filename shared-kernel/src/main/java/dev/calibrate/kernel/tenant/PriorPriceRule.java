package dev.calibrate.kernel.tenant;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * The EU prior-price rule (Art. 6a of Directive 98/6/EC as amended by 2019/2161): an announced
 * reduction shows the lowest price of the {@code windowDays} before it as its compare-at, and any
 * percentage is computed from that prior price.
 *
 * @param currencies  the currencies it holds for; empty: all
 * @param progressive a cut made while an earlier announced reduction is still live keeps that
 *                    campaign's prior price
 */
public record PriorPriceRule(boolean enabled, int windowDays, Set<String> currencies, boolean progressive) {

    public static final int DEFAULT_WINDOW_DAYS = 30;
    public static final int MAX_WINDOW_DAYS = 365;

    /** What a policy without the rule (every policy recorded before it existed) reads as. */
    public static final PriorPriceRule DISABLED = new PriorPriceRule(false, DEFAULT_WINDOW_DAYS, Set.of(), true);

    /** Currencies sorted, so that the event and the API list them alike. */
    public PriorPriceRule {
        currencies = Collections.unmodifiableSortedSet(currencies == null ? new TreeSet<>() : new TreeSet<>(currencies));
    }

    /** Whether the rule holds for prices in {@code currency}. */
    public boolean covers(String currency) {
        return enabled && (currencies.isEmpty() || currencies.contains(currency));
    }
}
