package dev.calibrate.schemas.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * Turns a stored event of one revision into the next: the payload as JSON (what the Jackson event
 * serializer stores) of {@link #from()} into that of {@link #to()}. Names both ends, so
 * {@code SchemaEvolutionTest} can tell that a major schema version has its upcaster.
 */
public abstract class RevisionUpcaster extends SingleEventUpcaster {

    private final SerializedType from;
    private final SerializedType to;

    /** {@code fromRevision} null is an event stored before its class had a {@code @Revision}. */
    protected RevisionUpcaster(Class<?> eventClass, String fromRevision, String toRevision) {
        this.from = new SimpleSerializedType(eventClass.getName(), fromRevision);
        this.to = new SimpleSerializedType(eventClass.getName(), toRevision);
    }

    public SerializedType from() {
        return from;
    }

    public SerializedType to() {
        return to;
    }

    /** The payload in the new shape; {@code payload} is a copy this upcaster may change. */
    protected abstract JsonNode upcast(ObjectNode payload);

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return from.equals(representation.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(to, JsonNode.class, payload -> upcast(((ObjectNode) payload).deepCopy()));
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + from.getName() + " " + from.getRevision() + " -> "
                + to.getRevision() + ")";
    }
}
