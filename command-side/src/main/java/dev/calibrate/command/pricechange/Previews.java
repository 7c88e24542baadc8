package dev.calibrate.command.pricechange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.command.pricechange.PreviewCommands.RecordPreview;
import dev.calibrate.command.pricechange.PreviewCommands.StartPreview;
import dev.calibrate.command.pricing.Deadline;
import dev.calibrate.command.pricing.EvaluationOverBudget;
import dev.calibrate.kernel.error.NotFound;
import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PreviewRecorded;
import dev.calibrate.kernel.tenant.Actor;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Previews a change within its {@link PreviewLimits}: at most so many at once per tenant, each stopped
 * when its budget is spent. The rule is evaluated between two short commands, with no transaction open.
 * The count is per node: a cluster of n nodes lets a tenant run n times as many.
 */
@Component
public class Previews {

    private static final Logger log = LoggerFactory.getLogger(Previews.class);

    private final CommandGateway commands;
    private final PreviewCalculator calculator;
    private final PreviewLimits limits;
    private final Clock clock;
    private final ConcurrentMap<TenantId, Integer> running = new ConcurrentHashMap<>();

    Previews(CommandGateway commands, PreviewCalculator calculator, PreviewLimits limits, Clock clock) {
        this.commands = commands;
        this.calculator = calculator;
        this.limits = limits;
        this.clock = clock;
    }

    /** Evaluates the change's rule over the catalog now and records the result as its preview. */
    public PreviewRecorded preview(PriceChangeId id, TenantId tenantId, Actor by) {
        return preview(id, tenantId, by, false);
    }

    /**
     * As {@link #preview}, but only while the change is a DRAFT, checked by the change itself as the preview
     * starts and as it is recorded: a system retry never replaces a preview a person made meanwhile.
     */
    public PreviewRecorded previewDraft(PriceChangeId id, TenantId tenantId, Actor by) {
        return preview(id, tenantId, by, true);
    }

    private PreviewRecorded preview(PriceChangeId id, TenantId tenantId, Actor by, boolean onlyIfDraft) {
        enter(tenantId);
        try {
            Deadline deadline = Deadline.after(limits.budget());
            long started = System.nanoTime();
            JsonNode rule = commands.sendAndWait(new StartPreview(id, tenantId, by, onlyIfDraft));
            long ruled = System.nanoTime();
            PreviewCalculator.Computed computed = calculator.compute(tenantId, rule, clock.instant(), deadline);
            deadline.check();
            long computedAt = System.nanoTime();
            PreviewRecorded recorded = commands.sendAndWait(new RecordPreview(id, tenantId, by, computed, onlyIfDraft));
            log.info("Preview of price change {}: rule read in {} ms, computed in {} ms, recorded (stored and"
                            + " committed) in {} ms", id, (ruled - started) / 1_000_000, (computedAt - ruled) / 1_000_000,
                    (System.nanoTime() - computedAt) / 1_000_000);
            return recorded;
        } catch (AggregateNotFoundException e) {
            // as every other price change endpoint answers it: a random id reads like another tenant's
            throw new NotFound("price change");
        } catch (EvaluationOverBudget stopped) {
            // the caller sees a 422; the operator sees which tenant's rules are too costly
            log.warn("Preview of price change {} of tenant {} stopped: over its budget of {}", id, tenantId,
                    limits.budget());
            throw stopped;
        } finally {
            leave(tenantId);
        }
    }

    private void enter(TenantId tenantId) {
        AtomicBoolean admitted = new AtomicBoolean();
        running.compute(tenantId, (tenant, previews) -> {
            int now = previews == null ? 0 : previews;
            if (now >= limits.perTenant()) {
                return previews;
            }
            admitted.set(true);
            return now + 1;
        });
        if (!admitted.get()) {
            throw new TooManyPreviews(limits);
        }
    }

    private void leave(TenantId tenantId) {
        running.computeIfPresent(tenantId, (tenant, previews) -> previews == 1 ? null : previews - 1);
    }

    /** The tenant already runs as many previews as it may; by the budget's end one of them has ended. */
    public static final class TooManyPreviews extends Rejection {
        private final Duration retryAfter;

        TooManyPreviews(PreviewLimits limits) {
            super("this tenant already runs " + limits.perTenant() + " previews at once, as many as it may;"
                    + " try again when one has finished");
            this.retryAfter = limits.budget();
        }

        @Override
        public Kind kind() {
            return Kind.TOO_MANY_REQUESTS;
        }

        @Override
        public Optional<Duration> retryAfter() {
            return Optional.of(retryAfter);
        }
    }
}
