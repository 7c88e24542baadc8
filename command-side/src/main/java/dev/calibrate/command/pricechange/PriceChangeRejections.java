package dev.calibrate.command.pricechange;

import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeState;

import java.util.Map;

/** Why the PriceChange aggregate refuses a command; the API maps each to its 4xx. */
final class PriceChangeRejections {

    private PriceChangeRejections() {
    }

    /**
     * A conflict with the change's current state or content (apply a draft, approve twice, a stale
     * preview hash); the problem body names the current {@code state}.
     */
    static class PriceChangeConflict extends Rejection {
        private final PriceChangeState state;

        PriceChangeConflict(PriceChangeState state, String message) {
            super(message);
            this.state = state;
        }

        @Override
        public Kind kind() {
            return Kind.CONFLICT;
        }

        @Override
        public Map<String, Object> problemProperties() {
            return Map.of("state", state.name());
        }
    }

    /** The command does not fit the current state at all. */
    static final class IllegalTransition extends PriceChangeConflict {
        IllegalTransition(PriceChangeId id, PriceChangeState state, String action) {
            super(state, "cannot " + action + " price change " + id + ": it is " + state);
        }
    }

    static final class SelfApprovalForbidden extends Rejection {
        SelfApprovalForbidden(PriceChangeId id) {
            super("price change " + id + " must be approved by another person than the one who drafted it, "
                    + "edited its rule or items, or saved the rule version it uses; the tenant policy does not allow "
                    + "self-approval");
        }

        @Override
        public Kind kind() {
            return Kind.FORBIDDEN;
        }
    }

    /** Of a change a saved rule's schedule drafted, whoever saved the version never approves, whatever the policy. */
    static final class ScheduledDraftApprovalForbidden extends Rejection {
        ScheduledDraftApprovalForbidden(PriceChangeId id) {
            super("price change " + id + " was drafted by the schedule of a saved rule from a version you saved: "
                    + "whoever saved it counts as its author and must leave the approval to another person, "
                    + "even where the tenant policy allows self-approval");
        }

        @Override
        public Kind kind() {
            return Kind.FORBIDDEN;
        }
    }
}
