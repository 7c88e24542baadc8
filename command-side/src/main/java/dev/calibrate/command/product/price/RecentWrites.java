package dev.calibrate.command.product.price;

import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.product.ProductMessages.PriceWriteOutcome;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcomes of the last price writes on a product, so a write sent again (a run resumed on another
 * node while the first still ran) answers its first outcome and changes nothing. Bounded: a run's
 * duplicate comes within moments, not after this many later writes; what a run did for good is in its
 * run record, which never sends an item twice.
 */
final class RecentWrites {

    static final int KEPT = 64;

    private record Write(PriceChangeId change, RunKind kind, String currency) {
    }

    /** One remembered write and its outcome, as a product's snapshot keeps it. */
    public record Entry(PriceChangeId change, RunKind kind, String currency, PriceWriteOutcome outcome) {
    }

    private final Map<Write, PriceWriteOutcome> outcomes = new LinkedHashMap<>();

    Optional<PriceWriteOutcome> earlier(PriceChangeId change, RunKind kind, String currency) {
        return Optional.ofNullable(outcomes.get(new Write(change, kind, currency)));
    }

    void remember(PriceChangeId change, RunKind kind, String currency, PriceWriteOutcome outcome) {
        Write write = new Write(change, kind, currency);
        outcomes.remove(write);
        outcomes.put(write, outcome);
        Iterator<Write> oldest = outcomes.keySet().iterator();
        while (outcomes.size() > KEPT) {
            oldest.next();
            oldest.remove();
        }
    }

    /** The remembered writes, oldest first. */
    List<Entry> entries() {
        return outcomes.entrySet().stream().map(e -> new Entry(e.getKey().change(), e.getKey().kind(),
                e.getKey().currency(), e.getValue())).toList();
    }

    /** Remembers exactly {@code entries}, oldest first, and nothing before them. */
    void restore(List<Entry> entries) {
        outcomes.clear();
        entries.forEach(entry -> remember(entry.change(), entry.kind(), entry.currency(), entry.outcome()));
    }
}
