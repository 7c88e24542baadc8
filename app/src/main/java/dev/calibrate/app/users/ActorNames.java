package dev.calibrate.app.users;

import dev.calibrate.kernel.tenant.Actor;

import java.util.Map;

/**
 * Who the actor ids on a page are, read once for the whole page ({@link UserDirectory#names}): a person
 * by name (their email as the title), a token by its name, the platform admin as such. An id the
 * directory does not know (a token of another tenant, say) is shown as it is.
 */
public record ActorNames(Map<String, ActorName> known) {

    /** How one actor is shown: {@code label} as text, {@code title} on hover; {@code person} is whom four eyes compares. */
    public record ActorName(String id, String label, String title, String person) {

        /** The actor as the command side saw it: the id with the person it acts for, when known. */
        public Actor actor() {
            return new Actor(id, person);
        }
    }

    public static final String USER_PREFIX = "user:";

    public ActorNames {
        known = Map.copyOf(known);
    }

    /** Null for no actor (a change nobody approved yet). */
    public ActorName of(String actorId) {
        if (actorId == null) {
            return null;
        }
        ActorName found = known.get(actorId);
        if (found != null) {
            return found;
        }
        if (actorId.equals(Actor.PLATFORM_ADMIN.id())) {
            return new ActorName(actorId, "platform admin", "the platform administrator", null);
        }
        if (actorId.equals(Actor.SYSTEM.id())) {
            return new ActorName(actorId, "Calibrate", "Calibrate itself (a scheduled or background step)", null);
        }
        return new ActorName(actorId, actorId, actorId, null);
    }
}
