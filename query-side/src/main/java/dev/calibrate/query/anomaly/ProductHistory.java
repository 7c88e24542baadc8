package dev.calibrate.query.anomaly;

import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.ProductId;

import java.time.Instant;
import java.util.List;

/**
 * What the anomaly rules need of one product's event stream, in stream order: the prices it was
 * given, its cost, and the drifts its channels showed. Nothing else of the stream matters to them.
 *
 * @param partial true when only the stream's most recent events were read (the read's bound), so an
 *                older cost or price is not known
 */
public record ProductHistory(ProductId productId, List<Fact> facts, boolean partial) {

    public ProductHistory {
        facts = List.copyOf(facts);
    }

    /** Where a fact was read: the event's id, its global position, its sequence in the stream, type and time. */
    public record EventRef(String eventId, long position, long sequence, String type, Instant at) {
    }

    public sealed interface Fact permits PriceSet, CostSet, DriftOpened, DriftClosed {
        EventRef ref();

        default Instant at() {
            return ref().at();
        }
    }

    /** The product's price in {@code price}'s currency is now {@code price} (observed, or set by a price change). */
    public record PriceSet(EventRef ref, Money price) implements Fact {
    }

    /** The product's cost is now {@code cost} (null: no cost known). */
    public record CostSet(EventRef ref, Money cost) implements Fact {
    }

    /** {@code channel} shows {@code actual} where Calibrate set {@code expected}. */
    public record DriftOpened(EventRef ref, String channel, Money expected, Money actual) implements Fact {
    }

    /** The drift at {@code channel} was accepted or repaired. */
    public record DriftClosed(EventRef ref, String channel) implements Fact {
    }
}
