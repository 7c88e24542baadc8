package dev.calibrate.app.console.dashboard;

import dev.calibrate.app.console.catalog.Display;
import dev.calibrate.app.console.dashboard.DashboardView.AppliedChange;
import dev.calibrate.app.console.dashboard.DashboardView.Block;
import dev.calibrate.app.console.dashboard.DashboardView.ChannelSync;
import dev.calibrate.app.console.dashboard.DashboardView.RunningChange;
import dev.calibrate.app.console.dashboard.DashboardView.WaitingChange;
import dev.calibrate.app.users.ActorNames;
import dev.calibrate.app.users.UserDirectory;
import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.tenant.Actor;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.query.pricechange.PriceChangeItemReadController;
import dev.calibrate.query.pricechange.PriceChangeReadApi.PriceChangeDetail;
import dev.calibrate.query.pricechange.PriceChangeReadApi.PriceChangeFirstApproval;
import dev.calibrate.query.pricechange.PriceChangeReadApi.PriceChangeOverview;
import dev.calibrate.query.pricechange.PriceChangeReadApi.PriceChangeOverviewPage;
import dev.calibrate.query.pricechange.PriceChangeReadController;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Reads the dashboard through the API's own read controllers, each block only when the caller holds
 * a scope the API asks for it: price changes (prices:* or audit:read; approvals only for approvers),
 * connector health and drifts ({@link ChannelHealthReads}).
 */
@Component
class DashboardReads {

    /** How many rows a block shows; its link leads to the whole list. */
    static final int SHOWN = 5;
    /** How many submitted changes are read to find those someone else wrote. */
    static final int SUBMITTED_READ = 100;

    private final PriceChangeReadController changes;
    private final PriceChangeItemReadController items;
    private final ChannelHealthReads channels;
    private final UserDirectory directory;

    DashboardReads(PriceChangeReadController changes, PriceChangeItemReadController items,
                   ChannelHealthReads channels, UserDirectory directory) {
        this.changes = changes;
        this.items = items;
        this.channels = channels;
        this.directory = directory;
    }

    DashboardView read(Caller caller) {
        boolean readsChanges = caller.has(Scope.PRICES_WRITE) || caller.has(Scope.PRICES_APPROVE)
                || caller.has(Scope.PRICES_APPLY) || caller.has(Scope.AUDIT_READ);
        String changePermission = "prices:write, prices:approve, prices:apply or audit:read";
        return new DashboardView(
                caller.has(Scope.PRICES_APPROVE) ? approvals(caller) : Block.refused("prices:approve"),
                readsChanges ? running(caller) : Block.refused(changePermission),
                readsChanges ? applied(caller) : Block.refused(changePermission),
                channels.connectors(caller), channels.drifts(caller));
    }

    /**
     * Submitted changes written (drafted or last edited) by someone else than the caller, and not waiting
     * for a second approval after the caller's first: four eyes means these are the ones they may approve. "Someone else" is another person, as the command side decides it
     * ({@link dev.calibrate.kernel.tenant.Actor#samePersonAs}): a change written with Alice's token is hers
     * when she signs in with her password too, so the author's person is read with the authors' names.
     */
    private Block<WaitingChange> approvals(Caller caller) {
        PriceChangeOverviewPage submitted = changes.list("SUBMITTED", 0, SUBMITTED_READ, null, caller);
        ActorNames names = directory.names(caller.tenantId(), submitted.items().stream()
                .flatMap(change -> Stream.of(change.author(), change.lastEditor())).filter(Objects::nonNull).toList());
        List<WaitingChange> waiting = submitted.items().stream()
                .filter(change -> !names.of(change.author()).actor().samePersonAs(caller.actor()))
                .filter(change -> change.lastEditor() == null
                        || !names.of(change.lastEditor()).actor().samePersonAs(caller.actor()))
                .filter(change -> !gaveTheFirstApproval(change, caller))
                .map(change -> new WaitingChange(change.id(), change.name(), names.of(change.author()),
                        Display.at(change.submittedAt()), change.preview() == null ? null : change.preview().change(),
                        change.preview() == null ? null : change.preview().medianDeltaPercent()))
                .toList();
        long others = waiting.size() + Math.max(0, submitted.total() - submitted.items().size());
        return Block.of(waiting.stream().limit(SHOWN).toList(), others);
    }

    /** Over a threshold, the first of two approvals waits for another person: not for the one who gave it. */
    private static boolean gaveTheFirstApproval(PriceChangeOverview change, Caller caller) {
        PriceChangeFirstApproval first = change.approvalNeed() == null ? null : change.approvalNeed().firstApproval();
        return first != null && new Actor(first.by(), first.subject()).samePersonAs(caller.actor());
    }

    private Block<RunningChange> running(Caller caller) {
        List<RunningChange> rows = new ArrayList<>();
        long total = 0;
        for (String state : List.of("APPLYING", "ROLLING_BACK", "SCHEDULED")) {
            PriceChangeOverviewPage page = changes.list(state, 0, SHOWN, null, caller);
            total += page.total();
            for (PriceChangeOverview change : page.items()) {
                if (rows.size() < SHOWN) {
                    rows.add(progress(caller, change));
                }
            }
        }
        return Block.of(rows, total);
    }

    /**
     * How far a run got, from the items' outcomes: applying, the items no longer pending; rolling back,
     * the applied items already restored (or found changed since).
     */
    private RunningChange progress(Caller caller, PriceChangeOverview change) {
        String id = change.id().toString();
        if (change.state().name().equals("SCHEDULED")) {
            return new RunningChange(change.id(), change.name(), "Scheduled", null, 0, 0,
                    "starts " + Display.at(change.scheduleAt()));
        }
        try {
            long done;
            long total;
            if (change.state().name().equals("APPLYING")) {
                total = items.itemPage(id, caller, null, null, false, 0, 1).total();
                done = total - count(caller, id, "PENDING");
            } else {
                done = count(caller, id, "ROLLED_BACK") + count(caller, id, "ROLLBACK_CONFLICT");
                total = done + count(caller, id, "APPLIED");
            }
            int percent = total == 0 ? 100 : (int) Math.min(100, done * 100 / total);
            return new RunningChange(change.id(), change.name(),
                    change.state().name().equals("APPLYING") ? "Applying" : "Rolling back", percent, done, total,
                    "started " + Display.at(change.state().name().equals("APPLYING") ? change.applyStartedAt()
                            : change.rollbackStartedAt()));
        } catch (Rejection gone) {
            return new RunningChange(change.id(), change.name(), change.state().name(), null, 0, 0, "");
        }
    }

    private long count(Caller caller, String id, String outcome) {
        return items.itemPage(id, caller, outcome, null, false, 0, 1).total();
    }

    private Block<AppliedChange> applied(Caller caller) {
        PriceChangeOverviewPage page = changes.list("APPLIED", 0, SHOWN, null, caller);
        List<AppliedChange> rows = new ArrayList<>();
        for (PriceChangeOverview change : page.items()) {
            List<ChannelSync> sync = new ArrayList<>();
            try {
                PriceChangeDetail detail = changes.get(change.id(), null, caller);
                detail.channelSync().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
                        sync.add(new ChannelSync(e.getKey(), e.getValue().synced(), e.getValue().pending(),
                                e.getValue().failed(), e.getValue().superseded(),
                                e.getValue().failed() > 0 ? "bad" : e.getValue().pending() > 0 ? "warn" : "ok")));
            } catch (Rejection gone) {
                // listed a moment ago; its sync state simply is not shown
            }
            rows.add(new AppliedChange(change.id(), change.name(), Display.at(change.appliedAt()), change.applied(),
                    change.conflicts(), sync));
        }
        return Block.of(rows, page.total());
    }
}
