package dev.calibrate.command.simulation;

import dev.calibrate.command.catalog.CatalogColumns;
import dev.calibrate.command.catalog.PreviewCatalogs;
import dev.calibrate.command.pricechange.PreviewLimits;
import dev.calibrate.command.pricing.Deadline;
import dev.calibrate.command.pricing.EvaluationOverBudget;
import dev.calibrate.command.pricing.Rule;
import dev.calibrate.command.pricing.RuleParser;
import dev.calibrate.command.simulation.DayReplay.Replayed;
import dev.calibrate.command.simulation.Simulation.State;
import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.rule.SavedRuleMessages.SavedRuleVersion;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.schemas.SchemaRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs simulations in the background, a day at a time: each day's catalog, evaluation and items are made,
 * stored and dropped before the next (never the range's days × catalog in memory). A tenant runs one at a
 * time across the cluster (the store refuses a second); each day is bounded as a preview is and the whole
 * simulation by its own budget, past which it is STOPPED keeping the days done. A node shutting down stops
 * its simulations (STOPPED, days done kept); a node that died leaves them RUNNING until they have outlived
 * the budget, when the tenant's next simulation marks them STOPPED. Nothing is resumed.
 */
@Component
public class Simulations implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Simulations.class);
    private static final Duration GRACE = Duration.ofMinutes(1);

    private final SimulationStore store;
    private final DayReplay days;
    private final PreviewCatalogs catalogs;
    private final PreviewLimits previewLimits;
    private final SimulationLimits limits;
    private final RuleParser rules;
    private final Clock clock;
    private final ThreadPoolExecutor executor;
    private volatile boolean closing;

    Simulations(SimulationStore store, DayReplay days, PreviewCatalogs catalogs, PreviewLimits previewLimits,
                SimulationLimits limits, SchemaRegistry schemas, Clock clock) {
        this.store = store;
        this.days = days;
        this.catalogs = catalogs;
        this.previewLimits = previewLimits;
        this.limits = limits;
        this.rules = new RuleParser(schemas);
        this.clock = clock;
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(limits.workers(), limits.workers(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(limits.workers() * 16), task -> {
                    Thread thread = new Thread(task, "rule-simulation-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    public SimulationLimits limits() {
        return limits;
    }

    /** Records a simulation of the rule version with the whole simulation's budget and starts it in the background. */
    Simulation start(TenantId tenantId, SavedRuleVersion saved, LocalDate from, LocalDate to, ZoneId zone,
                     String requestedBy, Instant now) {
        return start(tenantId, saved, from, to, zone, requestedBy, now, limits.budget());
    }

    /**
     * As {@link #start(TenantId, SavedRuleVersion, LocalDate, LocalDate, ZoneId, String, Instant)}, within
     * {@code budget} (counted from now, so time spent queued counts too); refuses a second running simulation
     * of the tenant.
     */
    public Simulation start(TenantId tenantId, SavedRuleVersion saved, LocalDate from, LocalDate to, ZoneId zone,
                            String requestedBy, Instant now, Duration budget) {
        Rule rule = rules.parse(saved.rule());
        Simulation simulation = new Simulation(UUID.randomUUID(), tenantId, saved.id(), saved.version(),
                rule.currency(), from, to, zone, requestedBy, now);
        // a RUNNING simulation started longer ago than any may run lost its node
        Duration longest = budget.compareTo(limits.budget()) > 0 ? budget : limits.budget();
        if (!store.start(simulation, now.minus(longest.plus(GRACE)))) {
            throw new SimulationRunning();
        }
        store.prune(simulation, limits.keptPerRule(), now.minus(limits.keptFor()));
        Deadline overall = Deadline.after(budget);
        try {
            executor.execute(() -> run(simulation, rule, overall, budget));
        } catch (RejectedExecutionException full) {
            store.finish(simulation.id(), State.STOPPED, "this node runs as many simulations as it may",
                    clock.instant());
            throw new SimulationRunning("this node already runs and queues as many simulations as it may; try again"
                    + " once some have ended");
        }
        return simulation;
    }

    private void run(Simulation simulation, Rule rule, Deadline overall, Duration budget) {
        int done = 0;
        try {
            if (closing) {
                store.finish(simulation.id(), State.STOPPED, "the node shut down before it began", clock.instant());
                return;
            }
            CatalogColumns current = catalogs.snapshot(simulation.tenantId(), dayDeadline(overall));
            for (LocalDate day = simulation.from(); !day.isAfter(simulation.to()); day = day.plusDays(1)) {
                if (closing) {
                    store.finish(simulation.id(), State.STOPPED, "the node shut down after " + done + " of "
                            + simulation.days() + " days; the days done are kept", clock.instant());
                    return;
                }
                Instant at = simulation.evaluatedAt(day);
                Replayed replayed = days.replay(simulation.tenantId(), rule, current, at, dayDeadline(overall));
                store.dayDone(simulation, day, at, replayed.counts(), replayed.items());
                done++;
            }
            store.finish(simulation.id(), State.DONE, null, clock.instant());
        } catch (EvaluationOverBudget over) {
            log.warn("Simulation {} of tenant {} stopped over its budget after {} of {} days", simulation.id(),
                    simulation.tenantId(), done, simulation.days());
            store.finish(simulation.id(), State.STOPPED, "over its budget (a day may take "
                    + previewLimits.budget().toSeconds() + " s like a preview, the whole simulation "
                    + budget.toSeconds() + " s): " + done + " of " + simulation.days()
                    + " days done, which are kept", clock.instant());
        } catch (RuntimeException failed) {
            log.error("Simulation {} of tenant {} failed after {} days", simulation.id(), simulation.tenantId(), done,
                    failed);
            store.finish(simulation.id(), State.FAILED, "failed after " + done + " of " + simulation.days()
                    + " days: " + failed.getClass().getSimpleName(), clock.instant());
        }
    }

    /** A day gets what a preview gets, or what is left of the whole simulation's budget when that is less. */
    private Deadline dayDeadline(Deadline overall) {
        overall.check();
        Duration left = overall.remaining();
        return Deadline.after(left.compareTo(previewLimits.budget()) < 0 ? left : previewLimits.budget());
    }

    @Override
    public void destroy() throws InterruptedException {
        closing = true;
        executor.shutdown();
        if (!executor.awaitTermination(previewLimits.budget().toSeconds() + 5, TimeUnit.SECONDS)) {
            executor.shutdownNow();
        }
    }

    /** The tenant already runs a simulation (on this node or another); one at a time. */
    public static final class SimulationRunning extends Rejection {
        SimulationRunning() {
            this("this tenant already runs a simulation; one runs at a time: try again once it has ended");
        }

        SimulationRunning(String message) {
            super(message);
        }

        @Override
        public Kind kind() {
            return Kind.CONFLICT;
        }
    }
}
