package dev.calibrate.command.competitor;

import dev.calibrate.kernel.competitor.CompetitorId;
import dev.calibrate.kernel.competitor.CompetitorMessages.CompetitorRegistered;
import dev.calibrate.kernel.competitor.CompetitorMessages.RecordObservations;
import dev.calibrate.kernel.competitor.CompetitorMessages.RegisterCompetitor;
import dev.calibrate.kernel.competitor.CompetitorNotFound;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.regex.Pattern;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A competitor a tenant watches, identified by its web domain. Its own stream holds only its
 * registration: observations go to one {@link ObservationBatch} stream per posted batch, so loading
 * a competitor never replays its price history, however long it gets. It still handles the
 * recording, to check (against the event store, not a lagging read model) that the competitor is
 * the caller's before the batch is started in the same transaction.
 */
@Aggregate
public class Competitor {

    static final int MAX_NAME_LENGTH = 200;
    /** Host names only (no scheme, port or path); labels of letters, digits and inner hyphens. */
    private static final Pattern DOMAIN = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]");

    @AggregateIdentifier
    private CompetitorId competitorId;
    private TenantId tenantId;

    protected Competitor() {
        // for Axon
    }

    /** Created on first registration; registering the same domain again is a conflict. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RegisterCompetitor cmd) {
        if (competitorId != null) {
            if (!tenantId.equals(cmd.tenantId())) {
                // cannot happen with ids derived from the tenant; never tell one tenant about another
                throw new IllegalStateException("competitor id " + competitorId + " derived for two tenants");
            }
            throw new DuplicateCompetitor(competitorId, cmd.domain());
        }
        if (cmd.name() == null || cmd.name().isBlank()) {
            throw new InvalidInput("name", "must not be blank");
        }
        if (cmd.name().trim().length() > MAX_NAME_LENGTH) {
            throw new InvalidInput("name", "must be at most " + MAX_NAME_LENGTH + " characters");
        }
        if (cmd.domain() == null || !DOMAIN.matcher(cmd.domain()).matches()) {
            throw new InvalidInput("domain", "must be a host name such as \"shop.example.com\" "
                    + "(no scheme, port or path), got " + (cmd.domain() == null ? "nothing" : "\"" + cmd.domain() + "\""));
        }
        apply(new CompetitorRegistered(cmd.competitorId(), cmd.tenantId(), cmd.name().trim(), cmd.domain()));
    }

    @CommandHandler
    void handle(RecordObservations cmd) throws Exception {
        if (!tenantId.equals(cmd.tenantId())) {
            throw new CompetitorNotFound();
        }
        AggregateLifecycle.createNew(ObservationBatch.class, () -> new ObservationBatch(cmd));
    }

    @EventSourcingHandler
    void on(CompetitorRegistered event) {
        competitorId = event.competitorId();
        tenantId = event.tenantId();
    }
}
