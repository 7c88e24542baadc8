package dev.calibrate.command.simulation;

import dev.calibrate.command.catalog.CatalogColumns;
import dev.calibrate.command.catalog.PreviewCatalogs;
import dev.calibrate.command.pricechange.PreviewLimits;
import dev.calibrate.command.pricing.Deadline;
import dev.calibrate.command.pricing.EvaluationOverBudget;
import dev.calibrate.command.pricing.Rule;
import dev.calibrate.command.pricing.RuleParser;
import dev.calibrate.command.pricing.EvaluationResult.Status;
import dev.calibrate.command.simulation.DayReplay.Replayed;
import dev.calibrate.command.simulation.DayReplay.SimulatedItem;
import dev.calibrate.command.simulation.Simulation.State;
import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.rule.SavedRuleMessages.SavedRuleVersion;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.schemas.SchemaRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs simulations in the background, a day at a time: each day's catalog, evaluation and items are made,
 * stored and dropped before the next (never the range's days × catalog in memory). A node runs at most
 * {@code workers} at once and queues none: a start finding every worker busy is refused (429) with nothing
 * stored. A tenant runs one at a time across the cluster (the store refuses a second); each day is bounded as
 * a preview is and the whole simulation by its own budget, counted from when its job starts, past which it
 * is STOPPED keeping the days done. The job writes a heartbeat as it starts, once it has today's catalog, once
 * it has read the history ({@link CatalogHistories}) and as each day ends, each at most a day's budget apart; a RUNNING
 * simulation whose heartbeat is older than a day may take (the preview budget) plus a minute lost its node:
 * reads show it STOPPED and the tenant's next start replaces it. A node shutting down stops its simulations
 * (STOPPED "node shutting down", days done kept) before Axon stops. Nothing is resumed.
 */
@Component
public class Simulations implements SmartLifecycle {

    /** With db-scheduler's ({@code SchedulerStopsBeforeAxon}): after the web server, before Axon's configuration. */
    static final int PHASE = Integer.MAX_VALUE - 2560;
    private static final Logger log = LoggerFactory.getLogger(Simulations.class);
    private static final Duration GRACE = Duration.ofMinutes(1);
    static final String SHUTTING_DOWN = "node shutting down";

    private final SimulationStore store;
    private final DayReplay days;
    private final CatalogHistories histories;
    private final PreviewCatalogs catalogs;
    private final PreviewLimits previewLimits;
    private final SimulationLimits limits;
    private final RuleParser rules;
    private final Clock clock;
    private final ExecutorService executor;
    /** A permit per worker: a simulation starts only when one is free, so none waits in a queue. */
    private final Semaphore workers;
    private volatile boolean closing;
    private volatile boolean running;

    Simulations(SimulationStore store, DayReplay days, CatalogHistories histories, PreviewCatalogs catalogs,
                PreviewLimits previewLimits,
                SimulationLimits limits, SchemaRegistry schemas, Clock clock) {
        this.store = store;
        this.days = days;
        this.histories = histories;
        this.catalogs = catalogs;
        this.previewLimits = previewLimits;
        this.limits = limits;
        this.rules = new RuleParser(schemas);
        this.clock = clock;
        if (limits.historyReadTimeout().compareTo(previewLimits.budget().plus(GRACE)) >= 0) {
            // a longer read would outlast the heartbeat: a second start would take the simulation for lost
            throw new IllegalArgumentException("history-read-timeout must be shorter than the preview budget plus "
                    + GRACE.toSeconds() + " s, got " + limits.historyReadTimeout());
        }
        AtomicInteger threads = new AtomicInteger();
        this.workers = new Semaphore(limits.workers());
        this.executor = Executors.newFixedThreadPool(limits.workers(), task -> {
            Thread thread = new Thread(task, "rule-simulation-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    public SimulationLimits limits() {
        return limits;
    }

    /** Records a simulation of the rule version and starts it in the background, within the whole simulation's budget. */
    Simulation start(TenantId tenantId, SavedRuleVersion saved, LocalDate from, LocalDate to, ZoneId zone,
                     String requestedBy, Instant now) {
        return start(tenantId, saved, from, to, zone, requestedBy, now, limits.budget(), done -> true);
    }

    /** Asked before each day; false ends the simulation as over its budget. Tests pace a job with it. */
    @FunctionalInterface
    public interface Pacing {
        boolean mayContinue(int daysDone);
    }

    /**
     * As {@link #start(TenantId, SavedRuleVersion, LocalDate, LocalDate, ZoneId, String, Instant)}, within
     * {@code budget}, counted from when the job starts, asking {@code pacing} before each day. Refused, storing nothing, when every worker of this
     * node is busy (there is no queue: a queued simulation would spend its budget waiting behind another
     * tenant's) or when the tenant already runs one.
     */
    public Simulation start(TenantId tenantId, SavedRuleVersion saved, LocalDate from, LocalDate to, ZoneId zone,
                            String requestedBy, Instant now, Duration budget,
                            Pacing pacing) {
        Rule rule = rules.parse(saved.rule());
        Simulation simulation = new Simulation(UUID.randomUUID(), tenantId, saved.id(), saved.version(),
                rule.currency(), from, to, zone, requestedBy, now);
        if (closing || !workers.tryAcquire()) {
            throw new SimulationsBusy(previewLimits.budget());
        }
        boolean recorded = false;
        try {
            if (!store.start(simulation, histories.catalogAsOf(), now.minus(staleAfter()))) {
                throw new SimulationRunning();
            }
            recorded = true;
            executor.execute(() -> {
                try {
                    run(simulation, rule, budget, pacing);
                } finally {
                    workers.release();
                }
            });
            return simulation;
        } catch (RuntimeException refused) {
            // never leave a RUNNING row for a job that was not accepted
            if (recorded) store.forget(simulation.id());
            workers.release();
            if (refused instanceof RejectedExecutionException) throw new SimulationsBusy(previewLimits.budget());
            throw refused;
        }
    }

    private void run(Simulation simulation, Rule rule, Duration budget, Pacing pacing) {
        int done = 0;
        Deadline overall = Deadline.after(budget);
        try {
            if (closing) {
                store.finish(simulation.id(), State.STOPPED, SHUTTING_DOWN + ": 0 of " + simulation.days()
                        + " days done", clock.instant());
                return;
            }
            store.heartbeat(simulation.id(), clock.instant());
            store.prune(simulation, limits.keptPerTenant(), clock.instant().minus(limits.keptFor()));
            // each step before the first day ends within staleAfter, with a heartbeat after it
            CatalogColumns current = catalogs.snapshot(simulation.tenantId(), dayDeadline(overall));
            store.heartbeat(simulation.id(), clock.instant());
            overall.check();
            CatalogHistory history = histories.read(simulation, limits, overall);
            store.heartbeat(simulation.id(), clock.instant());
            long stored = 0;
            for (LocalDate day = simulation.from(); !day.isAfter(simulation.to()); day = day.plusDays(1)) {
                if (closing) {
                    store.finish(simulation.id(), State.STOPPED, SHUTTING_DOWN + ": " + done + " of "
                            + simulation.days() + " days done, which are kept", clock.instant());
                    return;
                }
                if (!pacing.mayContinue(done)) {
                    overBudget(simulation, done, budget);
                    return;
                }
                Instant at = simulation.evaluatedAt(day);
                Replayed replayed = days.replay(simulation.tenantId(), rule, current, history, simulation.zone(), at,
                        dayDeadline(overall));
                // the day's counts cover the unchanged and skipped items; only what would have moved is kept
                List<SimulatedItem> kept = replayed.items().stream().filter(Simulations::kept).toList();
                if (stored + kept.size() > limits.maxItems()) {
                    store.finish(simulation.id(), State.STOPPED, "at its limit of " + limits.maxItems()
                            + " stored items: " + done + " of " + simulation.days() + " days done, which are kept",
                            clock.instant());
                    return;
                }
                store.dayDone(simulation, day, at, replayed.counts(), kept, clock.instant());
                stored += kept.size();
                done++;
            }
            store.finish(simulation.id(), State.DONE, null, clock.instant());
        } catch (EvaluationOverBudget over) {
            overBudget(simulation, done, budget);
        } catch (RuntimeException failed) {
            if (closing) {
                // what a day still reading met once the node began to stop is no failure of the rule
                store.finish(simulation.id(), State.STOPPED, SHUTTING_DOWN + ": " + done + " of "
                        + simulation.days() + " days done, which are kept", clock.instant());
                return;
            }
            if (failed instanceof CatalogHistories.HistoryReadTimedOut) {
                store.finish(simulation.id(), State.STOPPED, failed.getMessage() + ": 0 of " + simulation.days()
                        + " days done", clock.instant());
                return;
            }
            boolean refused = failed instanceof CatalogHistories.TooManyChanges
                    || failed instanceof CatalogHistory.TooMuchHistory;
            if (refused) {
                log.warn("Simulation {} of tenant {} failed: {}", simulation.id(), simulation.tenantId(),
                        failed.getMessage());
            } else {
                log.error("Simulation {} of tenant {} failed after {} days", simulation.id(), simulation.tenantId(),
                        done, failed);
            }
            store.finish(simulation.id(), State.FAILED, "failed after " + done + " of " + simulation.days()
                    + " days: " + (refused ? failed.getMessage() : failed.getClass().getSimpleName()),
                    clock.instant());
        }
    }

    private void overBudget(Simulation simulation, int done, Duration budget) {
        log.warn("Simulation {} of tenant {} stopped over its budget after {} of {} days", simulation.id(),
                simulation.tenantId(), done, simulation.days());
        store.finish(simulation.id(), State.STOPPED, "over its budget (a day may take "
                + previewLimits.budget().toSeconds() + " s like a preview, the whole simulation "
                + budget.toSeconds() + " s): " + done + " of " + simulation.days()
                + " days done, which are kept", clock.instant());
    }

    private static boolean kept(SimulatedItem simulated) {
        return simulated.item().status() == Status.CHANGE || simulated.item().status() == Status.BLOCKED;
    }

    /** A day gets what a preview gets, or what is left of the whole simulation's budget when that is less. */
    private Deadline dayDeadline(Deadline overall) {
        overall.check();
        Duration left = overall.remaining();
        return Deadline.after(left.compareTo(previewLimits.budget()) < 0 ? left : previewLimits.budget());
    }

    @Override
    public void start() {
        running = true;
    }

    /** Stops the running simulations between days (STOPPED, days done kept) while Axon still answers. */
    @Override
    public void stop() {
        closing = true;
        executor.shutdown();
        try {
            if (!executor.awaitTermination(previewLimits.budget().toSeconds() + 5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException interrupted) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** Deletes every tenant's simulations past {@code kept-for} (the recurring cleanup); how many. */
    public int deleteExpired() {
        return store.deleteStartedBefore(clock.instant().minus(limits.keptFor()));
    }

    /** How long a RUNNING simulation's heartbeat may be silent before it counts as lost with its node. */
    public Duration staleAfter() {
        return previewLimits.budget().plus(GRACE);
    }

    /** The tenant already runs a simulation (on this node or another); one at a time. */
    public static final class SimulationRunning extends Rejection {
        SimulationRunning() {
            super("this tenant already runs a simulation; one runs at a time: try again once it has ended");
        }

        @Override
        public Kind kind() {
            return Kind.CONFLICT;
        }
    }
}
