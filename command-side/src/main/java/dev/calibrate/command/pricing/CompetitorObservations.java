package dev.calibrate.command.pricing;

import dev.calibrate.kernel.competitor.CompetitorMessages.CompetitorPrice;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.ProductId;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Competitor prices seen per product (only prices that compete: out-of-stock ones are never loaded). */
public record CompetitorObservations(Map<ProductId, List<Observation>> byProduct) {

    /** {@code competitor} names it as the explain trace shows it, e.g. "Bolt Outlet (bolt.example)". */
    public record Observation(String competitor, Money price, Instant observedAt) {
        public Observation {
            Objects.requireNonNull(competitor, "competitor");
            Objects.requireNonNull(price, "price");
            Objects.requireNonNull(observedAt, "observedAt");
        }

        @Override
        public String toString() {
            return competitor + " " + price + " observed " + observedAt;
        }
    }

    public CompetitorObservations {
        Map<ProductId, List<Observation>> copy = new HashMap<>();
        byProduct.forEach((id, list) -> copy.put(id, List.copyOf(list)));
        byProduct = Map.copyOf(copy);
    }

    public static CompetitorObservations none() {
        return new CompetitorObservations(Map.of());
    }

    /** The competing prices a {@code FindCompetitorPrices} answered, by product. */
    public static CompetitorObservations of(List<CompetitorPrice> seen) {
        Map<ProductId, List<Observation>> byProduct = new HashMap<>();
        seen.forEach(price -> byProduct.computeIfAbsent(price.productId(), id -> new ArrayList<>())
                .add(new Observation(price.competitor(), price.price(), price.observedAt())));
        return new CompetitorObservations(byProduct);
    }

    /**
     * The latest observation per competitor in {@code currency}, observed no earlier than
     * {@code maxAge} before {@code now} and not after {@code now}; sorted by competitor. One
     * competitor seen five times counts once.
     */
    public List<Observation> fresh(ProductId productId, String currency, Duration maxAge, Instant now) {
        Instant oldest = now.minus(maxAge);
        Map<String, Observation> latest = new HashMap<>();
        for (Observation o : byProduct.getOrDefault(productId, List.of())) {
            if (!o.price().currency().equals(currency) || o.observedAt().isBefore(oldest) || o.observedAt().isAfter(now)) {
                continue;
            }
            latest.merge(o.competitor(), o, (a, b) -> later(a, b));
        }
        List<Observation> result = new ArrayList<>(latest.values());
        result.sort(Comparator.comparing(Observation::competitor));
        return result;
    }

    /** Ties on time break on the lower price, so the choice never depends on input order. */
    private static Observation later(Observation a, Observation b) {
        int c = a.observedAt().compareTo(b.observedAt());
        if (c != 0) return c > 0 ? a : b;
        return a.price().compareTo(b.price()) <= 0 ? a : b;
    }
}
