package dev.calibrate.command.simulation;

import dev.calibrate.command.pricing.Deadline;
import dev.calibrate.command.pricing.EvaluationOverBudget;
import dev.calibrate.command.product.price.ProductEventStreams;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.ProductCreated;
import dev.calibrate.kernel.tenant.TenantMessages.TenantPolicyChanged;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Reads, once per simulation, what it takes as of each day besides prices ({@link CatalogHistory}): the
 * tenant's policy from its own event stream (few events), and the streams of only the products whose
 * details, active flag or brand floors changed after the first day ended ({@link ProductChanges}), at most
 * {@code max-changed-products} of them, and of their events only the ones it folds (creation, details, active
 * flag, brand floors: never their prices), under its own statement timeout; the rest are as they are now.
 * Past that many it refuses ({@link TooManyChanges}, the simulation FAILS saying so) rather than replay them
 * or quietly take today's values.
 */
@Component
class CatalogHistories {

    private final ProductChanges changes;
    private final ProductEventStreams streams;
    private final EventStore events;
    private final TransactionTemplate transactions;

    CatalogHistories(ProductChanges changes, ProductEventStreams streams, @Lazy EventStore events,
                     PlatformTransactionManager transactions) {
        this.changes = changes;
        this.streams = streams;
        this.events = events;
        this.transactions = new TransactionTemplate(transactions);
        this.transactions.setReadOnly(true);
    }

    /** The events a changed product's stream is read for; its prices come from the price history instead. */
    private static final Set<Class<?>> FOLDED = folded();

    /**
     * What of the catalog a simulation takes as of each day, known before it runs: {@code each-day} where the
     * products changed since can be found ({@link ProductChanges#searchable()}), else {@code prices-only}.
     */
    String catalogAsOf() {
        return changes.searchable() ? "each-day" : "prices-only";
    }

    /**
     * Throws {@link TooManyChanges} past {@code max-changed-products}, {@link CatalogHistory.TooMuchHistory}
     * past {@code max-history-entries}, {@link HistoryReadTimedOut} when reading the streams takes longer than
     * {@code history-read-timeout}, and {@link dev.calibrate.command.pricing.EvaluationOverBudget} once
     * {@code deadline} has passed.
     */
    CatalogHistory read(Simulation simulation, SimulationLimits limits, Deadline deadline) {
        Instant firstDayEnd = simulation.evaluatedAt(simulation.from());
        int limit = limits.maxChangedProducts();
        Duration left = deadline.remaining();
        // its own timeout, unless what is left of the whole simulation's budget is shorter
        boolean own = left == null || limits.historyReadTimeout().compareTo(left) < 0;
        Deadline reading = own ? Deadline.after(limits.historyReadTimeout()) : deadline;
        Optional<Set<ProductId>> changed;
        try {
            changed = changes.changedAfter(simulation.tenantId(), firstDayEnd, limit, reading.remaining());
        } catch (RuntimeException failed) {
            throw timedOut(failed, deadline, own, limits, 0);
        }
        if (changed.isPresent() && changed.get().size() > limit) {
            throw new TooManyChanges(limit);
        }
        CatalogHistory history = new CatalogHistory(simulation, limits.maxHistoryEntries());
        DomainEventStream tenant = events.readEvents(simulation.tenantId().toString());
        while (tenant.hasNext()) {
            DomainEventMessage<?> event = tenant.next();
            if (event.getPayload() instanceof TenantPolicyChanged policy) {
                history.policyChanged(event.getTimestamp(), policy.policy());
            }
        }
        Set<ProductId> products = changed.orElse(Set.of());
        int[] read = {0};
        try {
            reading.check();
            // in a read-only transaction, where the event table's reader streams the rows instead of loading them all
            transactions.executeWithoutResult(status -> streams.forEach(products, FOLDED, reading.remaining(), event -> {
                if (++read[0] % 1_000 == 0) reading.check();
                history.productEvent(new ProductId(UUID.fromString(event.getAggregateIdentifier())),
                        event.getTimestamp(), event.getPayload());
            }));
        } catch (RuntimeException failed) {
            throw timedOut(failed, deadline, own, limits, products.size());
        }
        return history;
    }

    /**
     * What a read that failed or was cancelled ends the simulation with: over the whole budget (STOPPED), past the
     * history read's own timeout (STOPPED, naming it), or the failure itself.
     */
    private static RuntimeException timedOut(RuntimeException failed, Deadline deadline, boolean own,
                                             SimulationLimits limits, int products) {
        deadline.check();
        if (own && (failed instanceof EvaluationOverBudget || cancelled(failed))) {
            return new HistoryReadTimedOut(products, limits.historyReadTimeout());
        }
        return failed;
    }

    private static Set<Class<?>> folded() {
        Set<Class<?>> folded = new HashSet<>(ProductChanges.REPLAYED);
        folded.add(ProductCreated.class);
        return Set.copyOf(folded);
    }

    /** PostgreSQL cancelled the statement at its {@code statement_timeout}. */
    private static boolean cancelled(Throwable failed) {
        for (Throwable cause = failed; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && QUERY_CANCELED.equals(sql.getSQLState())) return true;
        }
        return false;
    }

    private static final String QUERY_CANCELED = "57014";

    /**
     * More products changed after the first day than a simulation replays; it fails rather than guess. The
     * count runs from the first day's end until now, so a later first day helps and an earlier last one does not.
     */
    static final class TooManyChanges extends RuntimeException {
        TooManyChanges(int limit) {
            super("more than " + limit + " products had their details, active flag or brand floors changed between"
                    + " the first day's end and now, more than a simulation replays"
                    + " (calibrate.pricing.simulation.max-changed-products); simulate from a later day");
        }
    }

    /** Reading the changed products' streams took longer than its own timeout: STOPPED, not a failure of the rule. */
    static final class HistoryReadTimedOut extends RuntimeException {
        HistoryReadTimedOut(int products, Duration timeout) {
            super("reading the history of the " + products + " products changed since the first day took longer than "
                    + timeout.toMillis() + " ms (calibrate.pricing.simulation.history-read-timeout)");
        }
    }
}
