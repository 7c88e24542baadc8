package dev.calibrate.schemas.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RollbackTrigger;

/**
 * Revision 1 of the rollback events said what started the rollback as {@code "expiry": true|false},
 * a boolean named like a noun that every reader had to turn into an outcome; revision 2 names it,
 * {@code "trigger": "EXPIRY"|"MANUAL"} (schema 2.0.0). Both rollback events carry it, so one
 * instance upcasts each.
 */
public final class RollbackTriggerUpcaster extends RevisionUpcaster {

    public RollbackTriggerUpcaster(Class<?> rollbackEvent) {
        super(rollbackEvent, null, "2");
    }

    @Override
    protected JsonNode upcast(ObjectNode payload) {
        boolean expiry = payload.path("expiry").asBoolean(false);
        ObjectNode upcast = payload.objectNode();
        // rebuilt in the record's order, so an upcast payload reads exactly like a new one
        payload.fields().forEachRemaining(field -> {
            if ("expiry".equals(field.getKey())) {
                upcast.put("trigger", (expiry ? RollbackTrigger.EXPIRY : RollbackTrigger.MANUAL).name());
            } else {
                upcast.set(field.getKey(), field.getValue());
            }
        });
        return upcast;
    }
}
