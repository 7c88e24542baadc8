package dev.calibrate.command.pricing;

import java.util.List;
import java.util.Objects;

/**
 * A validated price change rule: which products ({@link Selector}), what happens to their price in
 * {@code currency} (the {@link Step}s, in order) and what happens to their compare-at price.
 */
public record Rule(Selector selector, List<Step> transform, String currency, CompareAt compareAt) {

    public Rule {
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(compareAt, "compareAt");
        transform = List.copyOf(transform);
        if (transform.isEmpty()) {
            throw new IllegalArgumentException("a rule has at least one transform step");
        }
    }

    public enum CompareAt {
        /** On a decrease the old price becomes the compare-at ("was 40.00"); otherwise it is kept. */
        SET_TO_CURRENT,
        KEEP,
        CLEAR
    }
}
