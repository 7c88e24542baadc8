package dev.calibrate.app.console.dashboard;

import dev.calibrate.app.users.ActorNames.ActorName;

import java.util.List;
import java.util.UUID;

/**
 * The dashboard's blocks. Each says whether the caller may read it (and else which permission would
 * show it), its rows and how many there are in all; the template gives each an empty state.
 */
public record DashboardView(Block<WaitingChange> approvals, Block<RunningChange> running,
                            Block<AppliedChange> applied, Block<ConnectorHealth> connectors, Block<Drift> drifts) {

    public record Block<T>(boolean allowed, String permission, List<T> rows, long total) {

        static <T> Block<T> refused(String permission) {
            return new Block<>(false, permission, List.of(), 0);
        }

        static <T> Block<T> of(List<T> rows, long total) {
            return new Block<>(true, null, rows, total);
        }

        public boolean more() {
            return total > rows.size();
        }
    }

    /** A change submitted by someone else, waiting for the caller's approval. */
    public record WaitingChange(UUID id, String name, ActorName author, String submittedAt, Integer changes,
                                String medianDeltaPercent) {
    }

    /** A change applying or rolling back (with how far it got), or scheduled (with when). */
    public record RunningChange(UUID id, String name, String state, Integer percent, long done, long total,
                                String when) {
    }

    /** A recently applied change and, per channel, how far its prices got. */
    public record AppliedChange(UUID id, String name, String appliedAt, Integer applied, Integer conflicts,
                                List<ChannelSync> channels) {
    }

    public record ChannelSync(String channel, long synced, long pending, long failed, long superseded,
                              String badge) {
    }

    /** A connector's connection and health as its status endpoint reports them. */
    public record ConnectorHealth(String name, boolean connected, String state, String badge, String detail) {
    }

    /** A product whose price at a channel is not the one Calibrate set. */
    public record Drift(UUID productId, String channel, String sku, String currency, String expected, String actual,
                        String detectedAt) {
    }
}
