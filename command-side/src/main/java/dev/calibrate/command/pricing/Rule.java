package dev.calibrate.command.pricing;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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

    /** How fresh a competitor price must be for the {@code competitorPrice} selector field when no step says. */
    public static final Duration DEFAULT_COMPETITOR_MAX_AGE = Duration.ofHours(24);

    /**
     * How far back the competitor observations this rule can use reach: the longest window of its
     * {@code match_competitor} steps, or the selector's default when only the selector looks at
     * competitor prices; empty when the rule never does, so a caller need not load any.
     */
    public Optional<Duration> competitorWindow() {
        Optional<Duration> steps = transform.stream()
                .flatMap(step -> step.competitorWindow().stream())
                .max(Comparator.naturalOrder());
        if (steps.isPresent()) {
            return steps;
        }
        return usesCompetitorPrice(selector) ? Optional.of(DEFAULT_COMPETITOR_MAX_AGE) : Optional.empty();
    }

    /** The first step's window that reads competitor prices, so the selector and the step agree on "fresh". */
    public Duration competitorMaxAge() {
        return transform.stream()
                .flatMap(step -> step.competitorWindow().stream())
                .findFirst().orElse(DEFAULT_COMPETITOR_MAX_AGE);
    }

    private static boolean usesCompetitorPrice(Selector selector) {
        return selector.accept(new Selector.Cases<>() {
            @Override
            public Boolean all(Selector.All all) {
                return all.of().stream().anyMatch(Rule::usesCompetitorPrice);
            }

            @Override
            public Boolean any(Selector.Any any) {
                return any.of().stream().anyMatch(Rule::usesCompetitorPrice);
            }

            @Override
            public Boolean not(Selector.Not not) {
                return usesCompetitorPrice(not.selector());
            }

            @Override
            public Boolean everything(Selector.Everything everything) {
                return false;
            }

            @Override
            public Boolean condition(Selector.Condition condition) {
                return condition.field() == Selector.Field.COMPETITOR_PRICE;
            }
        });
    }

    public enum CompareAt {
        /** On a decrease the old price becomes the compare-at ("was 40.00"); otherwise it is kept. */
        SET_TO_CURRENT,
        KEEP,
        CLEAR
    }
}
